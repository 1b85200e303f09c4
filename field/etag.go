package field

import "strings"

// ETag is an entity-tag (RFC 9110, 8.8.3): an opaque validator, strong or
// weak. Opaque is the text between the double quotes, WITHOUT the quotes:
// the ETag field value W/"xyz" is ETag{Weak: true, Opaque: "xyz"}, and the
// zero value is the valid strong tag "". Opaque may hold the etagc
// characters %x21 / %x23-7E / obs-text (%x80-FF): no space, no control
// character, no double quote. Validate checks that for a constructed tag.
type ETag struct {
	Weak   bool
	Opaque string
}

func isETagc(c byte) bool { return c == 0x21 || c >= 0x23 && c != 0x7f }

// etagExample ends entity-tag error messages.
const etagExample = `an entity-tag is in double quotes, optionally preceded by W/ for a weak one, e.g. "abc" or W/"xyz" (RFC 9110, 8.8.3)`

// ParseETag reads one entity-tag, the value of an ETag field: [ W/ ] DQUOTE
// *etagc DQUOTE, with W/ case-sensitive (RFC 9110, 8.8.3).
func ParseETag(v string) (ETag, error) {
	t, rest, ok := scanETag(trimOWS(v))
	if !ok || rest != "" {
		return ETag{}, newError("ETag", v, "is not an entity-tag; "+etagExample)
	}
	return t, nil
}

// scanETag reads an entity-tag at the start of s and returns the rest.
func scanETag(s string) (ETag, string, bool) {
	var t ETag
	if strings.HasPrefix(s, "W/") {
		t.Weak, s = true, s[2:]
	}
	if s == "" || s[0] != '"' {
		return ETag{}, s, false
	}
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			t.Opaque = s[1:i]
			return t, s[i+1:], true
		case !isETagc(c):
			return ETag{}, s, false
		}
	}
	return ETag{}, s, false
}

// Validate reports whether Opaque holds only etagc characters.
func (t ETag) Validate() error {
	for i := 0; i < len(t.Opaque); i++ {
		if !isETagc(t.Opaque[i]) {
			return newError("ETag", t.String(), "is not an entity-tag: the opaque-tag has a space, a control character or a double quote; "+etagExample)
		}
	}
	return nil
}

// String is the field value: "xyz" or W/"xyz". It does not validate.
func (t ETag) String() string {
	if t.Weak {
		return `W/"` + t.Opaque + `"`
	}
	return `"` + t.Opaque + `"`
}

// StrongMatch is the strong comparison of RFC 9110, 8.8.3.2: both tags are
// strong and their opaque-tags are equal, octet by octet. If-Match and
// If-Range use it.
func (t ETag) StrongMatch(o ETag) bool { return !t.Weak && !o.Weak && t.Opaque == o.Opaque }

// WeakMatch is the weak comparison of RFC 9110, 8.8.3.2: the opaque-tags
// are equal, whether either tag is weak or not. If-None-Match uses it.
func (t ETag) WeakMatch(o ETag) bool { return t.Opaque == o.Opaque }

// ETagList is the value of If-Match or If-None-Match (RFC 9110, 13.1.1
// and 13.1.2): "*" (Any) or a list of entity-tags, possibly empty.
type ETagList struct {
	Any  bool
	Tags []ETag
}

// ParseETagList reads every field line of If-Match or If-None-Match (name
// is the field name, for messages): "*" alone, or #entity-tag with empty
// list elements allowed (RFC 9110, 5.6.1), at most MaxListMembers elements.
// No lines, or only empty elements, is an empty list, which matches
// nothing.
//
// A malformed list is an error for the caller to answer 400 with: a tag
// sent without its quotes (If-None-Match: abc) is a common client bug that
// would otherwise silently never match. "*" together with anything else,
// including another "*", is invalid too (RFC 9110, 13.1.1).
func ParseETagList(name string, lines []string) (ETagList, error) {
	var l ETagList
	star := 0
	member := func(rest string) (string, error) {
		if rest[0] == '*' {
			star++
			return rest[1:], nil
		}
		t, after, ok := scanETag(rest)
		if !ok {
			return rest, newError(name, joinLines(lines), `is not "*" or a list of entity-tags; `+etagListExample(name))
		}
		l.Tags = append(l.Tags, t)
		return after, nil
	}
	noComma := func(string) error {
		return newError(name, joinLines(lines), `is not "*" or a list of entity-tags; separate entity-tags with commas; `+etagListExample(name))
	}
	if err := eachMember(name, lines, member, noComma); err != nil {
		return ETagList{}, err
	}
	if star > 0 {
		if star > 1 || len(l.Tags) > 0 {
			return ETagList{}, newError(name, joinLines(lines), `mixes "*" with other list members; send either "*" alone or a list of entity-tags, e.g. `+
				name+`: "abc", W/"xyz" (RFC 9110, 13.1.1)`)
		}
		l.Any = true
	}
	return l, nil
}

func etagListExample(name string) string {
	return `an entity-tag is in double quotes, e.g. ` + name + `: "abc", W/"xyz" (RFC 9110, 8.8.3)`
}

// Match reports whether the list matches current, the entity-tag of the
// selected representation, with the strong comparison (If-Match, If-Range)
// or the weak one (If-None-Match). Any matches every tag: deciding whether
// "*" holds, which depends on whether a current representation exists, is
// the caller's business (package precondition does it).
func (l ETagList) Match(current ETag, strong bool) bool {
	if l.Any {
		return true
	}
	for _, t := range l.Tags {
		if strong && t.StrongMatch(current) || !strong && t.WeakMatch(current) {
			return true
		}
	}
	return false
}

// String is the field value: "*", or the tags separated by ", ", or ""
// for the empty list.
func (l ETagList) String() string {
	if l.Any {
		return "*"
	}
	var b strings.Builder
	for i, t := range l.Tags {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(t.String())
	}
	return b.String()
}
