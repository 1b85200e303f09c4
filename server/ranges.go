package server

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// defaultRangeSize is the length of the generated representation behind
// /206 and /416 unless ?size= says otherwise.
const defaultRangeSize = 1024

// maxRanges bounds a Range list: many small or overlapping ranges are a
// known denial-of-service pattern, and RFC 9110, 14.2 lets a server ignore
// such a field.
const maxRanges = 32

// rangeLastModified is the fixed Last-Modified of the generated
// representation, so If-Range with a date can be tested.
const rangeLastModified = "Mon, 01 Jan 2024 00:00:00 GMT"

// byteRange is an inclusive range resolved against a representation.
type byteRange struct{ first, last int64 }

func (b byteRange) contentRange(size int64) string {
	return fmt.Sprintf("bytes %d-%d/%d", b.first, b.last, size)
}

var (
	errIgnoreRange   = errors.New("range ignored")
	errUnsatisfiable = errors.New("range not satisfiable")
)

// parseRange reads a Range field (RFC 9110, 14.1.2) against a
// representation of size bytes. errIgnoreRange means the field is invalid,
// not in bytes, or too long, and the server must act as if it were absent;
// errUnsatisfiable means no range overlaps the representation (416).
func parseRange(v string, size int64) ([]byteRange, error) {
	unit, set, ok := strings.Cut(v, "=")
	if !ok || !strings.EqualFold(strings.TrimSpace(unit), "bytes") {
		return nil, errIgnoreRange
	}
	var out []byteRange
	specs := 0
	for spec := range strings.SplitSeq(set, ",") {
		spec = strings.TrimSpace(spec)
		if spec == "" {
			continue // empty list elements are allowed (RFC 9110, 5.6.1)
		}
		if specs++; specs > maxRanges {
			return nil, errIgnoreRange
		}
		firstText, lastText, ok := strings.Cut(spec, "-")
		if !ok {
			return nil, errIgnoreRange
		}
		if firstText == "" {
			// suffix-range: the last N bytes.
			n, err := parseDigits(lastText)
			if err != nil {
				return nil, errIgnoreRange
			}
			if n == 0 || size == 0 {
				continue // unsatisfiable on its own
			}
			out = append(out, byteRange{max(0, size-n), size - 1})
			continue
		}
		first, err := parseDigits(firstText)
		if err != nil {
			return nil, errIgnoreRange
		}
		last := size - 1
		if lastText != "" {
			if last, err = parseDigits(lastText); err != nil || last < first {
				return nil, errIgnoreRange
			}
			last = min(last, size-1)
		}
		if first >= size {
			continue
		}
		out = append(out, byteRange{first, last})
	}
	if specs == 0 {
		return nil, errIgnoreRange
	}
	if len(out) == 0 {
		return nil, errUnsatisfiable
	}
	return out, nil
}

func parseDigits(s string) (int64, error) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, errIgnoreRange
	}
	return strconv.ParseInt(s, 10, 64)
}

// generated returns bytes first..last of the generated representation: the
// alphabet repeated, so any range can be checked by eye and by test.
func generated(first, last int64) []byte {
	b := make([]byte, last-first+1)
	for i := range b {
		b[i] = 'a' + byte((first+int64(i))%26)
	}
	return b
}

// become switches the exchange to another status (206 asked for, but the
// request's own Range or If-Range decides otherwise).
func (x *exchange) become(number int) {
	x.number = number
	x.code = codeFor(number)
}

// rangeSize is the representation length for /206 and /416.
func (x *exchange) rangeSize() int64 {
	if x.mods.size > 0 {
		return x.mods.size
	}
	return min(defaultRangeSize, x.s.cfg.MaxRangeSize)
}

// preparePartial is /206: a real partial response. It honours Range
// (single ranges, and several as multipart/byteranges, RFC 9110, 14.6) and
// If-Range (13.1.5). With no usable Range it sends the first half, since
// the client asked for a 206.
func preparePartial(x *exchange) bool {
	if x.mods.hasBody {
		// Content-Range describes the generated representation; custom
		// content would contradict it.
		x.s.writeError(x.w, x.r, http.StatusBadRequest,
			"?body= cannot replace the content of a 206: Content-Range must describe the bytes sent; use ?size= to set the representation length instead")
		return false
	}
	size := x.rangeSize()
	serveRanges(x, size, defaultRanges(size))
	return true
}

func defaultRanges(size int64) []byteRange {
	return []byteRange{{0, max(0, size/2-1)}}
}

// serveRanges sets up a 206, 416 or 200 for the generated representation of
// size bytes, following the request's Range and If-Range. fallback is used
// when the request has no usable Range (nil means a full 200).
func serveRanges(x *exchange, size int64, fallback []byteRange) {
	h := x.w.Header()
	h.Set("Accept-Ranges", "bytes")
	h["Etag"] = etagValue
	h.Set("Last-Modified", rangeLastModified)
	h.Del("Vary")

	ranges := fallback
	rangeField := x.r.Header.Get("Range")
	if rangeField != "" && x.r.Method == http.MethodGet && ifRangeHolds(x.r.Header.Get("If-Range")) {
		parsed, err := parseRange(rangeField, size)
		switch err {
		case nil:
			ranges = parsed
		case errUnsatisfiable:
			// 15.5.17: Content-Range names the current length.
			x.become(http.StatusRequestedRangeNotSatisfiable)
			h.Del("Etag")
			h.Set("Content-Range", "bytes */"+strconv.FormatInt(size, 10))
			x.setMessage(fmt.Sprintf("no range in %q overlaps the %d-byte representation; ranges start at 0 and end at %d", truncate(rangeField, 60), size, size-1))
			return
		}
	} else if rangeField != "" && x.r.Method == http.MethodGet {
		// If-Range failed: the client's partial copy is stale, so it
		// gets the whole current representation (13.1.5).
		ranges = nil
	}
	switch {
	case len(ranges) == 0 || size == 0:
		x.become(http.StatusOK)
		x.body, x.ctype = generated(0, size-1), "text/plain; charset=utf-8"
	case len(ranges) == 1:
		x.become(http.StatusPartialContent)
		r := ranges[0]
		h.Set("Content-Range", r.contentRange(size))
		x.body, x.ctype = generated(r.first, r.last), "text/plain; charset=utf-8"
	default:
		x.become(http.StatusPartialContent)
		x.body, x.ctype = multipartRanges(ranges, size)
	}
}

// ifRangeHolds reports whether the ranges may be applied: no If-Range, or
// one that matches the current validator (a strong ETag or the exact date).
func ifRangeHolds(v string) bool {
	return v == "" || v == representationETag || v == rangeLastModified
}

// multipartBoundary separates parts; it cannot occur in the generated
// lower-case alphabet content.
const multipartBoundary = "STATUSKIT_BYTERANGES"

func multipartRanges(ranges []byteRange, size int64) ([]byte, string) {
	var b bytes.Buffer
	for _, r := range ranges {
		fmt.Fprintf(&b, "--%s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: %s\r\n\r\n", multipartBoundary, r.contentRange(size))
		b.Write(generated(r.first, r.last))
		b.WriteString("\r\n")
	}
	fmt.Fprintf(&b, "--%s--\r\n", multipartBoundary)
	return b.Bytes(), "multipart/byteranges; boundary=" + multipartBoundary
}

// prepareRangeNotSatisfiable is /416 with Content-Range: bytes */length,
// as RFC 9110, 15.5.17 asks.
func prepareRangeNotSatisfiable(x *exchange) bool {
	x.w.Header().Set("Content-Range", "bytes */"+strconv.FormatInt(x.rangeSize(), 10))
	return true
}
