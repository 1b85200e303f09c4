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
