package check

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// redacted replaces a credential in a report.
const redacted = "[redacted]"

// cutMark is what wire.Excerpt and the reader's messages append to text
// they shortened: a credential may end there half written.
const cutMark = "…"

// minSecret is the shortest credential part redacted: redacting every
// "1" would hide the evidence, not the secret.
const minSecret = 6

// minPartial is how many characters of a credential, written just before
// a cut, are redacted as the start of it.
const minPartial = 3

// redactor finds the credentials given in Config.Header in a report's
// text in every form a server may echo them in, each character spelt
// any of the ways the encoders below write it, mixed freely:
//
//   - as sent;
//   - JSON and JavaScript string escapes: \" \\ \/ \', \t, \uXXXX (either
//     case, surrogate pairs beyond the BMP), as Go's encoding/json writes
//     <, > and & (\u003c), Python non-ASCII, PHP "/" (\/);
//   - Go's %q (strconv.Quote): those, \xXX for a byte that is not UTF-8,
//     \UXXXXXXXX;
//   - percent-encoding (RFC 3986, 2.1), either case, and "+" for a space
//     (query escaping);
//   - HTML character references: &lt; &gt; &amp; &quot; &apos;, and
//     numeric ones (&#39; &#039; &#x27;) for any character;
//   - a byte that is not UTF-8 also as U+FFFD, which is what a JSON
//     encoder and wire.Excerpt put in its place.
//
// Base64 is not a per-character spelling: the base64 forms of each part
// are parts of their own (as is the password of Basic credentials).
type redactor struct {
	secrets []*secret // longest first
	// longest is the most bytes a spelling of a secret takes.
	longest int
}

// secret is one credential part as the spellings of each of its units (a
// UTF-8 character, or a byte that is not UTF-8).
type secret struct {
	units [][]string
	first [256]bool // the first bytes of the spellings of units[0]
	// longest is the most bytes any spelling of the whole part takes.
	longest int
}

// newRedactor returns the redactor for credential field values.
func newRedactor(values []string) *redactor {
	seen := map[string]bool{}
	rd := &redactor{}
	for _, v := range values {
		for _, p := range credentialParts(v) {
			if len(p) < minSecret || seen[p] {
				continue
			}
			seen[p] = true
			rd.secrets = append(rd.secrets, newSecret(p))
		}
	}
	// Longest first, so a token inside a longer value is not left half
	// replaced.
	slices.SortStableFunc(rd.secrets, func(a, b *secret) int { return cmp.Compare(b.longest, a.longest) })
	if len(rd.secrets) > 0 {
		rd.longest = rd.secrets[0].longest
	}
	return rd
}

// credentialParts are the strings of a credential value to redact: the
// value; what follows an authentication scheme ("Bearer abc" → "abc");
// for Basic credentials (RFC 7617) the decoded "user:password" and the
// password; and the base64 forms (RFC 4648, 4 and 5) of each.
func credentialParts(v string) []string {
	parts := []string{v}
	if scheme, rest, ok := strings.Cut(v, " "); ok {
		rest = strings.TrimSpace(rest)
		parts = append(parts, rest)
		if strings.EqualFold(scheme, "Basic") {
			if b, err := base64.StdEncoding.DecodeString(rest); err == nil {
				parts = append(parts, string(b))
				if _, pass, ok := strings.Cut(string(b), ":"); ok {
					parts = append(parts, pass)
				}
			}
		}
	}
	for _, p := range slices.Clone(parts) {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
			parts = append(parts, enc.EncodeToString([]byte(p)))
		}
	}
	return parts
}

func newSecret(p string) *secret {
	s := &secret{}
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRuneInString(p[i:])
		var sp []string
		if r == utf8.RuneError && size == 1 {
			sp = byteSpellings(p[i])
		} else {
			sp = runeSpellings(r, p[i:i+size])
		}
		s.units = append(s.units, sp)
		s.longest += len(slices.MaxFunc(sp, func(a, b string) int { return cmp.Compare(len(a), len(b)) }))
		i += size
	}
	for _, sp := range s.units[0] {
		s.first[sp[0]] = true
	}
	return s
}

var htmlNamed = map[rune][]string{
	'<': {"&lt;"}, '>': {"&gt;"}, '&': {"&amp;"}, '"': {"&quot;"}, '\'': {"&apos;"},
}

// runeSpellings are the ways the encoders of redactor write r, whose
// UTF-8 form is raw.
func runeSpellings(r rune, raw string) []string {
	out := []string{raw}
	switch r {
	case '"', '\\', '/', '\'':
		out = append(out, `\`+raw)
	case '\t':
		out = append(out, `\t`)
	case ' ':
		out = append(out, "+")
	}
	if r < 0x10000 {
		out = append(out, fmt.Sprintf(`\u%04x`, r), fmt.Sprintf(`\u%04X`, r))
	} else {
		hi, lo := 0xd800+(r-0x10000)>>10, 0xdc00+(r-0x10000)&0x3ff
		out = append(out, fmt.Sprintf(`\u%04x\u%04x`, hi, lo), fmt.Sprintf(`\u%04X\u%04X`, hi, lo), fmt.Sprintf(`\U%08x`, r))
	}
	var lower, upper strings.Builder
	for i := 0; i < len(raw); i++ {
		fmt.Fprintf(&lower, "%%%02x", raw[i])
		fmt.Fprintf(&upper, "%%%02X", raw[i])
	}
	out = append(out, lower.String(), upper.String())
	out = append(out, htmlNamed[r]...)
	out = append(out, fmt.Sprintf("&#%d;", r), fmt.Sprintf("&#%03d;", r), fmt.Sprintf("&#x%x;", r), fmt.Sprintf("&#x%X;", r), fmt.Sprintf("&#X%X;", r))
	slices.Sort(out)
	return slices.Compact(out)
}

// byteSpellings are the ways a byte that is not UTF-8 comes back: as it
// is, percent-encoded, as Go's %q writes it, read as Latin-1 by an
// encoder, or replaced by U+FFFD.
func byteSpellings(b byte) []string {
	out := []string{string([]byte{b}),
		fmt.Sprintf("%%%02x", b), fmt.Sprintf("%%%02X", b), fmt.Sprintf(`\x%02x`, b),
		fmt.Sprintf(`\u%04x`, b), fmt.Sprintf(`\u%04X`, b), string(utf8.AppendRune(nil, rune(b))),
		fmt.Sprintf("&#%d;", b), fmt.Sprintf("&#x%x;", b), fmt.Sprintf("&#x%X;", b),
		"\uFFFD", `\ufffd`, `\uFFFD`}
	slices.Sort(out)
	return slices.Compact(out)
}

// match returns where a spelling of the whole secret that starts at
// text[p] ends, or -1. Every way of reading the text is followed at once
// (a set of positions), so ambiguous spellings (\\ is one backslash or
// two) cost no backtracking.
func (s *secret) match(text string, p int) int {
	if p >= len(text) || !s.first[text[p]] {
		return -1
	}
	at := []int{p}
	for _, unit := range s.units {
		at = s.step(text, at, unit)
		if len(at) == 0 {
			return -1
		}
	}
	return slices.Max(at)
}

func (s *secret) step(text string, at []int, unit []string) []int {
	var next []int
	for _, q := range at {
		for _, sp := range unit {
			if strings.HasPrefix(text[q:], sp) && !slices.Contains(next, q+len(sp)) {
				next = append(next, q+len(sp))
			}
		}
	}
	return next
}

// partial reports whether text[p:] spells the start of the secret, at
// least minPartial units of it (or all of a shorter one), the last
// spelling perhaps itself cut short: what is left of a secret before a
// cut.
func (s *secret) partial(text string, p int) bool {
	if p >= len(text) || !s.first[text[p]] {
		return false
	}
	at := []int{p}
	for k, unit := range s.units {
		if k >= min(minPartial, len(s.units)) {
			for _, q := range at {
				if q == len(text) {
					return true
				}
				for _, sp := range unit {
					if strings.HasPrefix(sp, text[q:]) {
						return true
					}
				}
			}
		}
		at = s.step(text, at, unit)
		if len(at) == 0 {
			return false
		}
	}
	return slices.Contains(at, len(text))
}

// redact replaces every spelling of every secret in s, and the start of
// one left before a cut mark.
func (rd *redactor) redact(s string) string {
	if len(rd.secrets) == 0 {
		return s
	}
	for _, sec := range rd.secrets {
		s = sec.replace(s)
	}
	if !strings.Contains(s, cutMark) {
		return s
	}
	var b strings.Builder
	rest := s
	for {
		i := strings.Index(rest, cutMark)
		if i < 0 {
			b.WriteString(rest)
			return b.String()
		}
		b.WriteString(rd.redactTail(rest[:i]))
		b.WriteString(cutMark)
		rest = rest[i+len(cutMark):]
	}
}

// redactCut redacts s, which was cut at its end (content kept up to a
// limit): a secret may end there half written.
func (rd *redactor) redactCut(s string) string {
	return rd.redactTail(rd.redact(s))
}

// redactTail replaces the start of a secret at the very end of s.
func (rd *redactor) redactTail(s string) string {
	for _, sec := range rd.secrets {
		for p := max(0, len(s)-sec.longest); p < len(s); p++ {
			if sec.partial(s, p) {
				return s[:p] + redacted
			}
		}
	}
	return s
}

func (s *secret) replace(text string) string {
	var b strings.Builder
	last := 0
	for p := 0; p < len(text); p++ {
		if end := s.match(text, p); end > p {
			b.WriteString(text[last:p])
			b.WriteString(redacted)
			last = end
			p = end - 1
		}
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}
