package origin

import "strings"

// A host name written without a scheme ("example.com", "www.example.com/x",
// "localhost:8080/200") is a relative reference: a client follows it to
// /example.com on this server, almost never what was meant. The check
// refuses such values and suggests the absolute URL. The heuristic below
// must not catch real relative paths such as "index.html", "200",
// "data.json" or "../status/200", so a name counts as a host only when
//   - it is "localhost" or ends in ".localhost", or
//   - it is a dotted-quad IPv4 address, or
//   - it has two or more labels of letters, digits and hyphens, the last
//     all letters, and either the first label is "www" or the last is a
//     top-level domain in hostTLDs — a short list of common ones, leaving
//     out those that are also common file extensions (.md, .sh, .py, .pl,
//     .rs, .zip, .mov, .ai, .au, .br, .in).
// An optional ":port" may follow the name.

var hostTLDs = map[string]bool{
	"com": true, "net": true, "org": true, "edu": true, "gov": true, "mil": true, "int": true,
	"io": true, "dev": true, "app": true, "co": true, "me": true, "info": true, "biz": true,
	"xyz": true, "cloud": true, "tech": true,
	"us": true, "uk": true, "de": true, "fr": true, "nl": true, "eu": true, "ca": true,
	"jp": true, "cn": true, "ru": true, "ch": true, "se": true, "es": true, "it": true,
	// RFC 2606 and RFC 6761 names, common in examples and tests.
	"example": true, "test": true, "localhost": true, "invalid": true,
	"local": true, "internal": true, "arpa": true,
}

// guessRelative returns the absolute URL a path-relative ref probably
// meant ("http://example.com/" for "example.com"), or "" when ref does
// not start with something that looks like a host. A same-scheme prefix
// without slashes ("http:example.com") counts as relative too: browsers
// resolve it as a path.
func guessRelative(ref string) string {
	s := clean(ref)
	scheme := "http"
	if sc, rest, ok := splitScheme(s); ok {
		if !isSpecial(sc) || rest == "" || isSlash(rest[0]) {
			return ""
		}
		scheme, s = sc, rest
	}
	if s == "" || strings.IndexByte(`/\.?#`, s[0]) >= 0 {
		return ""
	}
	return guess(scheme, s)
}

// guessURL is guessRelative for a value that parsed as another scheme:
// "localhost:8080/200" has the scheme "localhost".
func guessURL(ref string) string {
	return guess("http", clean(ref))
}

func guess(scheme, s string) string {
	end := strings.IndexAny(s, `/\?#`)
	if end < 0 {
		end = len(s)
	}
	name := s[:end]
	if i := strings.LastIndexByte(name, ':'); i >= 0 {
		port := name[i+1:]
		if port == "" || strings.Trim(port, "0123456789") != "" {
			return ""
		}
		name = name[:i]
	}
	if !looksLikeHost(strings.ToLower(name)) {
		return ""
	}
	out := scheme + "://" + s
	if end == len(s) {
		out += "/"
	}
	return out
}

func looksLikeHost(name string) bool {
	name = strings.TrimSuffix(name, ".")
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return true
	}
	labels := strings.Split(name, ".")
	if len(labels) < 2 {
		return false
	}
	if len(labels) == 4 && allDigitLabels(labels) {
		return true
	}
	for _, l := range labels {
		if l == "" || l[0] == '-' || l[len(l)-1] == '-' || strings.Trim(l, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			return false
		}
	}
	tld := labels[len(labels)-1]
	if len(tld) < 2 || strings.Trim(tld, "abcdefghijklmnopqrstuvwxyz") != "" {
		return false
	}
	return labels[0] == "www" || hostTLDs[tld]
}

func allDigitLabels(labels []string) bool {
	for _, l := range labels {
		if l == "" || len(l) > 3 || strings.Trim(l, "0123456789") != "" {
			return false
		}
	}
	return true
}
