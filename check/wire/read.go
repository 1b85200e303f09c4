// Package wire is the checker's HTTP/1.1 client: it writes a request on a
// raw connection and reads the response exactly as the server sent it.
//
// Go's net/http client repairs or hides what a checker must see: it drops
// content sent on a 204 or to a HEAD, swallows 1xx responses, turns a
// Content-Length that does not match the content into a vague error, and
// follows redirects. This package does none of that. ReadResponse parses the
// status line, the field lines and the framing (RFC 9112, 4 to 7) and records
// what it found, including what a conforming message would not have: bytes
// after the end of the message, content cut short, interim responses with no
// final one.
//
// Every read is bounded (Limits) and every exchange has a deadline (Client).
package wire

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/status"
)

// Limits bound what one response may make the reader hold or read. A
// field that is zero (or negative) takes its value from DefaultLimits:
// none of these limits is useful at zero.
type Limits struct {
	// MaxHeaderBytes bounds the status line and field lines of one
	// response (each interim response has its own budget), CRLFs
	// included. A longer header section is a *SyntaxError.
	MaxHeaderBytes int
	// MaxContent is how many bytes of content (and of bytes after the
	// message) are kept in Response.Content and Response.After.
	MaxContent int
	// MaxRead is how many bytes of content are read and counted before the
	// reader gives up (Response.Truncated): beyond it a Content-Length
	// cannot be judged.
	MaxRead int64
	// MaxInterim is how many 1xx responses are read before the final one;
	// more is a *SyntaxError.
	MaxInterim int
}

// DefaultLimits are the checker's: 64 KiB of header section, 64 KiB of
// content kept, 8 MiB read, 8 interim responses.
var DefaultLimits = Limits{MaxHeaderBytes: 64 << 10, MaxContent: 64 << 10, MaxRead: 8 << 20, MaxInterim: 8}

// Framing is how the end of a response's content was determined (RFC
// 9112, 6.3).
type Framing string

// The framings of RFC 9112, 6.3, in its order of precedence.
const (
	// NoContent: the response cannot have content (a response to HEAD,
	// 1xx, 204, 304), so it ends with the header section.
	NoContent Framing = "none"
	// Chunked: Transfer-Encoding ending in chunked.
	Chunked Framing = "chunked"
	// Length: a valid Content-Length.
	Length Framing = "content-length"
	// Close: the content ends when the server closes the connection.
	Close Framing = "close"
)

// Field is one field line as received: the name as the server wrote it
// and the value without surrounding whitespace.
type Field struct {
	Name, Value string
}

// Interim is a 1xx response received before the final one.
type Interim struct {
	Status int
	Reason string
	Header http.Header
	// Head is the status line and field lines as received.
	Head []byte
}

// Response is a response as it was on the wire.
type Response struct {
	// Proto is "HTTP/1.1" or "HTTP/1.0".
	Proto string
	// Status is the three-digit status code, which may be outside
	// 100-599: the reader reports what was sent, the checker judges it.
	Status int
	// Reason is the reason phrase, possibly empty.
	Reason string
	// Header holds the field lines under canonical names, values in the
	// order received.
	Header http.Header
	// Fields are the field lines in the order received.
	Fields []Field
	// Interim are the 1xx responses that came before this one.
	Interim []Interim
	// Head is the status line and field lines as received, up to the
	// empty line.
	Head []byte
	// Framing is how the content's end was found.
	Framing Framing
	// ContentLength is the Content-Length value, -1 without one or when
	// it is too large to count (TooLarge).
	ContentLength int64
	// Content is the content (dechunked), at most Limits.MaxContent bytes.
	Content []byte
	// ContentSize is how many bytes of content were received, counting
	// those not kept.
	ContentSize int64
	// Truncated: the content was longer than Limits.MaxRead and was not
	// read to its end.
	Truncated bool
	// Incomplete: the connection ended before the framing said the
	// content did (fewer bytes than Content-Length, a chunked coding
	// without its last chunk).
	Incomplete bool
	// After holds bytes the server sent after the end of the message
	// (Client.Do reads them; ReadResponse does not), at most
	// Limits.MaxContent of them; AfterSize counts them all.
	After     []byte
	AfterSize int64
	// Trailer holds trailer fields of a chunked message.
	Trailer http.Header
	// TooLarge, when not nil, is a Content-Length or chunk size too large
	// for the reader to count (above 2^63-1). Such a number is valid (RFC
	// 9110, 8.6), so the content was read as if it went on for ever: up
	// to Limits.MaxRead (Truncated) or until the connection ended
	// (Incomplete).
	TooLarge *TooLargeError
}

// SyntaxError is a response that is not an HTTP/1.1 message: RFC 9112
// says how each part is written, and this part was not.
type SyntaxError struct {
	// What names the part: "status line", "field line", "chunked coding".
	What string
	// Text is the offending text, shortened.
	Text string
	// Reason says what was wrong, citing the section.
	Reason string
}

func (e *SyntaxError) Error() string {
	if e.Text == "" {
		return fmt.Sprintf("malformed %s: %s", e.What, e.Reason)
	}
	return fmt.Sprintf("malformed %s %s: %s", e.What, strconv.Quote(shorten(e.Text, 80)), e.Reason)
}

// TooLargeError is a number in a message's framing that is valid syntax
// but larger than the reader can count: a Content-Length above
// 9223372036854775807 or a chunk size above 7fffffffffffffff. RFC 9110,
// 8.6 allows any length and has a recipient anticipate large numerals, so
// it is not a fault of the message.
type TooLargeError struct {
	// What is "Content-Length" or "chunk size".
	What string
	// Text is the number as sent.
	Text string
	// Max is the largest value the reader counts, written as What is.
	Max string
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s %s is larger than this checker can read (at most %s)", e.What, shorten(e.Text, 80), e.Max)
}

// ErrNoFinalResponse is returned (with the Response holding the interim
// responses) when the connection ended after one or more 1xx responses
// without a final one (RFC 9110, 15: zero or more interim responses are
// followed by exactly one final response).
var ErrNoFinalResponse = errors.New("the connection ended after an interim (1xx) response without a final response")

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// ReadResponse reads one response to a request with method from br: any
// 1xx responses, then the final one and its content. It does not read
// what follows the message.
//
// It returns a *SyntaxError for a message RFC 9112 does not allow, and
// ErrNoFinalResponse (with the interim responses) when the input ends
// after a 1xx. An input that ends before any byte of a status line
// returns io.ErrUnexpectedEOF, or the reader's own error. Content cut
// short is not an error: Response.Incomplete says so.
func ReadResponse(br *bufio.Reader, method string, lim Limits) (*Response, error) {
	lim = lim.withDefaults()
	var interim []Interim
	for {
		resp, err := readHead(br, lim)
		if err != nil {
			if len(interim) > 0 && isEnd(err) {
				return &Response{Interim: interim, ContentLength: -1}, ErrNoFinalResponse
			}
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		// 101 is final: the connection then belongs to another protocol
		// (RFC 9110, 15.2.2).
		if resp.Status/100 == 1 && resp.Status != 101 {
			if len(interim) >= lim.MaxInterim {
				return nil, &SyntaxError{What: "response", Reason: fmt.Sprintf("more than %d interim (1xx) responses before the final one", lim.MaxInterim)}
			}
			interim = append(interim, Interim{Status: resp.Status, Reason: resp.Reason, Header: resp.Header, Head: resp.Head})
			continue
		}
		resp.Interim = interim
		if err := readContent(br, method, resp, lim); err != nil {
			return resp, err
		}
		return resp, nil
	}
}

func (l Limits) withDefaults() Limits {
	if l.MaxHeaderBytes <= 0 {
		l.MaxHeaderBytes = DefaultLimits.MaxHeaderBytes
	}
	if l.MaxContent <= 0 {
		l.MaxContent = DefaultLimits.MaxContent
	}
	if l.MaxRead <= 0 {
		l.MaxRead = DefaultLimits.MaxRead
	}
	if l.MaxInterim <= 0 {
		l.MaxInterim = DefaultLimits.MaxInterim
	}
	return l
}

func isEnd(err error) bool {
	var ne interface{ Timeout() bool }
	return err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &ne) && ne.Timeout()
}

// readLine reads one line ending in LF (a bare LF is allowed, RFC 9112,
// 2.2), charging its length to budget, and returns it without CRLF.
func readLine(br *bufio.Reader, head *bytes.Buffer, budget *int) (string, error) {
	var line []byte
	for {
		frag, err := br.ReadSlice('\n')
		*budget -= len(frag)
		if *budget < 0 {
			return "", &SyntaxError{What: "header section", Reason: "longer than the reader's limit (see Limits.MaxHeaderBytes)"}
		}
		line = append(line, frag...)
		if err == nil {
			break
		}
		if err != bufio.ErrBufferFull {
			if len(line) > 0 && err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return "", err
		}
	}
	head.Write(line)
	s := strings.TrimSuffix(string(line), "\n")
	s = strings.TrimSuffix(s, "\r")
	if strings.IndexByte(s, '\r') >= 0 {
		return "", &SyntaxError{What: "line", Text: s, Reason: "holds a bare CR, which RFC 9112, 2.2 does not allow outside CRLF"}
	}
	return s, nil
}

func readHead(br *bufio.Reader, lim Limits) (*Response, error) {
	var head bytes.Buffer
	budget := lim.MaxHeaderBytes
	line, err := readLine(br, &head, &budget)
	if err != nil {
		return nil, err
	}
	resp := &Response{Header: http.Header{}, ContentLength: -1}
	if err := parseStatusLine(line, resp); err != nil {
		return nil, err
	}
	for {
		line, err := readLine(br, &head, &budget)
		if err != nil {
			if isEnd(err) {
				return nil, &SyntaxError{What: "header section", Reason: "the connection ended before the empty line that ends it (RFC 9112, 2.1)"}
			}
			return nil, err
		}
		if line == "" {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			return nil, &SyntaxError{What: "field line", Text: line, Reason: "is line folding (obs-fold), which a server MUST NOT generate (RFC 9112, 5.2)"}
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, &SyntaxError{What: "field line", Text: line, Reason: "has no colon; a field line is name \":\" value, e.g. Allow: GET, HEAD (RFC 9112, 5)"}
		}
		if !field.IsToken(name) {
			return nil, &SyntaxError{What: "field line", Text: line, Reason: "has a field name that is not a token (no whitespace before the colon, RFC 9112, 5.1)"}
		}
		value = strings.Trim(value, " \t")
		if !field.ValidValue(value) {
			return nil, &SyntaxError{What: "field line", Text: line, Reason: "has a control character in its value (RFC 9110, 5.5)"}
		}
		resp.Fields = append(resp.Fields, Field{Name: name, Value: value})
		resp.Header[http.CanonicalHeaderKey(name)] = append(resp.Header[http.CanonicalHeaderKey(name)], value)
	}
	resp.Head = head.Bytes()
	return resp, nil
}

// parseStatusLine reads HTTP-version SP status-code SP [reason-phrase]
// (RFC 9112, 4). The SP before an empty reason phrase is tolerated, as
// most clients do.
func parseStatusLine(line string, resp *Response) error {
	bad := func(reason string) error { return &SyntaxError{What: "status line", Text: line, Reason: reason} }
	proto, rest, ok := strings.Cut(line, " ")
	if !ok {
		return bad("is not HTTP-version SP status-code SP reason-phrase, e.g. HTTP/1.1 404 Not Found (RFC 9112, 4)")
	}
	if proto != "HTTP/1.1" && proto != "HTTP/1.0" {
		return bad("does not start with HTTP/1.1 or HTTP/1.0 (RFC 9112, 2.3)")
	}
	code, reason, _ := strings.Cut(rest, " ")
	n, err := status.ParseCode(code)
	var re *status.RangeError
	switch {
	case errors.As(err, &re):
		n = re.Number // three digits outside 100-599: the checker's to judge
	case err != nil:
		return bad("has a status code that is not three digits (RFC 9112, 4)")
	}
	for i := 0; i < len(reason); i++ {
		if c := reason[i]; c < ' ' && c != '\t' || c == 0x7f {
			return bad("has a control character in its reason phrase (RFC 9112, 4)")
		}
	}
	resp.Proto, resp.Status, resp.Reason = proto, n, reason
	return nil
}

// framing decides how the content ends (RFC 9112, 6.3) and reads
// Content-Length.
func framing(method string, resp *Response) (Framing, error) {
	if method == http.MethodHead || resp.Status/100 == 1 || resp.Status == 204 || resp.Status == 304 {
		return NoContent, nil
	}
	if te := resp.Header.Values("Transfer-Encoding"); len(te) > 0 {
		codings, err := field.ParseTokenList("Transfer-Encoding", te)
		if err == nil && len(codings) > 0 && strings.EqualFold(codings[len(codings)-1], "chunked") {
			return Chunked, nil
		}
		return Close, nil
	}
	if cl := resp.Header.Values("Content-Length"); len(cl) > 0 {
		n, err := ParseContentLength(cl)
		var tl *TooLargeError
		switch {
		case errors.As(err, &tl):
			resp.TooLarge = tl
		case err != nil:
			return "", err
		}
		resp.ContentLength = n
		return Length, nil
	}
	return Close, nil
}

// ParseContentLength reads the Content-Length field lines of a message:
// 1*DIGIT, where a list of identical values counts as one (RFC 9112, 6.3,
// item 5). It returns the length, or -1 and a *SyntaxError for a value
// that is not digits or for different values, or -1 and a
// *TooLargeError for a valid value above 9223372036854775807.
func ParseContentLength(lines []string) (int64, error) {
	all := strings.Join(lines, ", ")
	var digits string // the value without leading zeros
	for _, line := range lines {
		for v := range strings.SplitSeq(line, ",") {
			v = strings.Trim(v, " \t")
			if v == "" || strings.Trim(v, "0123456789") != "" {
				return -1, &SyntaxError{What: "Content-Length", Text: all, Reason: "is not a decimal number of octets, e.g. Content-Length: 1234 (RFC 9110, 8.6; RFC 9112, 6.3)"}
			}
			d := strings.TrimLeft(v, "0")
			if d == "" {
				d = "0"
			}
			if digits != "" && d != digits {
				return -1, &SyntaxError{What: "Content-Length", Text: all, Reason: "holds different values, so the message cannot be framed (RFC 9112, 6.3)"}
			}
			digits = d
		}
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil { // only ErrRange: digits are digits
		return -1, &TooLargeError{What: "Content-Length", Text: all, Max: strconv.FormatInt(math.MaxInt64, 10)}
	}
	return n, nil
}

func readContent(br *bufio.Reader, method string, resp *Response, lim Limits) error {
	fr, err := framing(method, resp)
	if err != nil {
		return err
	}
	resp.Framing = fr
	switch fr {
	case NoContent:
		return nil
	case Length:
		if resp.TooLarge != nil {
			return readN(br, resp, math.MaxInt64, lim)
		}
		return readN(br, resp, resp.ContentLength, lim)
	case Chunked:
		return readChunked(br, resp, lim)
	default:
		return readN(br, resp, -1, lim)
	}
}

// keep stores content up to the limit and counts it all.
func keep(resp *Response, p []byte, lim Limits) {
	if room := lim.MaxContent - len(resp.Content); room > 0 {
		resp.Content = append(resp.Content, p[:min(room, len(p))]...)
	}
	resp.ContentSize += int64(len(p))
}

// readN reads n bytes of content, or until the end of input when n < 0.
func readN(br *bufio.Reader, resp *Response, n int64, lim Limits) error {
	buf := make([]byte, 32<<10)
	for n < 0 || resp.ContentSize < n {
		if resp.ContentSize >= lim.MaxRead {
			resp.Truncated = true
			return nil
		}
		want := int64(len(buf))
		if n >= 0 {
			want = min(want, n-resp.ContentSize)
		}
		want = min(want, lim.MaxRead-resp.ContentSize)
		m, err := br.Read(buf[:want])
		keep(resp, buf[:m], lim)
		if err != nil {
			if n >= 0 && isEnd(err) {
				resp.Incomplete = true
				return nil
			}
			if isEnd(err) {
				return nil
			}
			return err
		}
	}
	return nil
}

// readChunked decodes the chunked transfer coding (RFC 9112, 7.1).
func readChunked(br *bufio.Reader, resp *Response, lim Limits) error {
	var head bytes.Buffer
	budget := lim.MaxHeaderBytes
	for {
		line, err := readLine(br, &head, &budget)
		if err != nil {
			if isEnd(err) {
				resp.Incomplete = true
				return nil
			}
			return chunkError(err)
		}
		sizeText, _, _ := strings.Cut(line, ";") // chunk extensions are ignored (7.1.1)
		sizeText = strings.TrimRight(sizeText, " \t")
		if sizeText == "" || strings.Trim(sizeText, "0123456789abcdefABCDEF") != "" {
			return &SyntaxError{What: "chunked coding", Text: line, Reason: "has a chunk size that is not hexadecimal digits, e.g. 1a (RFC 9112, 7.1)"}
		}
		size, err := strconv.ParseInt(sizeText, 16, 64)
		if err != nil { // only ErrRange: the digits are hexadecimal
			resp.TooLarge = &TooLargeError{What: "chunk size", Text: sizeText, Max: strconv.FormatInt(math.MaxInt64, 16)}
			return readN(br, resp, math.MaxInt64, lim)
		}
		if size == 0 {
			break
		}
		before := resp.ContentSize
		if err := readN(br, resp, before+size, lim); err != nil || resp.Incomplete || resp.Truncated {
			return err
		}
		crlf, err := readLine(br, &head, &budget)
		if err != nil {
			if isEnd(err) {
				resp.Incomplete = true
				return nil
			}
			return chunkError(err)
		}
		if crlf != "" {
			return &SyntaxError{What: "chunked coding", Text: crlf, Reason: "chunk data is not followed by CRLF: the chunk size does not match the data (RFC 9112, 7.1)"}
		}
	}
	for {
		line, err := readLine(br, &head, &budget)
		if err != nil {
			if isEnd(err) {
				resp.Incomplete = true
				return nil
			}
			return chunkError(err)
		}
		if line == "" {
			return nil
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || !field.IsToken(name) {
			return &SyntaxError{What: "trailer field", Text: line, Reason: "is not name \":\" value (RFC 9112, 7.1.2)"}
		}
		if resp.Trailer == nil {
			resp.Trailer = http.Header{}
		}
		resp.Trailer.Add(name, strings.Trim(value, " \t"))
	}
}

func chunkError(err error) error {
	var se *SyntaxError
	if errors.As(err, &se) {
		se.What = "chunked coding"
	}
	return err
}
