package field

import "strings"

// MaxListMembers bounds the elements of any #list this package parses
// (tokens, entity-tags, cache directives, links, connection options),
// counted across all field lines and including the empty elements a
// recipient has to skip: RFC 9110, 5.6.1 asks recipients to accept "a
// reasonable number of empty list elements ... but not so much that they
// could be used as a denial-of-service mechanism". It equals MaxSFMembers
// so that one number describes every list.
const MaxListMembers = 1024

// tchar is the token alphabet of RFC 9110, 5.6.2.
var tchar = [256]bool{}

func init() {
	for c := '0'; c <= '9'; c++ {
		tchar[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		tchar[c] = true
		tchar[c-'a'+'A'] = true
	}
	for _, c := range "!#$%&'*+-.^_`|~" {
		tchar[c] = true
	}
}

// IsToken reports whether s is a token (RFC 9110, 5.6.2): one or more of
// the letters, digits and !#$%&'*+-.^_`|~. Field names, methods, range
// units, connection options and cache directive names are tokens.
func IsToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !tchar[s[i]] {
			return false
		}
	}
	return true
}

func trimOWS(s string) string { return strings.Trim(s, " \t") }

func skipOWS(s string) string { return strings.TrimLeft(s, " \t") }

// joinLines is the combined field value of several field lines (RFC 9110,
// 5.3), for messages.
func joinLines(lines []string) string { return strings.Join(lines, ", ") }

// isQDText reports whether c may appear unescaped in a quoted-string
// (RFC 9110, 5.6.4): HTAB, SP, VCHAR except DQUOTE and backslash, obs-text.
func isQDText(c byte) bool {
	return c == '\t' || c == ' ' || c == 0x21 || c >= 0x23 && c <= 0x5b || c >= 0x5d && c <= 0x7e || c >= 0x80
}

// scanQuotedString reads a quoted-string at the start of s (which begins
// with DQUOTE) and returns its unescaped content and the rest of s.
func scanQuotedString(s string) (content, rest string, ok bool) {
	if s == "" || s[0] != '"' {
		return "", s, false
	}
	var b strings.Builder
	simple := true // no quoted-pair yet: content is a substring of s
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			if simple {
				return s[1:i], s[i+1:], true
			}
			return b.String(), s[i+1:], true
		case c == '\\':
			if i+1 >= len(s) || !isQuotedPairChar(s[i+1]) {
				return "", s, false
			}
			if simple {
				simple = false
				b.WriteString(s[1:i])
			}
			i++
			b.WriteByte(s[i])
		case isQDText(c):
			if !simple {
				b.WriteByte(c)
			}
		default:
			return "", s, false
		}
	}
	return "", s, false
}

// isQuotedPairChar: quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text ).
func isQuotedPairChar(c byte) bool {
	return c == '\t' || c >= 0x20 && c != 0x7f
}

// quotable reports whether s can be written as a quoted-string.
func quotable(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isQuotedPairChar(s[i]) {
			return false
		}
	}
	return true
}

// quoteString writes s as a quoted-string, escaping DQUOTE and backslash
// only (RFC 9110, 5.6.4: a sender SHOULD NOT generate a quoted-pair except
// where necessary). s must be quotable.
func quoteString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

// scanToken reads the longest token at the start of s.
func scanToken(s string) (tok, rest string) {
	i := 0
	for i < len(s) && tchar[s[i]] {
		i++
	}
	return s[:i], s[i:]
}

// isDigits reports whether s is 1*DIGIT.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseDigitsSaturating reads 1*DIGIT as an int64, saturating at limit:
// RFC 9110, 14.1.1 and RFC 9111, 1.2.2 want large numerals handled
// without overflow. ok is false when s is not 1*DIGIT.
func parseDigitsSaturating(s string, limit int64) (n int64, ok bool) {
	if !isDigits(s) {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		d := int64(s[i] - '0')
		if n > (limit-d)/10 {
			return limit, true
		}
		n = n*10 + d
	}
	return n, true
}

// eachMember walks the #rule list that the field lines carry (RFC 9110,
// 5.6.1): OWS around commas and empty elements are skipped, and each
// element goes to member, which returns what follows it. After an element
// only OWS and a comma (or the line's end) may come; anything else is
// noComma's error. More than MaxListMembers elements, empty ones
// included, is an error naming the field: the bound keeps the work a
// client can cause linear in what it may send.
func eachMember(name string, lines []string, member func(s string) (after string, err error), noComma func(rest string) error) error {
	elements := 0
	for _, line := range lines {
		rest := line
		for {
			rest = skipOWS(rest)
			if rest == "" {
				break
			}
			if elements++; elements > MaxListMembers {
				return errTooManyMembers(name, joinLines(lines))
			}
			if rest[0] == ',' {
				rest = rest[1:]
				continue
			}
			after, err := member(rest)
			if err != nil {
				return err
			}
			rest = skipOWS(after)
			if rest == "" {
				break
			}
			if rest[0] != ',' {
				return noComma(rest)
			}
			rest = rest[1:]
		}
	}
	return nil
}
