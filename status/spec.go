package status

import "strings"

// rfc builds a Spec pointing at a section of an RFC on rfc-editor.org:
// the one form of every RFC link. The registry table (codes.go) writes its
// RFC Specs out as literals in this form instead of calling rfc: a literal
// is data the linker places, where ~100 calls concatenating strings were
// half of this package's start-up (GODEBUG=inittrace=1: 316 allocations,
// ~0.8 ms, on every run of the binary). TestRegistryRFCSpecsHaveTheOneForm
// keeps the literals equal to what rfc would build.
func rfc(number, section string) Spec {
	url := "https://www.rfc-editor.org/rfc/rfc" + number + ".html"
	if section != "" {
		url += "#section-" + section
	}
	return Spec{Title: "RFC " + number, Section: section, URL: url}
}

// vendor builds a Spec for an unofficial code documented by its originator.
func vendor(title, url string) Spec { return Spec{Title: title, URL: url} }

// must, should and may build header rules; the table reads like the spec.
func must(name, note string, spec Spec) HeaderRule {
	return HeaderRule{Name: name, Level: Must, Note: note, Spec: spec}
}

func should(name, note string, spec Spec) HeaderRule {
	return HeaderRule{Name: name, Level: Should, Note: note, Spec: spec}
}

func may(name, note string, spec Spec) HeaderRule {
	return HeaderRule{Name: name, Level: May, Note: note, Spec: spec}
}

// when attaches a condition to a rule: must(...).when(WhenCreated).
func (h HeaderRule) when(c Condition) HeaderRule {
	h.When = c
	return h
}

// slugify turns a phrase into lower-case words joined by hyphens:
// "I'm a teapot" -> "im-a-teapot".
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == '\'' || r == '\u2019':
			// apostrophes join: "I'm" is one word
		default:
			dash = true
		}
	}
	return b.String()
}

func equalFold(a, b string) bool { return strings.EqualFold(a, b) }
