package field_test

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/statuskit/statuskit/field"
)

func ExampleParseHTTPDate() {
	// A recipient accepts all three formats (RFC 9110, 5.6.7).
	for _, v := range []string{
		"Sun, 06 Nov 1994 08:49:37 GMT",
		"Sunday, 06-Nov-94 08:49:37 GMT",
		"Sun Nov  6 08:49:37 1994",
	} {
		t, err := field.ParseHTTPDate(v)
		fmt.Println(field.FormatHTTPDate(t), err)
	}
	_, err := field.ParseHTTPDate("Mon, 06 Nov 1994 08:49:37 GMT")
	fmt.Println(err)
	// Output:
	// Sun, 06 Nov 1994 08:49:37 GMT <nil>
	// Sun, 06 Nov 1994 08:49:37 GMT <nil>
	// Sun, 06 Nov 1994 08:49:37 GMT <nil>
	// Mon, 06 Nov 1994 08:49:37 GMT is not an HTTP-date: 6 Nov 1994 is a Sunday, not a Monday; send an IMF-fixdate, e.g. Sun, 06 Nov 1994 08:49:37 GMT (RFC 9110, 5.6.7)
}

func ExampleParseRetryAfter() {
	now := time.Date(2026, 10, 21, 7, 27, 0, 0, time.UTC)
	for _, v := range []string{"120", "Wed, 21 Oct 2026 07:28:00 GMT", "-5"} {
		r, err := field.ParseRetryAfter(v)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(r, r.Delay(now))
	}
	// Output:
	// 120 2m0s
	// Wed, 21 Oct 2026 07:28:00 GMT 1m0s
	// Retry-After: -5 is not valid: it is neither delay-seconds nor an HTTP-date; send whole seconds without a sign or unit, e.g. Retry-After: 120, or an IMF-fixdate, e.g. Retry-After: Wed, 21 Oct 2026 07:28:00 GMT (RFC 9110, 10.2.3)
}

func ExampleRetryAfterIn() {
	// Rounded up: a client that waits this long is never early.
	fmt.Println(field.RetryAfterIn(1500 * time.Millisecond))
	// Output: 2
}

func ExampleParseETagList() {
	l, err := field.ParseETagList("If-None-Match", []string{`W/"a", "b"`, `"c"`})
	fmt.Println(l, err)
	current := field.ETag{Opaque: "a"}
	fmt.Println(l.Match(current, false), l.Match(current, true))
	// Output:
	// W/"a", "b", "c" <nil>
	// true false
}

func ExampleParseRange() {
	ranges, err := field.ParseRange("bytes=0-499, -500", 10000, field.DefaultMaxRanges)
	fmt.Println(ranges, err)

	_, err = field.ParseRange("bytes=20000-", 10000, field.DefaultMaxRanges)
	fmt.Println(errors.Is(err, field.ErrRangeNotSatisfiable)) // 416, Content-Range: bytes */10000

	_, err = field.ParseRange("items=0-5", 10000, field.DefaultMaxRanges)
	fmt.Println(errors.Is(err, field.ErrRangeIgnored)) // 200 with everything
	// Output:
	// [{0 499} {9500 9999}] <nil>
	// true
	// true
}

func ExampleParseContentRange() {
	c, err := field.ParseContentRange("bytes 0-499/1234")
	fmt.Println(c.First, c.Last, c.Length, err)
	fmt.Println(field.ContentRange{Length: 1234, Unsatisfied: true})
	_, err = field.ParseContentRange("0-30")
	fmt.Println(err)
	// Output:
	// 0 499 1234 <nil>
	// bytes */1234
	// Content-Range: 0-30 is not valid: it is not a range unit, one space, and a range; e.g. Content-Range: bytes 0-499/1234, bytes 0-499/* or, in a 416, bytes */1234 (RFC 9110, 14.4)
}

func ExampleParseTokenList() {
	// Allow may be empty: the resource allows nothing (RFC 9110, 10.2.1).
	methods, err := field.ParseTokenList("Allow", []string{"GET, HEAD", ""})
	fmt.Println(methods, err)
	fmt.Println(field.FormatList(methods))
	fmt.Println(field.HasToken([]string{"keep-alive, Close"}, "close"))
	// Output:
	// [GET HEAD] <nil>
	// GET, HEAD
	// true
}

func ExampleParseRateLimitPolicy() {
	p, err := field.ParseRateLimitPolicy([]string{`"default";q=10;w=60`})
	fmt.Printf("%+v %v\n", p, err)
	_, err = field.ParseRateLimitPolicy([]string{`default;q=10;w=60`})
	fmt.Println(err)
	// Output:
	// [{Name:default Quota:10 QuotaUnit: Window:60 PartitionKey:[] Other:[]}] <nil>
	// RateLimit-Policy: default;q=10;w=60 names a policy with the Token default; since draft 08 a policy name is a String in double quotes, "default", e.g. RateLimit-Policy: "default";q=100;w=60 (draft-ietf-httpapi-ratelimit-headers, 3)
}

func ExampleFormatRateLimit() {
	v, err := field.FormatRateLimit([]field.RateLimit{{Name: "default", Remaining: 9, Reset: 6, HasReset: true}})
	fmt.Println(v, err)
	// Output: "default";r=9;t=6 <nil>
}

func ExampleParseSFList() {
	l, err := field.ParseSFList("Example", []string{`"a";x=1, (b c);y=?0, :aGk=:`})
	for _, m := range l {
		fmt.Printf("%T %v %v\n", m.Value, m.Value, m.Params)
	}
	s, _ := field.FormatSFList(l)
	fmt.Println(s, err)
	// Output:
	// string a [{x 1}]
	// field.SFInnerList [{b []} {c []}] [{y false}]
	// []uint8 [104 105] []
	// "a";x=1, (b c);y=?0, :aGk=: <nil>
}

func ExampleParseCacheControl() {
	cc, err := field.ParseCacheControl([]string{`max-age=60, no-cache="Set-Cookie"`, "must-revalidate"})
	maxAge, ok := cc.MaxAge()
	noCache, fields := cc.NoCache()
	fmt.Println(maxAge, ok, noCache, fields, cc.MustRevalidate(), err)
	fmt.Println(cc)
	// Output:
	// 60 true true [Set-Cookie] true <nil>
	// max-age=60, no-cache="Set-Cookie", must-revalidate
}

func ExampleRemoveHopByHop() {
	h := http.Header{
		"Connection":    {"keep-alive, X-Debug"},
		"Keep-Alive":    {"timeout=5"},
		"X-Debug":       {"1"},
		"Cache-Control": {"no-cache"},
	}
	field.RemoveHopByHop(h)
	fmt.Println(h)
	// Output: map[Cache-Control:[no-cache]]
}

func ExampleParseLinks() {
	links, err := field.ParseLinks([]string{`</style.css>; rel=preload; as=style, <https://fonts.example>; rel="preconnect"`})
	for _, l := range links {
		as, _ := l.Param("as")
		fmt.Printf("%s %v %q\n", l.Target, l.Rel(), as)
	}
	v, _ := field.FormatLinks(links)
	fmt.Println(v, err)
	// Output:
	// /style.css [preload] "style"
	// https://fonts.example [preconnect] ""
	// </style.css>; rel="preload"; as=style, <https://fonts.example>; rel="preconnect" <nil>
}

func ExampleSingleton() {
	fmt.Println(field.Singleton("Location"), field.SingletonSection("Location"))
	fmt.Println(field.Singleton("RateLimit"))
	// Output:
	// true RFC 9110, 10.2.2
	// false
}
