package field

import "testing"

func TestSingletonFieldsMustNotRepeat(t *testing.T) {
	// RFC 9110, 5.3: a field not defined as a list must not appear on
	// several lines.
	for _, name := range []string{
		"Location", "Retry-After", "ETag", "etag", "Content-Type", "Content-Length", "Content-Location", "Content-Range",
		"Last-Modified", "Date", "Age", "Expires", "Max-Forwards", "If-Modified-Since", "If-Unmodified-Since", "If-Range",
		"Authorization", "Proxy-Authorization", "Host", "Referer", "Access-Control-Allow-Origin",
	} {
		if !Singleton(name) || SingletonSection(name) == "" {
			t.Errorf("Singleton(%q) = false; it is defined as a single value", name)
		}
	}
	// Lists (and Set-Cookie, which repeats by design).
	for _, name := range []string{
		"RateLimit", "RateLimit-Policy", "Set-Cookie", "Cache-Control", "Vary", "Allow", "Link", "Via", "Accept",
		"If-Match", "If-None-Match", "Connection", "WWW-Authenticate", "X-Unknown", "",
	} {
		if Singleton(name) || SingletonSection(name) != "" {
			t.Errorf("Singleton(%q) = true; it may be a list", name)
		}
	}
	if got := SingletonSection("location"); got != "RFC 9110, 10.2.2" {
		t.Errorf("SingletonSection(location) = %q", got)
	}
}
