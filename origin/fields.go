package origin

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// checkRefresh checks the URL of a Refresh value. A browser reads the value
// with the HTML Standard's "shared declarative refresh steps": seconds,
// then optionally ";" or ",", then the URL, optionally introduced by
// "url=" (any case, spaces around "=") and optionally quoted. A value with
// a URL is sent as "<seconds>; url=<checked reference>", which every
// parser of Refresh reads the same way; one without a URL (reload this
// page) is sent as "<seconds>".
func (p Policy) checkRefresh(b *resolved, value string) (string, error) {
	seconds, ref, hasURL, err := parseRefresh(value)
	if err != nil {
		return "", fmt.Errorf("%s %q is not \"<seconds>\" or \"<seconds>; url=<target>\" (HTML, shared declarative refresh steps): %v; e.g. 5; url=/200", "Refresh", truncate(value, 80), err)
	}
	if !hasURL || clean(ref) == "" {
		// No URL, or an empty one: the page reloads itself.
		return seconds, nil
	}
	sent, err := p.checkTarget(b, "Refresh url", ref, false)
	if err != nil {
		return "", err
	}
	if strings.HasPrefix(sent, "'") {
		// A leading quote would be read as quoting the URL ("skip quotes").
		sent = "%27" + sent[1:]
	}
	return seconds + "; url=" + sent, nil
}

// isHTMLSpace is HTML's ASCII whitespace: tab, LF, FF, CR, space.
func isHTMLSpace(c byte) bool {
	return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

// parseRefresh follows the shared declarative refresh steps. seconds is the
// integer part as written ("0" when the value starts with "."); hasURL is
// false when the value names no URL. The URL string is returned as the
// steps extract it, before URL parsing.
func parseRefresh(v string) (seconds, ref string, hasURL bool, err error) {
	pos := 0
	skip := func() {
		for pos < len(v) && isHTMLSpace(v[pos]) {
			pos++
		}
	}
	skip()
	start := pos
	for pos < len(v) && isDigit(v[pos]) {
		pos++
	}
	seconds = v[start:pos]
	if seconds == "" {
		if pos >= len(v) || v[pos] != '.' {
			return "", "", false, errors.New("it does not start with a number of seconds")
		}
		seconds = "0"
	}
	for pos < len(v) && (isDigit(v[pos]) || v[pos] == '.') {
		pos++
	}
	if pos < len(v) {
		if c := v[pos]; c != ';' && c != ',' && !isHTMLSpace(c) {
			return "", "", false, fmt.Errorf("%q follows the seconds where \";\", \",\" or a space belongs", c)
		}
		skip()
		if pos < len(v) && (v[pos] == ';' || v[pos] == ',') {
			pos++
		}
		skip()
	}
	if pos >= len(v) {
		return seconds, "", false, nil
	}
	ref = v[pos:]
	if v[pos]|0x20 == 'u' {
		pos++
		if pos >= len(v) || v[pos]|0x20 != 'r' {
			return seconds, ref, true, nil
		}
		pos++
		if pos >= len(v) || v[pos]|0x20 != 'l' {
			return seconds, ref, true, nil
		}
		pos++
		skip()
		if pos >= len(v) || v[pos] != '=' {
			return seconds, ref, true, nil
		}
		pos++
		skip()
	}
	// skip quotes
	quote := byte(0)
	if pos < len(v) && (v[pos] == '\'' || v[pos] == '"') {
		quote = v[pos]
		pos++
	}
	ref = v[pos:]
	if quote != 0 {
		if i := strings.IndexByte(ref, quote); i >= 0 {
			ref = ref[:i]
		}
	}
	return seconds, ref, true, nil
}

// linkValue is one element of a Link field (RFC 8288, 3).
type linkValue struct {
	target string
	params []linkParam
}

// linkParam keeps a parameter as written: value is the token or the
// quoted-string with its quotes.
type linkParam struct {
	name, value string
	hasValue    bool
}

// checkLink checks each target and anchor of a Link list and sends it
// rebuilt as "<target>; param=value, …".
func (p Policy) checkLink(b *resolved, value string) (string, error) {
	links, err := parseLink(value)
	if err != nil {
		return "", fmt.Errorf("%s %q is not a list of <target>; param=value elements (RFC 8288, 3): %v; e.g. </200>; rel=next", "Link", truncate(value, 80), err)
	}
	var out strings.Builder
	for i, l := range links {
		sent, err := p.checkTarget(b, "Link target", l.target, true)
		if err != nil {
			return "", err
		}
		if i > 0 {
			out.WriteString(", ")
		}
		out.WriteString("<" + sent + ">")
		for _, prm := range l.params {
			out.WriteString("; " + prm.name)
			if !prm.hasValue {
				continue
			}
			v := prm.value
			if strings.EqualFold(prm.name, "anchor") {
				// RFC 8288, 3.2: the anchor is a URI reference too.
				anchor := unquote(v)
				sent, err := p.checkTarget(b, "Link anchor", anchor, true)
				if err != nil {
					return "", err
				}
				v = strconv.Quote(sent)
			}
			out.WriteString("=" + v)
		}
	}
	return out.String(), nil
}

func isOWS(c byte) bool { return c == ' ' || c == '\t' }

// isTchar is RFC 9110's tchar (5.6.2).
func isTchar(c byte) bool {
	return isAlpha(c) || isDigit(c) || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// parseLink parses a Link field value: #link-value, where
// link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param ) and
// link-param = token BWS [ "=" BWS ( token / quoted-string ) ]. Empty list
// elements are skipped (RFC 9110, 5.6.1).
func parseLink(v string) ([]linkValue, error) {
	var links []linkValue
	i := 0
	skipOWS := func() {
		for i < len(v) && isOWS(v[i]) {
			i++
		}
	}
	for {
		for i < len(v) && (isOWS(v[i]) || v[i] == ',') {
			i++
		}
		if i == len(v) {
			break
		}
		if v[i] != '<' {
			return nil, fmt.Errorf("element %d does not start with <", len(links)+1)
		}
		end := strings.IndexByte(v[i+1:], '>')
		if end < 0 {
			return nil, fmt.Errorf("element %d has no closing >", len(links)+1)
		}
		l := linkValue{target: v[i+1 : i+1+end]}
		i += end + 2
		for {
			skipOWS()
			if i == len(v) || v[i] == ',' {
				break
			}
			if v[i] != ';' {
				return nil, fmt.Errorf("%q follows <%s> where \";\" or \",\" belongs", v[i], truncate(l.target, 40))
			}
			i++
			skipOWS()
			start := i
			for i < len(v) && isTchar(v[i]) {
				i++
			}
			prm := linkParam{name: v[start:i]}
			if prm.name == "" {
				return nil, fmt.Errorf("a parameter of <%s> has no name", truncate(l.target, 40))
			}
			skipOWS()
			if i < len(v) && v[i] == '=' {
				i++
				skipOWS()
				start = i
				if i < len(v) && v[i] == '"' {
					if i = quotedEnd(v, i); i < 0 {
						return nil, fmt.Errorf("the %s parameter of <%s> has an unclosed quoted string", prm.name, truncate(l.target, 40))
					}
				} else {
					for i < len(v) && isTchar(v[i]) {
						i++
					}
				}
				if start == i {
					return nil, fmt.Errorf("the %s parameter of <%s> has no value after =", prm.name, truncate(l.target, 40))
				}
				prm.value, prm.hasValue = v[start:i], true
			}
			l.params = append(l.params, prm)
		}
		links = append(links, l)
	}
	if len(links) == 0 {
		return nil, errors.New("it has no <target>")
	}
	return links, nil
}

// quotedEnd returns the index just past the quoted-string (RFC 9110, 5.6.4)
// that starts at v[i], or -1 when it is not closed.
func quotedEnd(v string, i int) int {
	for i++; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// unquote returns a parameter value without its quotes and escapes.
func unquote(v string) string {
	if len(v) < 2 || v[0] != '"' {
		return v
	}
	var b strings.Builder
	for i := 1; i < len(v)-1; i++ {
		if v[i] == '\\' && i+1 < len(v)-1 {
			i++
		}
		b.WriteByte(v[i])
	}
	return b.String()
}
