package wire_test

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/statuskit/statuskit/check/wire"
)

// A 1xx, then a final response framed by Content-Length.
func ExampleReadResponse() {
	raw := "HTTP/1.1 103 Early Hints\r\nLink: </app.css>; rel=preload\r\n\r\n" +
		"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
	resp, err := wire.ReadResponse(bufio.NewReader(strings.NewReader(raw)), "GET", wire.DefaultLimits)
	if err != nil {
		panic(err)
	}
	fmt.Println(resp.Interim[0].Status, resp.Status, resp.Framing, string(resp.Content))
	// Output: 103 200 content-length hello
}

// A Content-Length too large to count is valid (RFC 9110, 8.6), not a
// malformed message.
func ExampleParseContentLength() {
	n, err := wire.ParseContentLength([]string{"1234", "1234"})
	fmt.Println(n, err)
	_, err = wire.ParseContentLength([]string{"99999999999999999999999"})
	fmt.Println(err)
	_, err = wire.ParseContentLength([]string{"12ab"})
	fmt.Println(err)
	// Output:
	// 1234 <nil>
	// Content-Length 99999999999999999999999 is larger than this checker can read (at most 9223372036854775807)
	// malformed Content-Length "12ab": is not a decimal number of octets, e.g. Content-Length: 1234 (RFC 9110, 8.6; RFC 9112, 6.3)
}
