package rule

import (
	"net/http"
	"strings"
)

// Glob is a compiled glob: '*' matches any run of characters (none
// included), every other character itself. It has no other metacharacters,
// so a path such as /a?b or /[x] is literal.
type Glob struct {
	// parts are the literals between the stars; lead and tail say
	// whether the pattern starts and ends with one.
	parts      []string
	lead, tail bool
	any        bool // the pattern is "*" (or only stars)
}

// CompileGlob compiles pattern.
func CompileGlob(pattern string) Glob {
	g := Glob{lead: strings.HasPrefix(pattern, "*"), tail: strings.HasSuffix(pattern, "*")}
	for p := range strings.SplitSeq(pattern, "*") {
		if p != "" {
			g.parts = append(g.parts, p)
		}
	}
	g.any = len(g.parts) == 0 && strings.Contains(pattern, "*")
	if len(g.parts) == 0 && !g.any {
		g.parts = []string{""} // the empty pattern matches only ""
	}
	return g
}

// Match reports whether s matches the glob. Leftmost matching of each
// literal is enough: with '*' as the only wildcard, any match can be moved
// to the leftmost one without losing the rest.
func (g Glob) Match(s string) bool {
	if g.any {
		return true
	}
	parts := g.parts
	if !g.lead {
		if !strings.HasPrefix(s, parts[0]) {
			return false
		}
		s = s[len(parts[0]):]
		parts = parts[1:]
		if len(parts) == 0 {
			return s == "" || g.tail
		}
	}
	last := len(parts) - 1
	for i, p := range parts {
		if i == last && !g.tail {
			return strings.HasSuffix(s, p)
		}
		j := strings.Index(s, p)
		if j < 0 {
			return false
		}
		s = s[j+len(p):]
	}
	return true
}

// matcher is Match compiled.
type matcher struct {
	methods []string
	path    *Glob
	header  []headerGlob
	client  *Glob
}

type headerGlob struct {
	name string // canonical
	glob Glob
}

func compileMatch(m Match) matcher {
	c := matcher{methods: m.Methods}
	if m.Path != "" {
		g := CompileGlob(m.Path)
		c.path = &g
	}
	for name, v := range m.Header {
		c.header = append(c.header, headerGlob{http.CanonicalHeaderKey(name), CompileGlob(v)})
	}
	if m.Client != "" {
		g := CompileGlob(m.Client)
		c.client = &g
	}
	return c
}

func (m *matcher) matches(r *http.Request, key func() string) bool {
	if len(m.methods) > 0 {
		found := false
		for _, method := range m.methods {
			if method == r.Method {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	if m.path != nil && !m.path.Match(r.URL.Path) {
		return false
	}
	for _, h := range m.header {
		lines := r.Header[h.name]
		found := false
		for _, line := range lines {
			if h.glob.Match(line) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	if m.client != nil && !m.client.Match(key()) {
		return false
	}
	return true
}
