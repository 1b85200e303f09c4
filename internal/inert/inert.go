// Package inert checks, for tests, that an HTML page statuskit writes by
// hand keeps values a client controls inert: written as text or as a
// harmless link, never as markup, script or an event handler. reply,
// reference and grade write their pages without html/template (see
// cmd/statuskit/deps_test.go), so their tests put HostileValues through
// every place a client reaches and read the pages with Problems.
package inert

import (
	"fmt"
	"html"
	"regexp"
	"strings"
)

// HostileValues are what a client may put in a query, a path, a field or
// a run key, aimed at a page: markup, quotes to leave an attribute, and
// script and data URLs.
var HostileValues = []string{
	`"><script>alert(1)</script>`,
	`' onmouseover=alert(1) x='`,
	`javascript:alert(1)`,
	` JaVaScRiPt:alert(1)`,
	`/x" onmouseover="alert(1)`,
	`data:text/html,<svg onload=alert(1)>`,
}

// tagPattern is a start or end tag as the pages write them: attributes
// are bare names or double-quoted values free of quotes and angle
// brackets. A "<" that begins no such tag came from data that was not
// escaped.
var (
	tagPattern  = regexp.MustCompile(`^<(/?[a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9-]*(?:="[^"<>]*")?)*)\s*>`)
	attrPattern = regexp.MustCompile(`([a-z][a-z0-9-]*)(?:="([^"]*)")?`)
)

// Problems lists what in page could run script, one sentence each, nil
// when nothing could: markup outside the tag shape the pages write (a
// "<" left unescaped), more than scripts script elements (the page's own),
// an event-handler attribute (on…), and an href, src or action whose URL
// has a scheme other than http or https.
func Problems(page string, scripts int) []string {
	var problems []string
	for rest := page; ; {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			break
		}
		rest = rest[i:]
		m := tagPattern.FindStringSubmatch(rest)
		if m == nil {
			if !strings.HasPrefix(rest, "<!doctype html>") {
				problems = append(problems, fmt.Sprintf("markup the page does not write: %.60q", rest))
			}
			rest = rest[1:]
			continue
		}
		rest = rest[len(m[0]):]
		if m[1] == "script" {
			scripts--
		}
		for _, a := range attrPattern.FindAllStringSubmatch(m[2], -1) {
			name, value := a[1], html.UnescapeString(a[2])
			if strings.HasPrefix(name, "on") {
				problems = append(problems, fmt.Sprintf("event handler %s=%q in <%s>", name, value, m[1]))
			}
			if name == "href" || name == "src" || name == "action" {
				if scheme, _, ok := strings.Cut(value, ":"); ok && !strings.Contains(scheme, "/") &&
					!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") {
					problems = append(problems, fmt.Sprintf("%s=%q in <%s> has scheme %q", name, value, m[1], scheme))
				}
			}
		}
	}
	if scripts < 0 {
		problems = append(problems, "a script element the page does not write")
	}
	return problems
}
