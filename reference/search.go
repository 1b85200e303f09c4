package reference

import (
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/statuskit/statuskit/status"
)

// MaxQueryLength caps a search in bytes. Filtering costs each word times
// each code's words, so an unbounded query would let one request burn
// CPU; no person types more than this.
const MaxQueryLength = 200

// Query is what a person typed in the search box, parsed once. The page's
// script (assets/app.js) implements the same rules over the same tokens,
// so the list a browser filters as you type and the list the server
// renders for /?q= are the same list.
type Query struct {
	text    string
	words   []string
	classes []status.Class
}

// ParseQuery reads a search: words that must each start a word of a code's
// number, phrase, aliases, summary, description, header names, advice,
// standing or origin, and class words ("4xx") that keep only those
// classes.
func ParseQuery(text string) Query {
	q := Query{text: strings.TrimSpace(text)}
	for _, w := range status.Words(q.text) {
		if c, ok := classWord(w); ok {
			if !slices.Contains(q.classes, c) {
				q.classes = append(q.classes, c)
			}
			continue
		}
		q.words = append(q.words, w)
	}
	return q
}

// String is the query as typed, trimmed.
func (q Query) String() string { return q.text }

// Empty reports whether the query filters nothing.
func (q Query) Empty() bool { return len(q.words) == 0 && len(q.classes) == 0 }

// Match reports whether the code satisfies every part of the query.
func (q Query) Match(c status.Code) bool {
	if len(q.classes) > 0 && !slices.Contains(q.classes, c.Class()) {
		return false
	}
	toks := searchTokens(c)
	for _, w := range q.words {
		if !hasPrefix(toks, w) {
			return false
		}
	}
	return true
}

// Filter returns the codes the query matches, in their order.
func (q Query) Filter(codes []status.Code) []status.Code {
	if q.Empty() {
		return codes
	}
	var out []status.Code
	for _, c := range codes {
		if q.Match(c) {
			out = append(out, c)
		}
	}
	return out
}

// Best is the code Enter opens: one whose number, phrase or alias is
// exactly the query, else the first (in numeric order) whose number and
// phrase alone match every word, else the only match. ok is false when
// no code stands out.
func (q Query) Best(matches []status.Code) (status.Code, bool) {
	if len(q.words) == 0 || len(matches) == 0 {
		return status.Code{}, false
	}
	whole := status.Squash(strings.Join(q.words, " "))
	for _, c := range matches {
		for _, name := range names(c) {
			if status.Squash(name) == whole {
				return c, true
			}
		}
	}
	for _, c := range matches {
		toks := status.Words(strconv.Itoa(c.Number) + " " + c.Phrase)
		if allPrefix(toks, q.words) {
			return c, true
		}
	}
	if len(matches) == 1 {
		return matches[0], true
	}
	return status.Code{}, false
}

// names are the strings an exact query picks a code by.
func names(c status.Code) []string {
	return append([]string{strconv.Itoa(c.Number), c.Phrase, c.IANAName}, c.AlsoKnownAs...)
}

func allPrefix(toks, words []string) bool {
	for _, w := range words {
		if !hasPrefix(toks, w) {
			return false
		}
	}
	return true
}

func hasPrefix(toks []string, w string) bool {
	for _, t := range toks {
		if strings.HasPrefix(t, w) {
			return true
		}
	}
	return false
}

// classWord reads "4xx" as a class.
func classWord(w string) (status.Class, bool) {
	if len(w) == 3 && w[0] >= '1' && w[0] <= '5' && w[1:] == "xx" {
		return status.Class(w[0] - '0'), true
	}
	return 0, false
}

// searchIndex holds each known code's search words, deduplicated, in the
// order they first appear; the page carries them in data-s attributes.
var searchIndex = sync.OnceValue(func() map[int][]string {
	ix := make(map[int][]string)
	for _, c := range status.All() {
		ix[c.Number] = buildTokens(c)
	}
	return ix
})

func searchTokens(c status.Code) []string {
	if t, ok := searchIndex()[c.Number]; ok && c.Standing != status.Unassigned {
		return t
	}
	return buildTokens(c)
}

func buildTokens(c status.Code) []string {
	parts := []string{strconv.Itoa(c.Number), c.Phrase, c.IANAName, c.Summary, c.Description,
		c.Advice.Text, string(c.Standing), c.Origin}
	parts = append(parts, c.AlsoKnownAs...)
	for _, h := range c.Headers {
		parts = append(parts, h.Name)
	}
	words := status.Words(strings.Join(parts, " "))
	// Names squashed into one word find a code by its slug or camel-case
	// form, as status.Find does: "NotFound", "not-found".
	for _, n := range names(c) {
		if s := status.Squash(n); s != "" {
			words = append(words, s)
		}
	}
	seen := make(map[string]bool)
	var out []string
	for _, t := range words {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
