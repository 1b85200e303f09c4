package origin_test

import (
	"fmt"
	"net/http/httptest"
	"net/url"

	"github.com/statuskit/statuskit/origin"
)

func ExamplePolicy_Check() {
	p := origin.Policy{Allowed: []string{"docs.example.org"}, Setting: "--redirect-hosts"}
	base, _ := url.Parse("http://localhost:8080/302")
	for _, ref := range []string{
		"/200",                           // sent as given
		"https://docs.example.org/guide", // an allowed host
		" /a b",                          // sent as the browser resolves it
		"///other.example/x",             // a browser goes to other.example
	} {
		sent, err := p.Check(base, ref)
		if err != nil {
			fmt.Println("refused:", err)
			continue
		}
		fmt.Printf("%q -> Location: %s\n", ref, sent)
	}
	// Output:
	// "/200" -> Location: /200
	// "https://docs.example.org/guide" -> Location: https://docs.example.org/guide
	// " /a b" -> Location: /a%20b
	// refused: Location "///other.example/x" leads to http://other.example/x, on other.example, which is neither this server nor a host allowed by --redirect-hosts; give a path on this server such as /200, or an absolute http(s) URL on this server (localhost:8080) or on a host allowed by --redirect-hosts (now: docs.example.org)
}

func ExamplePolicy_CheckField() {
	p := origin.Policy{Setting: "--redirect-hosts"}
	r := httptest.NewRequest("GET", "http://localhost:8080/200", nil)
	for _, f := range [][2]string{
		{"Refresh", "0;URL='/204'"},
		{"Link", `</style.css>; rel=preload; as=style, </next>; rel=next`},
		{"Content-Type", "text/plain"}, // not governed: unchanged
		{"Location", "example.com"},
	} {
		if !origin.Governed(f[0]) {
			fmt.Printf("%s: %s (not governed)\n", f[0], f[1])
			continue
		}
		sent, err := p.CheckField(origin.RequestURL(r), f[0], f[1])
		if err != nil {
			fmt.Println("refused:", err)
			continue
		}
		fmt.Printf("%s: %s\n", f[0], sent)
	}
	// Output:
	// Refresh: 0; url=/204
	// Link: </style.css>; rel=preload; as=style, </next>; rel=next
	// Content-Type: text/plain (not governed)
	// refused: Location "example.com" is a relative reference, so a client follows it to /example.com on this server; did you mean http://example.com/? give a path on this server such as /200, or an absolute http(s) URL on this server (localhost:8080) or on a host allowed by --redirect-hosts (now: none)
}
