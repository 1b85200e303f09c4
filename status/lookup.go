package status

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// index is built once from the table, so every lookup is an array read or a
// map read and the table stays the only place the data is written.
var index = buildIndex()

type registryIndex struct {
	byNumber [600]*Code
	byName   map[string]int // squashed phrase, slug or alias -> number
}

func buildIndex() *registryIndex {
	ix := &registryIndex{byName: make(map[string]int)}
	for i := range registry {
		c := &registry[i]
		ix.byNumber[c.Number] = c
		for _, name := range append([]string{c.Phrase, c.IANAName}, c.AlsoKnownAs...) {
			key := Squash(name)
			if key == "" {
				continue
			}
			// An official phrase wins over an alias or an unofficial code's
			// phrase, which is why the first writer keeps the key only if it
			// is the code's own phrase.
			if _, taken := ix.byName[key]; !taken || name == c.Phrase && c.Registered() {
				ix.byName[key] = c.Number
			}
		}
	}
	return ix
}

// Squash reduces a phrase to lower-case letters and digits only, so
// "Not Found", "NotFound", "not-found" and "not_found" are one key. It is
// how Find compares names, exported so other lookups compare the same way.
func Squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// All returns every code the registry knows, registered and unofficial, in
// numeric order. The slice is a copy; changing it does not change the
// registry.
func All() []Code { return slices.Clone(registry) }

// Lookup returns the code with the given number.
//
// A number in 100-599 that the registry does not assign is reported with
// Standing Unassigned and the meaning of its class's x00, because RFC 9110,
// 15 tells a client to treat an unrecognised code that way. A number outside
// 100-599 returns a *RangeError.
func Lookup(number int) (Code, error) {
	if number < 100 || number > 599 {
		return Code{}, &RangeError{Number: number}
	}
	if c := index.byNumber[number]; c != nil {
		return *c, nil
	}
	return unassigned(number), nil
}

// MustLookup is Lookup for numbers known at compile time; it panics on a
// number outside 100-599.
func MustLookup(number int) Code {
	c, err := Lookup(number)
	if err != nil {
		panic(err)
	}
	return c
}

// Known reports whether the registry has an entry (registered or unofficial)
// for the number.
func Known(number int) bool {
	return number >= 100 && number <= 599 && index.byNumber[number] != nil
}

// Equivalent is the code a client treats this one as: the code itself when
// it is known, otherwise its class's x00 (RFC 9110, 15).
func (c Code) Equivalent() int {
	if c.Standing == Unassigned {
		return int(c.Class()) * 100
	}
	return c.Number
}

func unassigned(number int) Code {
	base := *index.byNumber[number/100*100]
	class := Class(number / 100)
	return Code{
		Number:   number,
		Phrase:   "Unassigned",
		Standing: Unassigned,
		Summary: fmt.Sprintf("An unassigned %s code; a client that does not recognise it treats it as %s.",
			class, base),
		Description: fmt.Sprintf("%d is in the %s (%s) range but the IANA registry assigns it no meaning. "+
			"RFC 9110, 15 says a client must understand the class of any status code and treat an "+
			"unrecognised code as the x00 code of its class, so %d is handled like %s, "+
			"except that a cache must not store it.", number, class, class.Name(), number, base),
		Spec:             rfc("9110", "15"),
		ContentForbidden: class == Informational,
		Advice:           base.Advice,
	}
}

// NotFoundError reports a name or query that matches no code; Suggestions
// holds the nearest codes, best first.
type NotFoundError struct {
	Query       string
	Suggestions []Code
}

func (e *NotFoundError) Error() string {
	msg := fmt.Sprintf("no status code matches %q: give a number from 100 to 599 (e.g. 404), a reason phrase (e.g. \"not found\") or a class (e.g. 4xx)", e.Query)
	if len(e.Suggestions) > 0 {
		names := make([]string, len(e.Suggestions))
		for i, c := range e.Suggestions {
			names[i] = c.String()
		}
		msg += "; did you mean " + strings.Join(names, ", ") + "?"
	}
	return msg
}

// ErrNotFound is matched by errors.Is for every *NotFoundError.
var ErrNotFound = errors.New("no status code matches")

// Is makes errors.Is(err, ErrNotFound) true.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// Find resolves what a person typed to one code: a number ("404"), a reason
// phrase or slug in any case or spacing ("not found", "NotFound",
// "not-found"), or an older phrase ("Request Entity Too Large"). A number out
// of range gives a *RangeError; anything else that matches no code gives a
// *NotFoundError with suggestions.
func Find(query string) (Code, error) {
	q := strings.TrimSpace(query)
	if n, err := strconv.Atoi(q); err == nil {
		return Lookup(n)
	}
	if n, ok := index.byName[Squash(q)]; ok && Squash(q) != "" {
		return *index.byNumber[n], nil
	}
	return Code{}, &NotFoundError{Query: query, Suggestions: Suggest(q, 3)}
}

// ParseClass reads "4xx", "4XX" or "4" as a class.
func ParseClass(s string) (Class, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimSuffix(t, "xx")
	if len(t) == 1 && t[0] >= '1' && t[0] <= '5' {
		return Class(t[0] - '0'), nil
	}
	return 0, fmt.Errorf("%q is not a status class: the classes are 1xx, 2xx, 3xx, 4xx and 5xx", s)
}

// InClass returns the known codes of a class in numeric order.
func InClass(c Class) []Code {
	var out []Code
	for _, code := range registry {
		if code.Class() == c {
			out = append(out, code)
		}
	}
	return out
}

// Result is one match of a Search, with its score (higher is better).
type Result struct {
	Code  Code
	Score int
}

// Field weights for Search: a word in the phrase says far more about a code
// than the same word somewhere in its description.
const (
	scoreNumber      = 1000
	scoreWholePhrase = 200
	scorePhrase      = 30
	scoreAlias       = 20
	scoreSummary     = 10
	scoreHeader      = 6
	scoreDescription = 3
	scoreAdvice      = 2
)

// Search is full-text search over number, phrase, aliases, summary,
// description, header names and advice. Every word of the query must match
// (as a word prefix, case-insensitively) somewhere in a code; results are
// ranked by where the words matched, best first, then by number.
func Search(query string) []Result {
	words := Words(query)
	if len(words) == 0 {
		return nil
	}
	whole := Squash(query)
	var out []Result
	for _, c := range registry {
		score, ok := scoreCode(c, words)
		if !ok {
			continue
		}
		if Squash(c.Phrase) == whole {
			score += scoreWholePhrase
		}
		// A registered code outranks an unofficial one that matches as
		// well: people searching "rate limit" want 429, not Twitter's 420.
		if !c.Registered() {
			score = score * 2 / 3
		}
		out = append(out, Result{Code: c, Score: score})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Code.Number < out[j].Code.Number
	})
	return out
}

func scoreCode(c Code, words []string) (int, bool) {
	fields := []struct {
		words  []string
		weight int
	}{
		{Words(strconv.Itoa(c.Number)), scoreNumber},
		{Words(c.Phrase), scorePhrase},
		{Words(strings.Join(append([]string{c.IANAName}, c.AlsoKnownAs...), " ")), scoreAlias},
		{Words(c.Summary), scoreSummary},
		{Words(headerNames(c)), scoreHeader},
		{Words(c.Description), scoreDescription},
		{Words(c.Advice.Text), scoreAdvice},
	}
	total := 0
	for _, w := range words {
		best := 0
		for _, f := range fields {
			if exact, prefix := countMatches(f.words, w); exact+prefix > 0 {
				// A whole-word hit counts fully, a prefix hit ("limit" in
				// "limiting") half. Repeats count, but less than a first
				// hit: a description that says "retry" four times is about
				// retrying, not four times more relevant.
				s := f.weight/2 + (exact+prefix-1)*f.weight/4
				if exact > 0 {
					s += f.weight / 2
				}
				best = max(best, s)
			}
		}
		if best == 0 {
			return 0, false
		}
		total += best
	}
	return total, true
}

func headerNames(c Code) string {
	var b strings.Builder
	for _, h := range c.Headers {
		b.WriteString(h.Name)
		b.WriteByte(' ')
	}
	return b.String()
}

func countMatches(words []string, w string) (exact, prefix int) {
	for _, x := range words {
		switch {
		case x == w:
			exact++
		case strings.HasPrefix(x, w):
			prefix++
		}
	}
	return exact, prefix
}

// Words splits text into the lower-case words Search matches on: letters
// and digits, apostrophes joined ("I'm" is "im"), and hyphenated words
// also yield their joined form so "rate-limit" matches "ratelimit".
// Exported so every search over the registry (the reference page's filter
// among them) tokenises the same way.
func Words(s string) []string {
	fields := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '\'')
	})
	var out []string
	for _, f := range fields {
		f = strings.ReplaceAll(f, "'", "")
		parts := strings.FieldsFunc(f, func(r rune) bool { return r == '-' })
		out = append(out, parts...)
		if len(parts) > 1 {
			out = append(out, strings.Join(parts, ""))
		}
	}
	return out
}

// Suggest returns up to n codes whose number or phrase is nearest to what was
// typed, for "did you mean" messages. Numbers are compared digit by digit,
// names by edit distance on their squashed form.
func Suggest(query string, n int) []Code {
	q := strings.TrimSpace(query)
	type cand struct {
		code Code
		dist int
	}
	var cands []cand
	if isDigits(q) {
		for _, c := range registry {
			cands = append(cands, cand{c, editDistance(q, strconv.Itoa(c.Number))*10 + abs(atoi(q)-c.Number)%10})
		}
	} else {
		sq := Squash(q)
		if sq == "" {
			return nil
		}
		for _, c := range registry {
			d := editDistance(sq, Squash(c.Phrase))
			for _, a := range c.AlsoKnownAs {
				d = min(d, editDistance(sq, Squash(a)))
			}
			if strings.Contains(Squash(c.Phrase), sq) {
				d = min(d, len(Squash(c.Phrase))-len(sq)) / 2
			}
			cands = append(cands, cand{c, d})
		}
		// Suggestions far from the query only add noise.
		limit := max(2, len(sq)/3)
		cands = slices.DeleteFunc(cands, func(c cand) bool { return c.dist > limit })
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].dist != cands[j].dist {
			return cands[i].dist < cands[j].dist
		}
		return cands[i].code.Registered() && !cands[j].code.Registered()
	})
	var out []Code
	for _, c := range cands {
		if len(out) == n {
			break
		}
		out = append(out, c.code)
	}
	return out
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// editDistance is the Levenshtein distance between two ASCII strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
