package responder

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/status"
)

// maxChoices bounds a /status/{codes} list so a long URL cannot make the
// server do unbounded work per request.
const maxChoices = 100

// choice is one code of a /status/{codes} list with its relative weight.
type choice struct {
	code   int
	weight float64
}

// CodeList is a parsed /status/{codes} list: a single code, a uniform list
// "200,503" or a weighted one "200:0.9,503:0.1" (httpbin's syntax). A code
// without a weight weighs 1.
type CodeList struct {
	choices []choice
	total   float64
}

// ParseCodeList validates the whole list up front, so a bad element anywhere
// is a 400 even if a random pick would never have chosen it. base is the
// mount the server is under (reply.Base, "" at the root); the examples in
// its errors are paths under it.
func ParseCodeList(s, base string) (CodeList, error) {
	var l CodeList
	if s == "" {
		return l, param.Errorf("no status code given; use %[1]s/status/503, a list %[1]s/status/200,503 or weights %[1]s/status/200:0.9,503:0.1", base)
	}
	// One allocation for the list, whatever its length: SplitSeq makes no
	// slice of parts, and choices gets its final capacity up front.
	l.choices = make([]choice, 0, min(strings.Count(s, ",")+1, maxChoices))
	for part := range strings.SplitSeq(s, ",") {
		if len(l.choices) == maxChoices {
			return l, param.Errorf("too many codes in %q: at most %d", param.Clip(s, 40), maxChoices)
		}
		codeText, weightText, weighted := strings.Cut(part, ":")
		code, err := parseCode(strings.TrimSpace(codeText), base)
		if err != nil {
			return l, err
		}
		w := 1.0
		if weighted {
			w, err = strconv.ParseFloat(strings.TrimSpace(weightText), 64)
			if err != nil || math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
				return l, param.Errorf("weight %q of %d must be a finite number >= 0, e.g. %s/status/200:0.9,503:0.1", param.Clip(weightText, 20), code, base)
			}
		}
		l.choices = append(l.choices, choice{code, w})
		l.total += w
	}
	if l.total <= 0 || math.IsInf(l.total, 0) {
		return l, param.Errorf("the weights in %q add up to %v; at least one must be positive and their sum finite, e.g. %s/status/200:0.9,503:0.1", param.Clip(s, 40), l.total, base)
	}
	return l, nil
}

// parseCode reads one status code and says what is valid when it is not.
func parseCode(s, base string) (int, error) {
	if s == "" {
		return 0, param.Errorf("empty status code in the list; separate codes with single commas, e.g. %s/status/200,503", base)
	}
	n, err := status.ParseCode(s)
	if err != nil {
		return 0, param.Errorf("%q is not a status code: give three digits from 100 to 599, e.g. %s/status/503", param.Clip(s, 20), base)
	}
	return n, nil
}

// Pick draws a code with probability proportional to its weight.
func (l CodeList) Pick() int {
	if len(l.choices) == 1 {
		return l.choices[0].code
	}
	x := rand.Float64() * l.total
	for _, c := range l.choices {
		if x < c.weight {
			return c.code
		}
		x -= c.weight
	}
	// Rounding can leave x just above the last weight; the last positive
	// choice is the right answer then.
	for i := len(l.choices) - 1; i >= 0; i-- {
		if l.choices[i].weight > 0 {
			return l.choices[i].code
		}
	}
	return l.choices[0].code
}
