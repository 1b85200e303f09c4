package field

import (
	"errors"
	"strings"
)

// Link is one link-value of a Link field (RFC 8288, 3): a target
// URI-Reference, which may be relative (it is not resolved here), and its
// parameters in order.
type Link struct {
	Target string
	Params []LinkParam
}

// LinkParam is one link-param: a name, compared case-insensitively and
// kept in lower case, and an optional value, unquoted (RFC 8288, 3).
// Star parameters such as title* keep their RFC 8187 ext-value as sent.
type LinkParam struct {
	Name     string
	Value    string
	HasValue bool
}

const linkExample = `e.g. Link: </style.css>; rel=preload; as=style, <https://example.com/>; rel="preconnect" (RFC 8288, 3)`

// ParseLinks reads every Link field line (RFC 8288, 3):
//
//	Link       = #link-value
//	link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param )
//	link-param = token BWS [ "=" BWS ( token / quoted-string ) ]
//
// Several links per line and across lines are allowed, as are commas and
// semicolons inside <> and quoted-strings, and empty list elements. The
// target may not hold whitespace, control characters, "<" or ">". At most
// MaxListMembers elements. An empty parameter (";;", or a trailing ";")
// is skipped. Parameters that RFC 8288, 3.3/3.4 says to use
// once (rel, anchor, title, title*, type, media) are kept as sent; Param
// returns the first, as 3.3 requires of parsers.
func ParseLinks(lines []string) ([]Link, error) {
	var out []Link
	member := func(rest string) (string, error) {
		l, after, err := scanLink(rest)
		if err != nil {
			return rest, newError("Link", joinLines(lines), "is not a list of links: "+err.Error()+"; "+linkExample)
		}
		out = append(out, l)
		return after, nil
	}
	// scanLink stops only at a comma or the line's end.
	noComma := func(string) error { return nil }
	if err := eachMember("Link", lines, member, noComma); err != nil {
		return nil, err
	}
	return out, nil
}

func isLinkTargetChar(c byte) bool { return c > 0x20 && c != 0x7f && c != '<' && c != '>' }

// scanLink reads one link-value; what it returns starts at the comma
// after it, if any.
func scanLink(s string) (Link, string, error) {
	var l Link
	if s[0] != '<' {
		return l, s, errors.New("a link starts with its target in angle brackets, <...>")
	}
	end := strings.IndexByte(s, '>')
	if end < 0 {
		return l, s, errors.New("a target's \"<\" is not closed with \">\"")
	}
	l.Target = s[1:end]
	for i := 0; i < len(l.Target); i++ {
		if !isLinkTargetChar(l.Target[i]) {
			return l, s, errors.New("the target " + showPart(l.Target) + " has whitespace, a control character or \"<\"")
		}
	}
	rest := s[end+1:]
	for {
		rest = skipOWS(rest)
		if rest == "" {
			return l, rest, nil
		}
		switch rest[0] {
		case ',':
			return l, rest, nil
		case ';':
			rest = skipOWS(rest[1:])
		default:
			return l, s, errors.New(showValue(rest[:min(len(rest), 10)]) + " follows a link where \";\" or \",\" belongs")
		}
		if rest == "" || rest[0] == ',' || rest[0] == ';' {
			continue // an empty parameter, tolerated
		}
		name, after := scanToken(rest)
		if name == "" {
			return l, s, errors.New(showValue(rest[:1]) + " does not start a parameter name (a token)")
		}
		p := LinkParam{Name: strings.ToLower(name)}
		rest = skipOWS(after)
		if rest != "" && rest[0] == '=' {
			rest = skipOWS(rest[1:])
			p.HasValue = true
			if rest != "" && rest[0] == '"' {
				v, after, ok := scanQuotedString(rest)
				if !ok {
					return l, s, errors.New("the value of " + showPart(p.Name) + " is an unterminated or invalid quoted-string")
				}
				p.Value, rest = v, after
			} else {
				p.Value, rest = scanToken(rest)
				if p.Value == "" {
					return l, s, errors.New(showPart(p.Name) + "= has no value; a value is a token or a quoted-string")
				}
			}
		}
		l.Params = append(l.Params, p)
	}
}

// Param returns the value of the first parameter named name
// (case-insensitive) and whether it is present.
func (l Link) Param(name string) (string, bool) {
	for _, p := range l.Params {
		if strings.EqualFold(p.Name, name) {
			return p.Value, true
		}
	}
	return "", false
}

// Rel returns the first rel parameter's relation types: it is a
// space-separated list (RFC 8288, 3.3), e.g. "preload" or "preload
// prefetch".
func (l Link) Rel() []string {
	v, _ := l.Param("rel")
	return strings.Fields(v)
}

// HasRel reports whether rel lists relation type t, compared
// case-insensitively as registered relation types are (RFC 8288, 2.1.1).
func (l Link) HasRel(t string) bool {
	for _, r := range l.Rel() {
		if strings.EqualFold(r, t) {
			return true
		}
	}
	return false
}

// quotedLinkParams are always written as quoted-strings: RFC 8288's
// examples do, and some parsers only accept rel="...".
var quotedLinkParams = map[string]bool{"rel": true, "rev": true, "anchor": true, "title": true}

// String is the link-value, e.g. `</style.css>; rel="preload"; as=style`.
// Values are tokens where they can be, quoted-strings otherwise, and rel,
// rev, anchor and title are always quoted. It does not validate; see
// FormatLinks.
func (l Link) String() string {
	var b strings.Builder
	b.WriteByte('<')
	b.WriteString(l.Target)
	b.WriteByte('>')
	for _, p := range l.Params {
		b.WriteString("; ")
		b.WriteString(p.Name)
		if !p.HasValue {
			continue
		}
		b.WriteByte('=')
		if quotedLinkParams[strings.ToLower(p.Name)] || !IsToken(p.Value) {
			b.WriteString(quoteString(p.Value))
		} else {
			b.WriteString(p.Value)
		}
	}
	return b.String()
}

// FormatLinks writes links as one Link field value, separated by ", ",
// after checking that each target and parameter can be written: a target
// without whitespace, control characters, "<" or ">", parameter names
// that are tokens, values without control characters.
func FormatLinks(links []Link) (string, error) {
	var b strings.Builder
	for i, l := range links {
		for j := 0; j < len(l.Target); j++ {
			if !isLinkTargetChar(l.Target[j]) {
				return "", errors.New("field: the link target " + showPart(l.Target) + " has whitespace, a control character, \"<\" or \">\"; percent-encode them (RFC 3986, 2.1)")
			}
		}
		for _, p := range l.Params {
			if !IsToken(p.Name) {
				return "", errors.New("field: the link parameter name " + showPart(p.Name) + " is not a token")
			}
			if p.HasValue && !quotable(p.Value) {
				return "", errors.New("field: the value of link parameter " + showPart(p.Name) + " has a control character")
			}
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(l.String())
	}
	return b.String(), nil
}
