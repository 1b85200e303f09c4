package precondition

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/statuskit/statuskit/field"
)

// lastModified has nanoseconds: Evaluate compares at the one-second
// resolution of an HTTP-date (RFC 9110, 8.8.2).
var lastModified = time.Date(2024, 1, 1, 12, 0, 0, 123456789, time.UTC)

var (
	existing = Validators{ETag: field.ETag{Opaque: "v1"}, HasETag: true, LastModified: lastModified, Exists: true}
	missing  = Validators{}
)

func date(d time.Duration) string { return field.FormatHTTPDate(lastModified.Add(d)) }

func header(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

// TestEvaluateFollowsTheOrderOfRFC9110 runs every precondition and
// combination against every method, for a resource that exists and for
// one that does not (as a PUT that creates would see it).
func TestEvaluateFollowsTheOrderOfRFC9110(t *testing.T) {
	const ok, nm, pf = 0, http.StatusNotModified, http.StatusPreconditionFailed
	for _, tc := range []struct {
		name string
		h    http.Header
		// expected status for GET/HEAD and for PUT/DELETE/POST, when the
		// resource exists and when it does not.
		existsSafe, existsUnsafe, missingSafe, missingUnsafe int
		field                                                string // deciding field when exists (safe)
	}{
		{"no precondition", header(), ok, ok, ok, ok, ""},

		{"If-Match matching", header("If-Match", `"v1"`), ok, ok, pf, pf, ""},
		{"If-Match in a list", header("If-Match", `"v0", "v1"`), ok, ok, pf, pf, ""},
		{"If-Match not matching", header("If-Match", `"v0"`), pf, pf, pf, pf, "If-Match"},
		{"If-Match *", header("If-Match", `*`), ok, ok, pf, pf, ""},
		{"If-Match weak never matches (strong comparison)", header("If-Match", `W/"v1"`), pf, pf, pf, pf, "If-Match"},
		{"If-Match empty list", header("If-Match", ``), pf, pf, pf, pf, "If-Match"},

		{"If-None-Match matching", header("If-None-Match", `"v1"`), nm, pf, ok, ok, "If-None-Match"},
		{"If-None-Match not matching", header("If-None-Match", `"v0"`), ok, ok, ok, ok, ""},
		{"If-None-Match *", header("If-None-Match", `*`), nm, pf, ok, ok, "If-None-Match"},
		{"If-None-Match weak matches (weak comparison)", header("If-None-Match", `W/"v1"`), nm, pf, ok, ok, "If-None-Match"},
		{"If-None-Match on two lines", header("If-None-Match", `"v0"`, "If-None-Match", `"v1"`), nm, pf, ok, ok, "If-None-Match"},

		{"If-Modified-Since older", header("If-Modified-Since", date(-time.Hour)), ok, ok, ok, ok, ""},
		{"If-Modified-Since equal", header("If-Modified-Since", date(0)), nm, ok, ok, ok, "If-Modified-Since"},
		{"If-Modified-Since newer", header("If-Modified-Since", date(time.Hour)), nm, ok, ok, ok, "If-Modified-Since"},
		{"If-Modified-Since obsolete format", header("If-Modified-Since", "Monday, 01-Jan-24 13:00:00 GMT"), nm, ok, ok, ok, "If-Modified-Since"},
		{"If-Modified-Since invalid is ignored", header("If-Modified-Since", "yesterday"), ok, ok, ok, ok, ""},
		{"If-Modified-Since as a list is ignored", header("If-Modified-Since", date(time.Hour), "If-Modified-Since", date(time.Hour)), ok, ok, ok, ok, ""},

		{"If-Unmodified-Since older", header("If-Unmodified-Since", date(-time.Hour)), pf, pf, ok, ok, "If-Unmodified-Since"},
		{"If-Unmodified-Since equal", header("If-Unmodified-Since", date(0)), ok, ok, ok, ok, ""},
		{"If-Unmodified-Since newer", header("If-Unmodified-Since", date(time.Hour)), ok, ok, ok, ok, ""},
		{"If-Unmodified-Since invalid is ignored", header("If-Unmodified-Since", "Sun, 06 Nov 1994"), ok, ok, ok, ok, ""},
		{"If-Unmodified-Since as a list is ignored", header("If-Unmodified-Since", date(-time.Hour), "If-Unmodified-Since", date(-time.Hour)), ok, ok, ok, ok, ""},

		// Precedence (13.2.2).
		{"If-Match holds, so If-Unmodified-Since is ignored", header("If-Match", `"v1"`, "If-Unmodified-Since", date(-time.Hour)), ok, ok, pf, pf, ""},
		{"If-Match fails before If-None-Match", header("If-Match", `"v0"`, "If-None-Match", `"v0"`), pf, pf, pf, pf, "If-Match"},
		{"If-Unmodified-Since fails before If-None-Match", header("If-Unmodified-Since", date(-time.Hour), "If-None-Match", `"v1"`), pf, pf, ok, ok, "If-Unmodified-Since"},
		{"If-None-Match present, so If-Modified-Since is ignored", header("If-None-Match", `"v0"`, "If-Modified-Since", date(time.Hour)), ok, ok, ok, ok, ""},
		{"If-None-Match decides before If-Modified-Since", header("If-None-Match", `"v1"`, "If-Modified-Since", date(-time.Hour)), nm, pf, ok, ok, "If-None-Match"},
		{"If-Match * and If-None-Match *", header("If-Match", "*", "If-None-Match", "*"), nm, pf, pf, pf, "If-None-Match"},
		{"If-Match and If-None-Match on the same tag", header("If-Match", `"v1"`, "If-None-Match", `"v1"`), nm, pf, pf, pf, "If-None-Match"},
		{"If-Match holds, If-Modified-Since newer", header("If-Match", `"v1"`, "If-Modified-Since", date(time.Hour)), nm, ok, pf, pf, "If-Modified-Since"},
	} {
		for _, method := range []string{"GET", "HEAD", "PUT", "DELETE", "POST"} {
			safe := method == "GET" || method == "HEAD"
			for _, exists := range []bool{true, false} {
				v, want := existing, tc.existsUnsafe
				switch {
				case exists && safe:
					want = tc.existsSafe
				case !exists && safe:
					v, want = missing, tc.missingSafe
				case !exists:
					v, want = missing, tc.missingUnsafe
				}
				got, err := Evaluate(method, tc.h, v)
				if err != nil || got.Status != want {
					t.Errorf("%s: %s (exists=%v) = %d %q, %v; want %d (RFC 9110, 13.2.2)", tc.name, method, exists, got.Status, got.Reason, err, want)
					continue
				}
				if got.Status == 0 && (got.Field != "" || got.Reason != "") {
					t.Errorf("%s: %s: go on, but Field %q Reason %q", tc.name, method, got.Field, got.Reason)
				}
				if got.Status != 0 && (got.Field == "" || !strings.Contains(got.Reason, "RFC 9110, 13.1.")) {
					t.Errorf("%s: %s: %d with Field %q, Reason %q; want the deciding field and a section", tc.name, method, got.Status, got.Field, got.Reason)
				}
				if exists && safe && got.Field != tc.field {
					t.Errorf("%s: %s: decided by %q, want %q", tc.name, method, got.Field, tc.field)
				}
			}
		}
	}
}

func TestEvaluateWithoutValidators(t *testing.T) {
	noDate := Validators{ETag: field.ETag{Opaque: "v1"}, HasETag: true, Exists: true}
	noTag := Validators{LastModified: lastModified, Exists: true}
	for _, tc := range []struct {
		name   string
		method string
		h      http.Header
		v      Validators
		want   int
	}{
		// 13.1.3 and 13.1.4: no modification date, the dates are ignored.
		{"IUS without a date", "PUT", header("If-Unmodified-Since", date(-time.Hour)), noDate, 0},
		{"IMS without a date", "GET", header("If-Modified-Since", date(time.Hour)), noDate, 0},
		// No entity-tag: a list never matches, "*" still does.
		{"If-Match without a tag", "PUT", header("If-Match", `"v1"`), noTag, http.StatusPreconditionFailed},
		{"If-Match * without a tag", "PUT", header("If-Match", `*`), noTag, 0},
		{"If-None-Match without a tag", "GET", header("If-None-Match", `"v1"`), noTag, 0},
		{"If-None-Match * without a tag", "GET", header("If-None-Match", `*`), noTag, http.StatusNotModified},
		// 13.2.1: no preconditions for methods that select no representation.
		{"OPTIONS", "OPTIONS", header("If-Match", `"v0"`), existing, 0},
		{"TRACE", "TRACE", header("If-None-Match", `*`), existing, 0},
		{"CONNECT", "CONNECT", header("If-Match", `abc`), existing, 0},
		// Methods are case-sensitive (9.1): "get" is not GET.
		{"lower-case get", "get", header("If-None-Match", `"v1"`), existing, http.StatusPreconditionFailed},
		{"PATCH", "PATCH", header("If-Match", `"v1"`), existing, 0},
	} {
		got, err := Evaluate(tc.method, tc.h, tc.v)
		if err != nil || got.Status != tc.want {
			t.Errorf("%s: %d (%s), %v; want %d", tc.name, got.Status, got.Reason, err, tc.want)
		}
	}
}

func TestEvaluateMalformedEntityTagListIs400(t *testing.T) {
	for _, h := range []http.Header{
		header("If-None-Match", "abc"),
		header("If-Match", "abc"),
		header("If-Match", `"v0"`, "If-None-Match", "abc"), // checked before If-Match decides
		header("If-Match", `"v1", *`),
		header("If-None-Match", `"a" "b"`),
	} {
		for _, method := range []string{"GET", "PUT"} {
			_, err := Evaluate(method, h, existing)
			var fe *field.Error
			if err == nil || !strings.Contains(err.Error(), "RFC 9110") || !errors.As(err, &fe) {
				t.Errorf("%s %v: error %v; want a *field.Error for a 400", method, h, err)
			}
		}
	}
	_, err := Evaluate("GET", header("If-None-Match", "abc"), existing)
	want := `If-None-Match: abc is not "*" or a list of entity-tags; an entity-tag is in double quotes, e.g. If-None-Match: "abc", W/"xyz" (RFC 9110, 8.8.3)`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant    %s", err, want)
	}
}

func TestEvaluateReasonsSayWhatToDo(t *testing.T) {
	r, _ := Evaluate("PUT", header("If-Match", "*"), missing)
	if r.Status != http.StatusPreconditionFailed || !strings.Contains(r.Reason, "If-None-Match: *") {
		t.Errorf("PUT If-Match: * on nothing: %d %q; want 412 pointing at If-None-Match: *", r.Status, r.Reason)
	}
	r, _ = Evaluate("PUT", header("If-Match", `"v0"`), existing)
	if !strings.Contains(r.Reason, `ETag: "v1"`) || !strings.Contains(r.Reason, "13.1.1") {
		t.Errorf("If-Match mismatch reason %q; want the current ETag and 13.1.1", r.Reason)
	}
	r, _ = Evaluate("PUT", header("If-None-Match", "*"), existing)
	if !strings.Contains(r.Reason, "already has a current representation") {
		t.Errorf("If-None-Match: * on an existing resource: %q", r.Reason)
	}
	r, _ = Evaluate("DELETE", header("If-Unmodified-Since", date(-time.Hour)), existing)
	if !strings.Contains(r.Reason, "Mon, 01 Jan 2024 12:00:00 GMT") {
		t.Errorf("If-Unmodified-Since reason %q; want Last-Modified as an HTTP-date", r.Reason)
	}
	r, _ = Evaluate("GET", header("If-None-Match", "\"\xff\""), Validators{ETag: field.ETag{Opaque: "\xff"}, HasETag: true, Exists: true})
	if r.Status != http.StatusNotModified || strings.ContainsRune(r.Reason, '\xff') || !strings.Contains(r.Reason, `\xff`) {
		t.Errorf("obs-text in a tag: %q; want it escaped", r.Reason)
	}
}

func TestRangeAppliesIsIfRange(t *testing.T) {
	strongDate := existing
	strongDate.StrongLastModified = true
	rng := func(kv ...string) http.Header { return header(append([]string{"Range", "bytes=0-9"}, kv...)...) }
	for _, tc := range []struct {
		name   string
		method string
		h      http.Header
		v      Validators
		want   bool
	}{
		{"GET with Range", "GET", rng(), existing, true},
		{"no Range", "GET", header("If-Range", `"v1"`), existing, false},
		{"HEAD ignores Range (14.2)", "HEAD", rng(), existing, false},
		{"POST ignores Range", "POST", rng(), existing, false},
		{"PUT ignores Range", "PUT", rng(), existing, false},
		{"Range on two lines", "GET", header("Range", "bytes=0-1", "Range", "bytes=2-3"), existing, false},
		{"no representation", "GET", rng(), missing, false},
		{"If-Range strong match", "GET", rng("If-Range", `"v1"`), existing, true},
		{"If-Range other tag", "GET", rng("If-Range", `"v0"`), existing, false},
		{"If-Range weak tag never matches", "GET", rng("If-Range", `W/"v1"`), existing, false},
		{"If-Range against a weak ETag", "GET", rng("If-Range", `"v1"`), Validators{ETag: field.ETag{Weak: true, Opaque: "v1"}, HasETag: true, Exists: true}, false},
		{"If-Range tag without an ETag", "GET", rng("If-Range", `"v1"`), Validators{LastModified: lastModified, Exists: true}, false},
		{"If-Range exact strong date", "GET", rng("If-Range", date(0)), strongDate, true},
		{"If-Range exact date, not known strong", "GET", rng("If-Range", date(0)), existing, false},
		{"If-Range older date", "GET", rng("If-Range", date(-time.Second)), strongDate, false},
		{"If-Range newer date is not exact", "GET", rng("If-Range", date(time.Hour)), strongDate, false},
		{"If-Range date without Last-Modified", "GET", rng("If-Range", date(0)), Validators{ETag: field.ETag{Opaque: "v1"}, HasETag: true, Exists: true, StrongLastModified: true}, false},
		{"If-Range garbage", "GET", rng("If-Range", "v1"), strongDate, false},
		{"If-Range malformed tag", "GET", rng("If-Range", `"v1`), strongDate, false},
		{"If-Range on two lines", "GET", rng("If-Range", `"v1"`, "If-Range", `"v1"`), existing, false},
	} {
		if got := RangeApplies(tc.method, tc.h, tc.v); got != tc.want {
			t.Errorf("%s: RangeApplies = %v, want %v (RFC 9110, 13.1.5 and 14.2)", tc.name, got, tc.want)
		}
	}
}

func TestConditionalIsTheLostUpdatePreconditions(t *testing.T) {
	for _, tc := range []struct {
		h    http.Header
		want bool
	}{
		{header(), false},
		{header("If-Match", `"a"`), true},
		{header("If-None-Match", "*"), true},
		{header("If-Unmodified-Since", date(0)), true},
		{header("If-Modified-Since", date(0)), false}, // protects a cache, not a write
		{header("If-Range", `"a"`), false},
		{http.Header{"If-Match": {}}, false},
	} {
		if got := Conditional(tc.h); got != tc.want {
			t.Errorf("Conditional(%v) = %v, want %v (RFC 6585, 3)", tc.h, got, tc.want)
		}
	}
}
