package status

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestLookupByNumberReturnsTheRegistryEntry(t *testing.T) {
	t.Parallel()
	for _, c := range registry {
		got, err := Lookup(c.Number)
		if err != nil {
			t.Fatalf("Lookup(%d): %v", c.Number, err)
		}
		if got.Phrase != c.Phrase || got.Number != c.Number {
			t.Errorf("Lookup(%d) = %s, want %s", c.Number, got, c)
		}
	}
}

func TestUnassignedCodesInRangeTakeTheirClassMeaning(t *testing.T) {
	t.Parallel()
	// RFC 9110, 15: an unrecognised code is treated as the x00 of its class.
	for _, n := range []int{150, 299, 399, 470, 590} {
		c, err := Lookup(n)
		if err != nil {
			t.Fatalf("Lookup(%d): %v", n, err)
		}
		if c.Standing != Unassigned || c.Registered() {
			t.Errorf("Lookup(%d).Standing = %q, want unassigned", n, c.Standing)
		}
		if want := n / 100 * 100; c.Equivalent() != want {
			t.Errorf("Lookup(%d).Equivalent() = %d, want %d", n, c.Equivalent(), want)
		}
		if !strings.Contains(c.Summary, MustLookup(n/100*100).String()) {
			t.Errorf("Lookup(%d).Summary = %q, want it to name %s", n, c.Summary, MustLookup(n/100*100))
		}
		if c.ContentForbidden != (n < 200) {
			t.Errorf("Lookup(%d).ContentForbidden = %v", n, c.ContentForbidden)
		}
		if c.Cacheable {
			t.Errorf("Lookup(%d) is cacheable; unassigned codes are not heuristically cacheable (RFC 9110, 15.1)", n)
		}
	}
	if Known(299) || !Known(200) || Known(600) {
		t.Error("Known must be true only for numbers the registry has")
	}
}

func TestNumbersOutside100To599AreInvalidAndSayTheRange(t *testing.T) {
	t.Parallel()
	for _, n := range []int{-1, 0, 99, 600, 1000} {
		_, err := Lookup(n)
		var re *RangeError
		if !errors.As(err, &re) || re.Number != n {
			t.Fatalf("Lookup(%d) error = %v, want *RangeError", n, err)
		}
		if !strings.Contains(err.Error(), "100 to 599") {
			t.Errorf("Lookup(%d) error %q does not say the valid range", n, err)
		}
	}
}

func TestFindAcceptsNumbersPhrasesSlugsAndAliases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query string
		want  int
	}{
		{"404", 404},
		{" 404 ", 404},
		{"not found", 404},
		{"Not Found", 404},
		{"NotFound", 404},
		{"not-found", 404},
		{"not_found", 404},
		{"NOT FOUND", 404},
		{"too many requests", 429},
		{"Request Entity Too Large", 413}, // an older phrase
		{"unprocessable entity", 422},
		{"I'm a teapot", 418},
		{"im-a-teapot", 418},
		{"moved permanently", 301},
	}
	for _, tt := range tests {
		got, err := Find(tt.query)
		if err != nil || got.Number != tt.want {
			t.Errorf("Find(%q) = %d, %v; want %d", tt.query, got.Number, err, tt.want)
		}
	}
}

func TestFindOfAnUnknownNameSuggestsTheNearest(t *testing.T) {
	t.Parallel()
	_, err := Find("not fund")
	var nf *NotFoundError
	if !errors.As(err, &nf) || !errors.Is(err, ErrNotFound) {
		t.Fatalf("Find(\"not fund\") error = %v, want *NotFoundError", err)
	}
	if len(nf.Suggestions) == 0 || nf.Suggestions[0].Number != 404 {
		t.Errorf("suggestions = %v, want 404 first", nf.Suggestions)
	}
	if !strings.Contains(err.Error(), "did you mean 404 Not Found") {
		t.Errorf("error %q does not suggest 404", err)
	}
	for _, q := range []string{"", "   ", "zzzzzzzzzzzz", "%%%"} {
		if _, err := Find(q); !errors.Is(err, ErrNotFound) {
			t.Errorf("Find(%q) error = %v, want ErrNotFound", q, err)
		}
	}
}

func TestFindOfAnOutOfRangeNumberIsARangeError(t *testing.T) {
	t.Parallel()
	for _, q := range []string{"600", "99", "-5", "1000"} {
		_, err := Find(q)
		var re *RangeError
		if !errors.As(err, &re) {
			t.Errorf("Find(%q) error = %v, want *RangeError", q, err)
		}
	}
}

func TestParseClass(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Class{"4xx": ClientError, "4XX": ClientError, "4": ClientError, " 1xx ": Informational, "5xx": ServerError} {
		got, err := ParseClass(in)
		if err != nil || got != want {
			t.Errorf("ParseClass(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "6xx", "0xx", "xx", "44xx", "4yy", "abc"} {
		if _, err := ParseClass(in); err == nil || !strings.Contains(err.Error(), "1xx, 2xx, 3xx, 4xx and 5xx") {
			t.Errorf("ParseClass(%q) error = %v, want one listing the classes", in, err)
		}
	}
}

func TestInClassListsOnlyThatClassInOrder(t *testing.T) {
	t.Parallel()
	total := 0
	for c := Informational; c <= ServerError; c++ {
		codes := InClass(c)
		if len(codes) == 0 {
			t.Fatalf("InClass(%v) is empty", c)
		}
		if !slices.IsSortedFunc(codes, func(a, b Code) int { return a.Number - b.Number }) {
			t.Errorf("InClass(%v) is not in numeric order", c)
		}
		for _, code := range codes {
			if code.Class() != c {
				t.Errorf("InClass(%v) contains %s", c, code)
			}
		}
		total += len(codes)
	}
	if total != len(All()) {
		t.Errorf("classes hold %d codes, All() %d", total, len(All()))
	}
}

func TestAllReturnsACopy(t *testing.T) {
	t.Parallel()
	all := All()
	all[0].Phrase = "changed"
	if MustLookup(all[0].Number).Phrase == "changed" {
		t.Error("changing All()'s result changed the registry")
	}
}

func TestSlug(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{404: "not-found", 418: "im-a-teapot", 505: "http-version-not-supported", 203: "non-authoritative-information"} {
		if got := MustLookup(n).Slug(); got != want {
			t.Errorf("MustLookup(%d).Slug() = %q, want %q", n, got, want)
		}
	}
}

func TestHeaderAccessors(t *testing.T) {
	t.Parallel()
	c := MustLookup(405)
	if h, ok := c.Header("allow"); !ok || h.Level != Must {
		t.Errorf("405 Header(\"allow\") = %v, %v; want a MUST rule", h, ok)
	}
	if len(c.RequiredHeaders()) == 0 {
		t.Error("405 has no required headers")
	}
	for _, h := range MustLookup(503).RecommendedHeaders() {
		if h.Level == Must {
			t.Errorf("RecommendedHeaders returned a MUST rule %v", h)
		}
	}
}

func TestMustLookupPanicsOutOfRange(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("MustLookup(600) did not panic")
		}
	}()
	MustLookup(600)
}
