package field

import "net/textproto"

// singletons are the fields defined with a single value rather than a
// list: RFC 9110, 5.3 forbids a sender to generate more than one field
// line for them (or to combine them), since the combined value would be
// invalid. Each row names where the field's syntax is defined.
//
// Set-Cookie is deliberately absent: it is not a list, yet appears on
// several lines by design and is never combined (RFC 9110, 5.3; RFC 6265,
// 3). RateLimit and RateLimit-Policy are absent because they are
// Structured Field Lists that may be split across lines
// (draft-ietf-httpapi-ratelimit-headers, 3 and 4). Range is singleton
// because "bytes=0-1, bytes=5-6" is not a ranges-specifier. Cookie is
// singleton for HTTP/1.1 (RFC 6265, 5.4); HTTP/2 and HTTP/3 may split it
// into crumbs, which Go's server joins with "; " before a handler sees
// them.
var singletons = map[string]string{
	"Access-Control-Allow-Credentials": "Fetch Standard, HTTP new-header syntax",
	"Access-Control-Allow-Origin":      "Fetch Standard, HTTP new-header syntax",
	"Access-Control-Max-Age":           "Fetch Standard, HTTP new-header syntax",
	"Age":                              "RFC 9111, 5.1",
	"Authorization":                    "RFC 9110, 11.6.2",
	"Content-Disposition":              "RFC 6266, 4.1",
	"Content-Length":                   "RFC 9110, 8.6",
	"Content-Location":                 "RFC 9110, 8.7",
	"Content-Range":                    "RFC 9110, 14.4",
	"Content-Type":                     "RFC 9110, 8.3",
	"Cookie":                           "RFC 6265, 5.4",
	"Date":                             "RFC 9110, 6.6.1",
	"Etag":                             "RFC 9110, 8.8.3",
	"Expires":                          "RFC 9111, 5.3",
	"From":                             "RFC 9110, 10.1.2",
	"Host":                             "RFC 9110, 7.2",
	"If-Modified-Since":                "RFC 9110, 13.1.3",
	"If-Range":                         "RFC 9110, 13.1.5",
	"If-Unmodified-Since":              "RFC 9110, 13.1.4",
	"Last-Modified":                    "RFC 9110, 8.8.2",
	"Location":                         "RFC 9110, 10.2.2",
	"Max-Forwards":                     "RFC 9110, 7.6.2",
	"Origin":                           "RFC 6454, 7",
	"Proxy-Authorization":              "RFC 9110, 11.7.2",
	"Range":                            "RFC 9110, 14.2",
	"Referer":                          "RFC 9110, 10.1.3",
	"Retry-After":                      "RFC 9110, 10.2.3",
	"Server":                           "RFC 9110, 10.2.4",
	"Strict-Transport-Security":        "RFC 6797, 6.1",
	"User-Agent":                       "RFC 9110, 10.1.5",
}

// Singleton reports whether the field name (any case) is defined as a
// single value, not a list, so that it must not appear on more than one
// field line (RFC 9110, 5.3): Location, Retry-After, ETag, Content-Type,
// Content-Length, Date, Last-Modified and the rest of the table in
// SingletonSection. Unknown fields are not singletons: nothing is known of
// them.
func Singleton(name string) bool {
	_, ok := singletons[textproto.CanonicalMIMEHeaderKey(name)]
	return ok
}

// SingletonSection returns where a singleton field's syntax is defined,
// e.g. "RFC 9110, 10.2.2" for Location, so that a report can cite it; ""
// for a field that is not a singleton.
func SingletonSection(name string) string {
	return singletons[textproto.CanonicalMIMEHeaderKey(name)]
}
