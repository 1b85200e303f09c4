package precondition

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/statuskit/statuskit/field"
)

// FuzzEvaluate checks that Evaluate and RangeApplies never panic and keep
// their promises on any input: the status is 0, 304 or 412; 304 only for
// GET and HEAD; a decision names its field and cites a section; an error
// is a malformed entity-tag list; a request without preconditions goes
// on. Seeds live in testdata/fuzz/FuzzEvaluate.
func FuzzEvaluate(f *testing.F) {
	f.Fuzz(func(t *testing.T, method, ifMatch, ifNoneMatch, ims, ius, ifRange string, exists bool, etag string, weak bool, lastModified int64) {
		h := http.Header{}
		for name, v := range map[string]string{
			"If-Match": ifMatch, "If-None-Match": ifNoneMatch, "If-Modified-Since": ims,
			"If-Unmodified-Since": ius, "If-Range": ifRange,
		} {
			if v != "" {
				h.Set(name, v)
			}
		}
		h.Set("Range", "bytes=0-0")
		v := Validators{
			ETag: field.ETag{Weak: weak, Opaque: etag}, HasETag: etag != "",
			LastModified: time.Unix(lastModified%(1<<40), 0), Exists: exists, StrongLastModified: weak,
		}
		r, err := Evaluate(method, h, v)
		RangeApplies(method, h, v)
		if err != nil {
			if r != (Result{}) {
				t.Fatalf("error %v with result %+v", err, r)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "If-Match: ") && !strings.HasPrefix(msg, "If-None-Match: ") || len(msg) > 600 {
				t.Fatalf("error %q is not about an entity-tag list", msg)
			}
			return
		}
		switch r.Status {
		case 0:
			if r.Field != "" || r.Reason != "" {
				t.Fatalf("go on with %+v", r)
			}
		case http.StatusNotModified:
			if method != http.MethodGet && method != http.MethodHead {
				t.Fatalf("304 for %q (RFC 9110, 13.1.2 and 13.1.3: GET and HEAD only)", method)
			}
			fallthrough
		case http.StatusPreconditionFailed:
			if r.Field == "" || h.Get(r.Field) == "" || !strings.Contains(r.Reason, "RFC 9110, 13.1.") || len(r.Reason) > 1000 {
				t.Fatalf("%d decided by %q: %q", r.Status, r.Field, r.Reason)
			}
		default:
			t.Fatalf("status %d", r.Status)
		}
		if !Conditional(h) && h.Get("If-Modified-Since") == "" && r.Status != 0 {
			t.Fatalf("no precondition, yet %+v", r)
		}
	})
}
