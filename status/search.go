package status

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Result is one match of a Search, with its score (higher is better; the
// number only orders results of one search).
type Result struct {
	Code  Code
	Score int
}

// Field weights for Search. Where a word occurs says how much a code is
// about it: the phrase names the code, header fields a specification asks
// for are facts about it, the summary and the advice are what a person
// reads first, and the description mentions many neighbouring codes in
// passing ("prefer 413 for an oversized body").
const (
	weightNumber       = 1000
	weightPhrase       = 40
	weightAlias        = 20
	weightHeaderMust   = 16
	weightHeaderShould = 12
	weightHeaderMay    = 10
	weightSummary      = 12
	weightAdvice       = 8
	weightDescription  = 3

	// bonusWholePhrase goes to the code whose phrase the query spells out
	// exactly ("not found"), bonusWholeAlias to an older or vendor phrase.
	bonusWholePhrase = 200
	bonusWholeAlias  = 100
	// bonusCoverage is shared out by the fraction of the phrase's words the
	// query names: "unavailable" is half of "Service Unavailable" but a
	// quarter of "Unavailable For Legal Reasons".
	bonusCoverage = 20
)

// Facts the registry holds as data rather than prose, as words a query may
// use: a code whose advice is "retry after a delay" is about retrying even
// where its text says "try again". Facts only rank codes that the query
// matches in their text; they never add a match, so every search over the
// registry (the reference page's filter among them) finds the same codes.
const (
	factRetryAfterDelay  = 15 // "retry", for Advice.Retry == RetryAfterDelay
	factHonourRetryAfter = 10 // "retry", for Advice.HonourRetryAfter
	factRetryImmediately = 5  // "retry", for Advice.Retry == RetryImmediately
	factWait             = 8  // "wait", "later", "backoff", for RetryAfterDelay
	factRedirect         = 20 // "redirect", for codes with a RedirectRule
	factPermanence       = 15 // "permanent" or "temporary", likewise
)

// synonyms are words people search with for what the registry says in
// the specifications' words: "auth" and "login" for authentication, "cache"
// for the stored responses of RFC 9111, "overloaded" for a service that is
// unavailable. Like facts they rank matches and never add one.
var synonyms = map[string][]string{
	"auth":       {"authentication", "authorization", "authenticate", "unauthorized", "credentials"},
	"login":      {"authentication", "credentials", "unauthorized"},
	"logon":      {"authentication", "credentials", "unauthorized"},
	"signin":     {"authentication", "credentials", "unauthorized"},
	"password":   {"credentials", "authentication"},
	"cache":      {"stored", "caches", "cached"},
	"cached":     {"stored", "cache", "caches"},
	"caching":    {"stored", "cache", "caches"},
	"overload":   {"overloaded", "unavailable", "capacity"},
	"overloaded": {"overload", "unavailable", "capacity"},
	"throttle":   {"rate", "limit", "limited"},
	"throttled":  {"rate", "limit", "limited"},
	"throttling": {"rate", "limit", "limited"},
}

// synonymFactor is what a synonym's occurrence is worth beside the word
// itself.
const synonymFactor = 0.75

// standingFactor scales a code's score by its standing: a registered code
// that matches as well as an unofficial one is what most people want
// ("overloaded" is 503 before a vendor's 529), and a code its own
// specification retired comes after the live ones.
func standingFactor(s Standing) float64 {
	switch s {
	case Official:
		return 1
	case Unofficial:
		return 0.5
	}
	return 0.75
}

// Search is full-text search over number, phrase, aliases, summary,
// description, header names and advice. Every word of the query must start
// a word of the code's text (case-insensitively: "limit" finds "limiting")
// for the code to match. Matches are ranked by where their words occur
// (see the weights above), by the registry's facts about the code (its
// retry advice, whether it redirects), by how much of the phrase the query
// names, and by standing; best first, then by number.
func Search(query string) []Result {
	words := Words(query)
	if len(words) == 0 {
		return nil
	}
	whole := Squash(query)
	var out []Result
	for i, d := range searchDocs() {
		score, ok := d.score(words, whole)
		if !ok {
			continue
		}
		c := registry[i]
		out = append(out, Result{Code: c, Score: int(math.Round(score * standingFactor(c.Standing)))})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Code.Number < out[j].Code.Number
	})
	return out
}

// searchDoc is one code's searchable text, tokenised once.
type searchDoc struct {
	fields       []searchField
	phrase       []string // the phrase's words, for coverage
	phraseSquash string
	aliasSquash  []string
	facts        map[string]float64
}

type searchField struct {
	words  []string
	weight float64
	// inner lets a query word count inside a word of this field
	// ("auth" in "Unauthorized") for ranking, never for matching.
	inner bool
}

var searchDocs = sync.OnceValue(func() []searchDoc {
	docs := make([]searchDoc, len(registry))
	for i, c := range registry {
		docs[i] = newSearchDoc(c)
	}
	return docs
})

func newSearchDoc(c Code) searchDoc {
	headers := map[Level][]string{}
	for _, h := range c.Headers {
		headers[h.Level] = append(headers[h.Level], Words(h.Name)...)
	}
	d := searchDoc{
		fields: []searchField{
			{words: Words(strconv.Itoa(c.Number)), weight: weightNumber},
			{words: Words(c.Phrase), weight: weightPhrase, inner: true},
			{words: Words(strings.Join(append([]string{c.IANAName}, c.AlsoKnownAs...), " ")), weight: weightAlias},
			{words: headers[Must], weight: weightHeaderMust},
			{words: headers[Should], weight: weightHeaderShould},
			{words: headers[May], weight: weightHeaderMay},
			{words: Words(c.Summary), weight: weightSummary},
			{words: Words(c.Advice.Text), weight: weightAdvice},
			{words: Words(c.Description), weight: weightDescription},
		},
		phrase:       strings.Fields(strings.Map(keepWordRune, strings.ToLower(c.Phrase))),
		phraseSquash: Squash(c.Phrase),
		facts:        map[string]float64{},
	}
	for _, a := range append([]string{c.IANAName}, c.AlsoKnownAs...) {
		if s := Squash(a); s != "" {
			d.aliasSquash = append(d.aliasSquash, s)
		}
	}
	switch c.Advice.Retry {
	case RetryAfterDelay:
		d.facts["retry"] += factRetryAfterDelay
		for _, w := range []string{"wait", "later", "backoff"} {
			d.facts[w] += factWait
		}
	case RetryImmediately:
		d.facts["retry"] += factRetryImmediately
	}
	if c.Advice.HonourRetryAfter {
		d.facts["retry"] += factHonourRetryAfter
	}
	if r := c.Redirect; r != nil {
		d.facts["redirect"] += factRedirect
		if r.Permanent {
			d.facts["permanent"] += factPermanence
		} else {
			d.facts["temporary"] += factPermanence
		}
	}
	return d
}

// keepWordRune keeps what Squash keeps and turns the rest into spaces;
// apostrophes vanish so "I'm" is one word, as in Words.
func keepWordRune(r rune) rune {
	switch {
	case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
		return r
	case r == '\'':
		return -1
	}
	return ' '
}

// score is the code's score for the query words, and whether every word
// matches its text.
func (d searchDoc) score(words []string, whole string) (float64, bool) {
	total := 0.0
	covered := make([]bool, len(d.phrase))
	for _, w := range words {
		if !d.matches(w) {
			return 0, false
		}
		// The best place a word occurs counts fully; each other place adds
		// a quarter, so a code whose summary, advice and headers all say
		// "retry" ranks above one whose description says it once.
		terms := synonyms[w]
		fields := d.fields
		if isDigits(w) {
			// Digits are a number: "50" ranks 500-509 in order, not by
			// how often a description mentions "502".
			fields = fields[:1]
		}
		var best, sum float64
		for _, f := range fields {
			s := f.score(w)
			for _, t := range terms {
				s = max(s, f.score(t)*synonymFactor)
			}
			best = max(best, s)
			sum += s
		}
		facts := d.facts[w]
		for _, t := range terms {
			facts = max(facts, d.facts[t]*synonymFactor)
		}
		best = max(best, facts)
		sum += facts
		total += best + (sum-best)/4
		for i, p := range d.phrase {
			if related(p, w, true) != 0 {
				covered[i] = true
			}
			for _, t := range terms {
				if related(p, t, true) != 0 {
					covered[i] = true
				}
			}
		}
	}
	if n := len(d.phrase); n > 0 {
		k := 0
		for _, c := range covered {
			if c {
				k++
			}
		}
		total += bonusCoverage * float64(k) / float64(n)
	}
	if whole != "" && d.phraseSquash == whole {
		total += bonusWholePhrase
	} else {
		for _, a := range d.aliasSquash {
			if a == whole {
				total += bonusWholeAlias
				break
			}
		}
	}
	return total, true
}

// matches reports whether w starts a word of the code's text: the rule
// that decides which codes a search finds.
func (d searchDoc) matches(w string) bool {
	for _, f := range d.fields {
		for _, x := range f.words {
			if strings.HasPrefix(x, w) {
				return true
			}
		}
	}
	return false
}

// score is how strongly the field speaks of w: its full weight for the
// word itself, half for a longer word it starts ("limit" in "limiting"),
// a shorter word that starts it ("overload" for "overloaded"), or, where
// the field allows, a word it is inside ("auth" in "unauthorized"). A
// field that says it again adds a quarter for each repeat, up to two:
// repeating a word makes a text more about it, not endlessly so.
func (f searchField) score(w string) float64 {
	hits, strength := 0, 0
	for _, x := range f.words {
		if s := related(x, w, f.inner); s > 0 {
			hits++
			strength = max(strength, s)
		}
	}
	if hits == 0 {
		return 0
	}
	s := f.weight * float64(strength) / 2
	return s + float64(min(hits-1, 2))*f.weight/4
}

// related is 2 when text word x is the query word w, 1 when one is a
// close form of the other (see searchField.score), else 0.
func related(x, w string, inner bool) int {
	switch {
	case x == w:
		return 2
	case strings.HasPrefix(x, w):
		return 1
	case len(x) >= 4 && len(w)-len(x) <= 3 && strings.HasPrefix(w, x):
		return 1
	case inner && len(w) >= 4 && strings.Contains(x, w):
		return 1
	}
	return 0
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
