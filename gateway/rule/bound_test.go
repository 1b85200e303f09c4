package rule

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// deepJSON is a rules document whose rules list nests depth lists deep:
// {"rules": [[[…]]]}, the document that took the unguarded parser 1m44s
// and 13.6 GB at depth 100,000.
func deepJSON(depth int) string {
	return `{"rules": ` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + "}"
}

// TestYAMLBoundsRefuseTheDocument: a document past MaxNesting, MaxTokens
// or MaxMappingCost is refused before the YAML parser reads it, naming
// the bound, its line and its flag or what a rules document needs.
// yamlbound.Scan refuses deep flow nesting after MaxNesting+1 bytes of it
// (yamlbound's BenchmarkScanDeepNesting), so depth 100,000 costs no more
// than 100.
func TestYAMLBoundsRefuseTheDocument(t *testing.T) {
	t.Parallel()
	small := DefaultLimits
	small.MaxNesting, small.MaxTokens, small.MaxMappingCost = 8, 1000, 100
	var block strings.Builder
	block.WriteString("rules:\n  - id: a\n    match:\n      header:\n")
	for i := range 5 {
		fmt.Fprintf(&block, "%sk%d:\n", strings.Repeat("  ", 4+i), i)
	}
	var keys strings.Builder
	keys.WriteString("rules:\n  - id: a\n    match:\n      header:\n")
	for i := range 11 {
		fmt.Fprintf(&keys, "        X-K%d: a\n", i)
	}
	for _, tc := range []struct {
		name string
		doc  string
		lim  Limits
		line int
		want []string
	}{
		{"JSON lists 100,000 deep", deepJSON(100_000), DefaultLimits, 1,
			[]string{"more than 64 deep (line 1)", "--max-rules-nesting 64", "a rules document needs about 6"}},
		{"JSON lists 65 deep", deepJSON(64), DefaultLimits, 1, []string{"more than 64 deep"}},
		{"YAML flow nesting in match", "rules:\n  - id: a\n    match: {header: " + strings.Repeat("{a: ", 7) + "b" + strings.Repeat("}", 7) + "}\n", small, 3,
			[]string{"more than 8 deep (line 3)", "--max-rules-nesting 8"}},
		{"YAML block nesting", block.String(), small, 9, []string{"more than 8 deep (line 9)"}},
		{"too many tokens", "rules: [" + strings.Repeat("{id: a}, ", 300) + "]", small, 1,
			[]string{"more than 1000 tokens (line 1)", "split what you test"}},
		// rules, id and match, and match cost 1 + 4 + 1: the tenth key
		// passes 100.
		{"a block mapping of 11 keys", keys.String(), small, 5,
			[]string{"the one at line 5 has 10 keys so far", "write a large mapping in flow style"}},
	} {
		_, err := Parse([]byte(tc.doc), "t.yaml", tc.lim)
		var es Errors
		if !errors.As(err, &es) || len(es) != 1 {
			t.Errorf("%s: %v; want one error", tc.name, err)
			continue
		}
		if es[0].Line != tc.line || es[0].Column < 1 {
			t.Errorf("%s: line %d, want %d: %v", tc.name, es[0].Line, tc.line, err)
		}
		for _, want := range tc.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %q\n  lacks %q", tc.name, err, want)
			}
		}
	}
}

func TestYAMLBoundsPassARulesDocument(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{
		exampleYAML,
		exampleJSON,
		// 64 deep: the rules list, and 63 lists in it, is a type error,
		// not a bound.
		deepJSON(63),
	} {
		_, err := Parse([]byte(doc), "t.yaml", DefaultLimits)
		if err != nil && strings.Contains(err.Error(), "--max-rules-nesting") {
			t.Errorf("%.40q: %v", doc, err)
		}
	}
}

// TestAByteOrderMarkStartsADocument: YAML 1.2 (5.2) allows a byte order
// mark at the start of a stream; it is not part of the first key.
func TestAByteOrderMarkStartsADocument(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{
		"\ufeffrules: [{id: a, abort: {status: 503}}]\n",
		"\ufeff{\"rules\": [{\"id\": \"a\", \"abort\": {\"status\": 503}}]}",
	} {
		set, err := Parse([]byte(doc), "t.yaml", DefaultLimits)
		if err != nil || len(set.Rules) != 1 {
			t.Errorf("%q: %v; want one rule", doc, err)
		}
	}
}

func TestTextAfterTheDocumentIsNamed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ doc, want string }{
		{`{"rules": []} x`, `t.yaml:1:15: not valid YAML (or JSON): "x" follows the end of the document (the } at line 1, column 13)`},
		{"{\"rules\": []}\n}", `t.yaml:2:1: not valid YAML (or JSON): "}" follows the end of the document (the } at line 1, column 13)`},
		{`{"rules": []} {"rules": []}`, `"{" follows the end of the document`},
	} {
		_, err := Parse([]byte(tc.doc), "t.yaml", DefaultLimits)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), `e.g. {"rules": []}`) {
			t.Errorf("%q: %v\n  want %q and an example", tc.doc, err, tc.want)
		}
	}
	// A trailing comma is valid YAML flow style (YAML 1.2, 7.4).
	if _, err := Parse([]byte(`{"rules": [{"id": "a"},]}`), "t.yaml", DefaultLimits); err != nil {
		t.Errorf("a trailing comma: %v", err)
	}
}

// TestTheSizeIsNotGuessed: Parse may be given only the first MaxBytes+1
// bytes of a file, so it says "more than", never a size it cannot know.
func TestTheSizeIsNotGuessed(t *testing.T) {
	t.Parallel()
	lim := DefaultLimits
	lim.MaxBytes = 100
	for _, n := range []int{101, 5000} {
		doc := "rules: []\n#" + strings.Repeat("x", n-11)
		_, err := Parse([]byte(doc), "t.yaml", lim)
		want := "the document is more than 100 bytes, the most the gateway reads (--max-rules-bytes)"
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), fmt.Sprint(n)) {
			t.Errorf("%d bytes: %v; want %q", n, err, want)
		}
	}
	if _, err := Parse([]byte("rules: []\n#"+strings.Repeat("x", 89)), "t.yaml", lim); err != nil {
		t.Errorf("100 bytes: %v", err)
	}
}
