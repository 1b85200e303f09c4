package yamlbound

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	yamlparser "github.com/goccy/go-yaml/parser"
)

var testLimits = Limits{Nesting: 8, Tokens: 1000, MappingCost: 100}

// deepFlow is depth nested flow sequences: [[[…]]].
func deepFlow(depth int) string {
	return strings.Repeat("[", depth) + strings.Repeat("]", depth)
}

// deepBlock is depth nested block mappings, one key each.
func deepBlock(depth int) string {
	var b strings.Builder
	for i := range depth {
		fmt.Fprintf(&b, "%sk%d:\n", strings.Repeat("  ", i), i)
	}
	return b.String()
}

// manyKeys is one block mapping of n keys.
func manyKeys(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "k%d: 1\n", i)
	}
	return b.String()
}

func TestScanRefusesWhatPassesABound(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		doc   string
		bound Bound
		line  int
		want  string
	}{
		{"flow sequences 9 deep", deepFlow(9), Nesting, 1, "more than 8 deep (line 1)"},
		{"flow mappings 9 deep", strings.Repeat("{a: ", 9) + "1" + strings.Repeat("}", 9), Nesting, 1, "more than 8 deep"},
		{"JSON 100,000 deep", `{"rules": ` + deepFlow(100_000) + "}", Nesting, 1, "more than 8 deep"},
		{"block mappings 9 deep", deepBlock(9), Nesting, 9, "more than 8 deep (line 9)"},
		{"block sequences 9 deep", strings.Repeat("- ", 9) + "x\n", Nesting, 1, "more than 8 deep"},
		{"flow inside block", "a:\n  b:\n    c: " + deepFlow(6), Nesting, 3, "more than 8 deep (line 3)"},
		{"flow 9 deep after a comment", "# [[[\nk: " + deepFlow(9), Nesting, 2, "more than 8 deep (line 2)"},
		{"flow 9 deep after a quoted ]", `k: ["]]]]", [[[[[[[[1]]]]]]]]]`, Nesting, 1, "more than 8 deep"},
		{"flow 9 deep after plain scalars with '", "k: [it's, [a'b, " + deepFlow(7) + "]]", Nesting, 1, "more than 8 deep"},
		{"too many tokens", "[" + strings.Repeat("1, ", 600) + "1]", Tokens, 1, "more than 1000 tokens (line 1)"},
		{"one block mapping of 11 keys", manyKeys(11), MappingCost, 1, "the one at line 1 has 11 keys so far"},
	} {
		toks, err := Scan([]byte(tc.doc), testLimits)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: err = %v, want an *Error for bound %d", tc.name, err, tc.bound)
			continue
		}
		if e.Bound != tc.bound || e.Line != tc.line || !strings.Contains(e.Error(), tc.want) || toks != nil {
			t.Errorf("%s: bound %d, line %d, %q, %d tokens; want bound %d, line %d, %q and no tokens", tc.name, e.Bound, e.Line, e, len(toks), tc.bound, tc.line, tc.want)
		}
	}
}

func TestScanPassesWhatIsWithinTheBounds(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{
		"",
		deepFlow(8),
		deepBlock(8),
		"a:\n  b:\n    c: " + deepFlow(5),
		// Siblings do not add up: each ends before the next starts.
		"a:\n  b: 1\nc:\n  d: [[1]]\ne: [1, 2]\n",
		"- a: 1\n  b: 2\n- c: 3\n",
		manyKeys(10), // cost 100, the bound
		// Brackets that are text: in quotes, comments and plain scalars.
		`k: "[[[[[[[[[[[[" # [[[[[[[[[[[[` + "\n",
		`k: '[[[[[[[[[[[[it''s'` + "\n",
		"k: [\"[[[[[[[[[[\\\"[[\", '{{{{{{{{{{'] # {{{{{{{{{{\n",
		"k: /a[[[[[[[[[[[[\n",
		"k: \"[[[[[[[[[[\n  [[[[[[[[[[\"\n",
		"k: |\n  [[[]]]\n  [[[]]]\n  [[[]]]\n",
		// A ' in a plain scalar quotes nothing: the ] after it closes.
		"k: [" + strings.Repeat("[it's], ", 20) + "x]\n",
		`{"a":"]]]]]]]]]]","b":["[[[[[[[[[[\"",'{{{{{{{{{{'],"c":[[1]]}`,
	} {
		toks, err := Scan([]byte(doc), testLimits)
		if err != nil {
			t.Errorf("%q: %v", doc, err)
			continue
		}
		if _, err := yamlparser.Parse(toks, 0); err != nil {
			t.Errorf("%q: the tokens do not parse: %v", doc, err)
		}
	}
}

func TestAdviceEndsTheMessage(t *testing.T) {
	t.Parallel()
	e := &Error{Bound: Nesting, Line: 3, Limit: 64, Advice: "rules nest about 5 deep"}
	want := "the document nests mappings and lists more than 64 deep (line 3); at most 64 are read, e.g. {\"a\": {\"b\": [1]}} is 3; rules nest about 5 deep"
	if e.Error() != want {
		t.Errorf("Error() = %q\nwant %q", e.Error(), want)
	}
}

// BenchmarkScanDeepNesting shows Scan refuses deep nesting after reading
// Nesting+1 levels, whatever the depth: ns/op and B/op are the same for
// 10,000 and 100,000 levels (goccy/go-yaml's parser, unguarded, takes
// 1m44s and 13.6 GB at 100,000). BenchmarkScanFlat is the linear cost of
// a document within the bound.
func BenchmarkScanDeepNesting(b *testing.B) {
	for _, depth := range []int{10_000, 100_000} {
		doc := []byte(`{"rules": ` + deepFlow(depth) + "}")
		b.Run(fmt.Sprint(depth), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Scan(doc, Limits{Nesting: 64, Tokens: 1 << 30, MappingCost: 1 << 40}); err == nil {
					b.Fatal("accepted")
				}
			}
		})
	}
}

func BenchmarkScanFlat(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		doc := []byte(`{"rules": [` + strings.Repeat(`{"id": "a"}, `, n) + "{}]}")
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Scan(doc, Limits{Nesting: 64, Tokens: 1 << 30, MappingCost: 1 << 40}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
