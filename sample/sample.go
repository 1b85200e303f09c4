// Package sample is the representation statuskit generates for the
// endpoints that need one to be about: /206, /304 and /416, and the
// httpbin-style /cache and /range/{n}. It is the lower-case alphabet
// repeated, so any byte range can be checked by eye and by test, with
// fixed validators (an entity-tag and a Last-Modified date) so
// conditional and range requests can be tested against it.
package sample

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/precondition"
	"github.com/statuskit/statuskit/reply"
)

// The sample's validators: a strong entity-tag and a Last-Modified date
// (RFC 9110, 8.8). They never change, which is honest because the content
// for a given length never does.
const (
	ETag         = `"statuskit-1"`
	LastModified = "Mon, 01 Jan 2024 00:00:00 GMT"
)

// Modified is LastModified as a time.
var Modified, _ = http.ParseTime(LastModified)

// ContentType is the sample's media type.
const ContentType = "text/plain; charset=utf-8"

// Validators are the sample's validators as the one evaluation of
// conditional requests reads them. Last-Modified is a strong validator:
// the content for a length never changes (RFC 9110, 8.8.2.2).
var Validators = precondition.Validators{
	ETag: field.ETag{Opaque: "statuskit-1"}, HasETag: true,
	LastModified: Modified, StrongLastModified: true, Exists: true,
}

// Bytes returns bytes first..last (inclusive) of the sample.
func Bytes(first, last int64) []byte {
	b := make([]byte, last-first+1)
	for i := range b {
		b[i] = 'a' + byte((first+int64(i))%26)
	}
	return b
}

// ByteRange is an inclusive range resolved against a representation.
type ByteRange = field.ByteRange

// Ranges answers a request for the sample of size bytes following its
// Range and If-Range (RFC 9110, 14 and 13.1.5): 206 with Content-Range for
// one range, 206 multipart/byteranges for several, 416 with Content-Range
// bytes */size when none overlaps, and the whole 200 when the request has
// no usable Range. fallback, when not nil, is served as a 206 instead of
// that 200 (/206 answers partially even without a Range). The sample's
// validators and Accept-Ranges are set on w's header.
func Ranges(w http.ResponseWriter, r *http.Request, size int64, fallback []ByteRange) reply.Response {
	h := w.Header()
	h.Set("Accept-Ranges", "bytes")
	h.Set("Etag", ETag)
	h.Set("Last-Modified", LastModified)

	ranges := fallback
	if r.Method == http.MethodGet && r.Header.Get("Range") != "" {
		// A Range with a stale If-Range gets the whole current
		// representation: the client's partial copy is out of date
		// (13.1.5).
		ranges = nil
	}
	if precondition.RangeApplies(r.Method, r.Header, Validators) {
		rangeField := r.Header.Get("Range")
		parsed, err := field.ParseRange(rangeField, size, field.DefaultMaxRanges)
		switch {
		case err == nil:
			ranges = parsed
		case errors.Is(err, field.ErrRangeNotSatisfiable):
			// 15.5.17: Content-Range names the current length; the 416 is
			// not a representation, so no validator.
			h.Del("Etag")
			h.Set("Content-Range", "bytes */"+strconv.FormatInt(size, 10))
			h.Set("Cache-Control", "no-store")
			return reply.Response{Status: http.StatusRequestedRangeNotSatisfiable, Message: fmt.Sprintf(
				"no range in %q overlaps the %d-byte representation; ranges start at 0 and end at %d", param.Clip(rangeField, 60), size, size-1)}
		default:
			// An invalid Range is ignored (14.2): the answer is what it
			// would have been without one.
			ranges = fallback
		}
	}
	switch {
	case len(ranges) == 0 || size == 0:
		return reply.Response{Status: http.StatusOK, Content: Bytes(0, size-1), HasContent: true, ContentType: ContentType}
	case len(ranges) == 1:
		br := ranges[0]
		h.Set("Content-Range", br.ContentRange(size).String())
		return reply.Response{Status: http.StatusPartialContent, Content: Bytes(br.First, br.Last), HasContent: true, ContentType: ContentType}
	default:
		body, ctype := multipart(ranges, size)
		return reply.Response{Status: http.StatusPartialContent, Content: body, HasContent: true, ContentType: ctype}
	}
}

// multipartBoundary separates parts; it cannot occur in the lower-case
// alphabet content.
const multipartBoundary = "STATUSKIT_BYTERANGES"

func multipart(ranges []ByteRange, size int64) ([]byte, string) {
	var b bytes.Buffer
	for _, r := range ranges {
		fmt.Fprintf(&b, "--%s\r\nContent-Type: %s\r\nContent-Range: %s\r\n\r\n", multipartBoundary, ContentType, r.ContentRange(size).String())
		b.Write(Bytes(r.First, r.Last))
		b.WriteString("\r\n")
	}
	fmt.Fprintf(&b, "--%s--\r\n", multipartBoundary)
	return b.Bytes(), "multipart/byteranges; boundary=" + multipartBoundary
}
