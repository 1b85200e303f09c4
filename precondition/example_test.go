package precondition_test

import (
	"fmt"
	"net/http"
	"time"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/precondition"
)

// A server evaluates preconditions only when the response without them
// would be 2xx or 412 (RFC 9110, 13.2.1). For a note that does not exist,
// DELETE would be 404 whatever the preconditions say, while PUT would
// create it (201), so PUT's preconditions are evaluated.
func ExampleEvaluate() {
	current := precondition.Validators{ETag: field.ETag{Opaque: "v1"}, HasETag: true, Exists: true}
	// answer is how a handler for /notes/1 decides its status.
	answer := func(method string, h http.Header, exists bool) int {
		if !exists && method != http.MethodPut {
			return http.StatusNotFound // not 412: preconditions are not evaluated
		}
		v := precondition.Validators{} // nothing there
		if exists {
			v = current
		}
		r, err := precondition.Evaluate(method, h, v)
		switch {
		case err != nil:
			return http.StatusBadRequest // with err.Error() as the body
		case r.Status != 0:
			return r.Status // with r.Reason as the body of a 412
		case method == http.MethodPut && !exists:
			return http.StatusCreated
		}
		return http.StatusNoContent
	}
	ifMatchAny := http.Header{"If-Match": {"*"}}
	fmt.Println("DELETE If-Match: * on nothing:", answer(http.MethodDelete, ifMatchAny, false))
	fmt.Println("PUT If-Match: * on nothing:", answer(http.MethodPut, ifMatchAny, false))
	fmt.Println("PUT If-Match: * on the note:", answer(http.MethodPut, ifMatchAny, true))

	// If-None-Match: * creates only.
	createOnly := http.Header{"If-None-Match": {"*"}}
	fmt.Println("PUT If-None-Match: * on nothing:", answer(http.MethodPut, createOnly, false))
	fmt.Println("PUT If-None-Match: * on the note:", answer(http.MethodPut, createOnly, true))

	// A tag without its quotes is a client bug, answered 400.
	_, err := precondition.Evaluate(http.MethodPut, http.Header{"If-Match": {"v1"}}, current)
	fmt.Println(err)
	// Output:
	// DELETE If-Match: * on nothing: 404
	// PUT If-Match: * on nothing: 412
	// PUT If-Match: * on the note: 204
	// PUT If-None-Match: * on nothing: 201
	// PUT If-None-Match: * on the note: 412
	// If-Match: v1 is not "*" or a list of entity-tags; an entity-tag is in double quotes, e.g. If-Match: "abc", W/"xyz" (RFC 9110, 8.8.3)
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
