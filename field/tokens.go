package field

import (
	"strings"
)

// ParseTokenList reads every field line of a #token list such as Allow,
// Connection, Vary or Accept-Ranges (RFC 9110, 5.6.1 and 5.6.2) and
// returns the tokens in order, as sent (case is kept: methods are
// case-sensitive, most other tokens are not). Optional whitespace around
// the commas and empty elements are allowed; anything that is not a token
// is an error naming it. No lines, or only empty elements, is an empty
// list: for Allow that means the resource allows no method (RFC 9110,
// 10.2.1). At most MaxListMembers elements.
func ParseTokenList(name string, lines []string) ([]string, error) {
	var out []string
	elements := 0
	for _, line := range lines {
		for part := range strings.SplitSeq(line, ",") {
			if elements++; elements > MaxListMembers {
				return nil, errTooManyMembers(name, joinLines(lines))
			}
			part = trimOWS(part)
			if part == "" {
				continue
			}
			if !IsToken(part) {
				return nil, newError(name, joinLines(lines), "is not a comma-separated list of tokens: "+showPart(part)+
					" is not a token (letters, digits and !#$%&'*+-.^_`|~), e.g. "+name+": GET, HEAD (RFC 9110, 5.6.2)")
			}
			out = append(out, part)
		}
	}
	return out, nil
}

// HasToken reports whether any field line of a #token list holds token,
// compared case-insensitively, e.g. HasToken(h.Values("Connection"),
// "close"). If token is not a valid token (such as ""), HasToken is
// false. It never fails: elements that are not tokens are skipped, and
// it stops after MaxListMembers elements.
func HasToken(lines []string, token string) bool {
	if !IsToken(token) {
		return false
	}
	elements := 0
	for _, line := range lines {
		for part := range strings.SplitSeq(line, ",") {
			if elements++; elements > MaxListMembers {
				return false
			}
			if strings.EqualFold(trimOWS(part), token) {
				return true
			}
		}
	}
	return false
}

// FormatList writes list members as one field value, separated by ", ",
// the form RFC 9110, 5.6.1 recommends senders generate. It does not
// validate the members; an empty list is "".
func FormatList(members []string) string { return strings.Join(members, ", ") }

// ValidValue reports whether v can be sent as a field value: visible
// characters, spaces and horizontal tabs, and obs-text, but no other
// control character (RFC 9110, 5.5), so no CR, LF or NUL can split a
// message.
func ValidValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}
