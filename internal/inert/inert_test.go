package inert_test

import (
	"fmt"
	"html"
	"net/url"
	"testing"

	"github.com/statuskit/statuskit/internal/inert"
)

// TestProblemsFindsEachWayAValueEscapes: a checker that finds nothing
// proves nothing, so each way a value can leave text is found, and the
// same values escaped are not.
func TestProblemsFindsEachWayAValueEscapes(t *testing.T) {
	t.Parallel()
	unescaped := []string{
		`<p>"><script>alert(1)</script></p>`,
		`<a href="/x" onmouseover="alert(1)">x</a>`,
		`<a href="javascript:alert(1)">x</a>`,
		`<a href=" JaVaScRiPt:alert(1)">x</a>`,
		`<img src=x onerror=alert(1)>`,
	}
	for _, page := range unescaped {
		if got := inert.Problems(page, 0); len(got) == 0 {
			t.Errorf("%s: no problem found", page)
		}
	}
	for _, v := range inert.HostileValues {
		safe := `<!doctype html><p title="` + html.EscapeString(v) + `"><a href="/search?q=` + url.QueryEscape(v) + `">` + html.EscapeString(v) + `</a></p>`
		if got := inert.Problems(safe, 0); len(got) != 0 {
			t.Errorf("page with %q escaped: %v", v, got)
		}
	}
}

func TestProblemsCountsThePagesOwnScripts(t *testing.T) {
	t.Parallel()
	page := `<p>x</p><script src="/app.js"></script>`
	if got := inert.Problems(page, 1); len(got) != 0 {
		t.Errorf("one script allowed: %v", got)
	}
	if got := inert.Problems(page+page, 1); len(got) != 1 {
		t.Errorf("two scripts, one allowed: %v, want one problem", got)
	}
}

func ExampleProblems() {
	fmt.Println(inert.Problems(`<p><a href="javascript:alert(1)">x</a></p>`, 0))
	fmt.Println(inert.Problems(`<p>&lt;script&gt;</p>`, 0))
	// Output:
	// [href="javascript:alert(1)" in <a> has scheme "javascript"]
	// []
}
