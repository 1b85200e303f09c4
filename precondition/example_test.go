package precondition_test

import (
	"fmt"
	"net/http"
	"time"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/precondition"
)

// A write that must not overwrite someone else's change, and a create that
// must not replace: the server evaluates the preconditions only when the
// response without them would be 2xx or 412 (RFC 9110, 13.2.1).
func ExampleEvaluate() {
	// PUT /notes/1 with If-Match: * while /notes/1 does not exist: the PUT
	// would create it (201), so the precondition is evaluated, and fails.
	h := http.Header{"If-Match": {"*"}}
	r, err := precondition.Evaluate(http.MethodPut, h, precondition.Validators{Exists: false})
	fmt.Println(r.Status, r.Field, err)

	// DELETE /notes/1 with If-Match: * while it does not exist: without
	// the precondition the answer is 404, so the server answers 404 and
	// does not call Evaluate at all.

	// PUT with If-None-Match: * creates only: it holds while nothing is
	// there, and fails once the note exists.
	h = http.Header{"If-None-Match": {"*"}}
	r, _ = precondition.Evaluate(http.MethodPut, h, precondition.Validators{})
	fmt.Println(r.Status)
	current := precondition.Validators{ETag: field.ETag{Opaque: "v1"}, HasETag: true, Exists: true}
	r, _ = precondition.Evaluate(http.MethodPut, h, current)
	fmt.Println(r.Status, r.Field)

	// A tag without its quotes is a client bug: answer 400 with the error.
	_, err = precondition.Evaluate(http.MethodGet, http.Header{"If-None-Match": {"v1"}}, current)
	fmt.Println(err)
	// Output:
	// 412 If-Match <nil>
	// 0
	// 412 If-None-Match
	// If-None-Match: v1 is not "*" or a list of entity-tags; an entity-tag is in double quotes, e.g. If-None-Match: "abc", W/"xyz" (RFC 9110, 8.8.3)
}

// A cache revalidates its copy: 304 for GET and HEAD.
func ExampleEvaluate_notModified() {
	modified := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	v := precondition.Validators{
		ETag: field.ETag{Opaque: "v1"}, HasETag: true, LastModified: modified, Exists: true,
	}
	h := http.Header{"If-None-Match": {`W/"v0", W/"v1"`}}
	r, _ := precondition.Evaluate(http.MethodGet, h, v)
	fmt.Println(r.Status, r.Field)

	// Without If-None-Match, If-Modified-Since decides.
	h = http.Header{"If-Modified-Since": {"Mon, 01 Jan 2024 00:00:00 GMT"}}
	r, _ = precondition.Evaluate(http.MethodHead, h, v)
	fmt.Println(r.Status, r.Field)
	// Output:
	// 304 If-None-Match
	// 304 If-Modified-Since
}

func ExampleRangeApplies() {
	v := precondition.Validators{ETag: field.ETag{Opaque: "v1"}, HasETag: true, Exists: true}
	h := http.Header{"Range": {"bytes=0-99"}, "If-Range": {`"v1"`}}
	fmt.Println(precondition.RangeApplies(http.MethodGet, h, v))

	// The client's partial copy is stale: send the whole representation.
	h.Set("If-Range", `"v0"`)
	fmt.Println(precondition.RangeApplies(http.MethodGet, h, v))
	// Output:
	// true
	// false
}

func ExampleConditional() {
	// A server that requires conditional writes answers 428 (RFC 6585, 3)
	// to an unconditional PUT.
	fmt.Println(precondition.Conditional(http.Header{}))
	fmt.Println(precondition.Conditional(http.Header{"If-Match": {`"v1"`}}))
	// Output:
	// false
	// true
}
