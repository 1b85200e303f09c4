package status

import (
	"sort"
	"strconv"
	"strings"

	"github.com/statuskit/statuskit/internal/spelling"
)

// Suggest returns up to n codes nearest to what was typed, best first, for
// "did you mean" messages; nil when nothing is near enough to be worth
// offering.
//
// Something that reads as a number is compared digit by digit, after
// letters that look like digits are read as those digits ("4O4" and "4o4"
// are 404, "5OO" is 500, "l0l" is 101). Words are compared with the
// phrases, registry names and older phrases of every code: each typed word
// must be a misspelling (spelling.Near), the start, or exactly a word of
// the name ("teapto" is 418 I'm a teapot, "gatway timout" 504), or the
// whole query a misspelling of the name run together ("notfund" is 404);
// initials also count ("ise" is 500 Internal Server Error). Ties go to
// registered codes, then to the name with fewer words left unnamed (or the
// number in the same class with the nearer last digit), then to the lower
// number.
func Suggest(query string, n int) []Code {
	q := strings.TrimSpace(query)
	if n <= 0 || q == "" {
		return nil
	}
	var cands []suggestion
	if digits, ok := lookAlikeDigits(q); ok {
		cands = suggestNumbers(digits)
	} else {
		cands = suggestNames(q)
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].less(cands[j]) })
	var out []Code
	for _, c := range cands {
		if len(out) == n {
			break
		}
		out = append(out, c.code)
	}
	return out
}

type suggestion struct {
	code Code
	cost int // edits needed; 0 is the query itself
	rest int // ranking among equal costs: words of the name not named, or digits apart
}

func (a suggestion) less(b suggestion) bool {
	if a.cost != b.cost {
		return a.cost < b.cost
	}
	if a.code.Registered() != b.code.Registered() {
		return a.code.Registered()
	}
	if a.rest != b.rest {
		return a.rest < b.rest
	}
	return a.code.Number < b.code.Number
}

// lookAlikes are letters people type for digits, or that fonts make hard
// to tell from them.
var lookAlikes = map[rune]rune{
	'O': '0', 'o': '0', 'Q': '0', 'D': '0',
	'l': '1', 'I': '1', 'i': '1', '|': '1', '!': '1',
	'Z': '2', 'z': '2',
	'S': '5', 's': '5',
	'G': '6', 'b': '6',
	'B': '8',
	'g': '9', 'q': '9',
}

// lookAlikeDigits reads s as digits, taking look-alike letters for the
// digits they resemble. It needs at least one real digit, so words ("so",
// "OK") stay words.
func lookAlikeDigits(s string) (string, bool) {
	real := false
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			real = true
			b.WriteRune(r)
		case lookAlikes[r] != 0:
			b.WriteRune(lookAlikes[r])
		default:
			return "", false
		}
	}
	return b.String(), real
}

// suggestNumbers ranks known codes by how many digits must change to get
// from digits to them; among equals, the same class first, then the nearer
// last digit ("4004" is 404 before 400).
func suggestNumbers(digits string) []suggestion {
	var out []suggestion
	for _, c := range registry {
		num := strconv.Itoa(c.Number)
		d := spelling.Distance(digits, num)
		if d > max(1, spelling.Tolerance(len(num))) {
			continue
		}
		rest := abs(int(digits[len(digits)-1]) - int(num[len(num)-1]))
		if digits[0] != num[0] {
			rest += 10 // another class
		}
		out = append(out, suggestion{code: c, cost: d, rest: rest})
	}
	return out
}

// suggestNames ranks codes by their nearest name.
func suggestNames(q string) []suggestion {
	whole := Squash(q)
	words := strings.Fields(strings.Map(keepWordRune, strings.ToLower(q)))
	if whole == "" || len(words) == 0 {
		return nil
	}
	var out []suggestion
	for _, c := range registry {
		best, found := suggestion{code: c}, false
		for _, name := range names(c) {
			if s, ok := nameCost(whole, words, name); ok && (!found || s.cost < best.cost || s.cost == best.cost && s.rest < best.rest) {
				best.cost, best.rest, found = s.cost, s.rest, true
			}
		}
		if found {
			out = append(out, best)
		}
	}
	return out
}

// names are what a code is called: its phrase, the registry's name for it
// and older or vendor phrases.
func names(c Code) []string {
	out := []string{c.Phrase}
	// The registry's notes in parentheses describe the entry, and nobody
	// calls a code by them: "(Unused)" for 418, "(TEMPORARY - registered
	// 2024-11-13 …)" after 104's name, "(OBSOLETED)" after 510's.
	if name, _, _ := strings.Cut(c.IANAName, "("); strings.TrimSpace(name) != "" {
		out = append(out, strings.TrimSpace(name))
	}
	return append(out, c.AlsoKnownAs...)
}

// nameCost is how far the typed words are from one name, and whether they
// are near enough to suggest it.
func nameCost(whole string, words []string, name string) (suggestion, bool) {
	nameWords := strings.Fields(strings.Map(keepWordRune, strings.ToLower(name)))
	squashed := Squash(name)
	best, ok := suggestion{}, false
	try := func(cost, rest int) {
		if !ok || cost < best.cost || cost == best.cost && rest < best.rest {
			best, ok = suggestion{cost: cost, rest: rest}, true
		}
	}
	// The whole query against the whole name run together.
	if d := spelling.Distance(whole, squashed); d <= spelling.Tolerance(len(squashed)) {
		try(d, 0)
	}
	// Initials: "ise" for Internal Server Error.
	if len(nameWords) >= 2 && len(whole) == len(nameWords) {
		initials := ""
		for _, w := range nameWords {
			initials += w[:1]
		}
		if initials == whole {
			try(1, 0)
		}
	}
	// Word by word: each typed word names a different word of the name.
	cost, used := 0, make([]bool, len(nameWords))
	for _, w := range words {
		bestJ, bestD := -1, 0
		for j, nw := range nameWords {
			if used[j] {
				continue
			}
			d := -1
			switch {
			case nw == w:
				d = 0
			case len(w) >= 3 && strings.HasPrefix(nw, w):
				d = 1
			case spelling.Near(w, nw):
				d = spelling.Distance(w, nw)
			}
			if d >= 0 && (bestJ < 0 || d < bestD) {
				bestJ, bestD = j, d
			}
		}
		if bestJ < 0 {
			cost = -1
			break
		}
		used[bestJ] = true
		cost += bestD
	}
	if cost >= 0 {
		rest := 0
		for _, u := range used {
			if !u {
				rest++
			}
		}
		try(cost, rest)
	}
	return best, ok
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// Named returns the codes that the words of query name, for a lookup by
// words ("too many" is 429 Too Many Requests). A code's names are its
// phrase, the registry's name for it and its older or vendor phrases, as
// for Suggest. Words name a name when each is a different word of it or,
// at three letters or more, the start of one ("serv unavailable" is 503),
// and at least one is a whole word: a fragment alone ("list", "gate")
// names nothing. A name named with fewer starts is named better, and a
// registered code better than an unofficial one named as well ("too many"
// is 429, not AWS's 463 Too Many Forwarded Addresses).
//
// The result holds every code named best, in numeric order: one code is
// the answer; several are codes the words name equally ("gateway" is 502
// Bad Gateway and 504 Gateway Timeout; "too" is 413, 414, 425, 429 and
// 431), which a caller reports rather than picking one; none means the
// words name no code. Numbers are not names: Named("404") is empty (read
// numbers with ParseCode).
func Named(query string) []Code {
	words := strings.Fields(strings.Map(keepWordRune, strings.ToLower(query)))
	if len(words) == 0 {
		return nil
	}
	type match struct {
		cost       int // words that only start a word of the name
		registered bool
	}
	better := func(a, b match) bool {
		if a.cost != b.cost {
			return a.cost < b.cost
		}
		return a.registered && !b.registered
	}
	var out []Code
	var best match
	for _, c := range registry {
		m, ok := match{registered: c.Registered()}, false
		for _, name := range names(c) {
			if cost, named := wordsName(words, name); named && (!ok || cost < m.cost) {
				m.cost, ok = cost, true
			}
		}
		switch {
		case !ok:
		case len(out) == 0 || better(m, best):
			out, best = []Code{c}, m
		case !better(best, m):
			out = append(out, c)
		}
	}
	return out
}

// wordsName reports whether words name name (see Named), and how many of
// them are only the start of one of its words.
func wordsName(words []string, name string) (cost int, ok bool) {
	nameWords := strings.Fields(strings.Map(keepWordRune, strings.ToLower(name)))
	used := make([]bool, len(nameWords))
	take := func(match func(string) bool) bool {
		for k, nw := range nameWords {
			if !used[k] && match(nw) {
				used[k] = true
				return true
			}
		}
		return false
	}
	// Whole words first, so a start never takes a word another query word
	// spells out.
	var starts []string
	for _, w := range words {
		if !take(func(nw string) bool { return nw == w }) {
			starts = append(starts, w)
		}
	}
	if len(starts) == len(words) {
		return 0, false
	}
	for _, w := range starts {
		if len(w) < 3 || !take(func(nw string) bool { return strings.HasPrefix(nw, w) }) {
			return 0, false
		}
	}
	return len(starts), true
}
