package cli

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/statuskit/statuskit/status"
)

// printer writes human output; colour codes are empty strings unless the
// output is a terminal and NO_COLOR is unset (https://no-color.org).
type printer struct {
	w                      io.Writer
	bold, dim, reset, warn string
	classColour            map[status.Class]string
	width                  int
}

func newPrinter(e *env) *printer {
	p := &printer{w: e.stdout, width: 80}
	if isTerminal(e.stdout) && e.getenv("NO_COLOR") == "" {
		p.bold, p.dim, p.reset, p.warn = "\x1b[1m", "\x1b[2m", "\x1b[0m", "\x1b[33m"
		p.classColour = map[status.Class]string{
			status.Informational: "\x1b[36m", status.Successful: "\x1b[32m",
			status.Redirection: "\x1b[34m", status.ClientError: "\x1b[33m", status.ServerError: "\x1b[31m",
		}
	}
	return p
}

func (p *printer) colour(c status.Class) string { return p.classColour[c] }

// standingNote is the mark shown beside a code that is not plainly official.
func standingNote(c status.Code) string {
	switch c.Standing {
	case status.Official:
		return ""
	case status.Unofficial:
		return "unofficial, " + c.Origin
	default:
		return string(c.Standing)
	}
}

func (p *printer) explain(c status.Code) {
	fmt.Fprintf(p.w, "%s%s%d %s%s", p.bold, p.colour(c.Class()), c.Number, c.Phrase, p.reset)
	if note := standingNote(c); note != "" {
		fmt.Fprintf(p.w, "  %s[%s]%s", p.warn, note, p.reset)
	}
	fmt.Fprintln(p.w)
	p.field("Class", fmt.Sprintf("%s %s", c.Class(), c.Class().Name()))
	if c.IANAName != "" {
		p.field("Registered as", c.IANAName)
	}
	if len(c.AlsoKnownAs) > 0 {
		p.field("Also known as", strings.Join(c.AlsoKnownAs, "; "))
	}
	p.field("Spec", c.Spec.String()+"  "+c.Spec.URL)
	fmt.Fprintln(p.w)
	p.paragraph(c.Summary)
	fmt.Fprintln(p.w)
	p.paragraph(c.Description)
	fmt.Fprintln(p.w)

	facts := []string{}
	if c.ContentForbidden {
		facts = append(facts, "never has content")
	} else {
		facts = append(facts, "may have content")
	}
	if c.Cacheable {
		facts = append(facts, "heuristically cacheable (RFC 9110, 15.1)")
	} else {
		facts = append(facts, "not cacheable without explicit freshness")
	}
	p.field("Protocol", strings.Join(facts, "; "))
	if r := c.Redirect; r != nil {
		kind := "temporary"
		if r.Permanent {
			kind = "permanent"
		}
		p.field("Redirect", kind+"; "+strings.ReplaceAll(string(r.MethodRule), "-", " "))
	}
	p.headers("Required headers", c.RequiredHeaders())
	p.headers("Recommended headers", c.RecommendedHeaders())
	retry := strings.ReplaceAll(string(c.Advice.Retry), "-", " ")
	if c.Advice.IdempotentOnly {
		retry += " (idempotent methods only)"
	}
	if c.Advice.HonourRetryAfter {
		retry += ", honour Retry-After"
	}
	p.field("Retry", retry)
	p.paragraphIndented(c.Advice.Text)
}

func (p *printer) headers(label string, hs []status.HeaderRule) {
	if len(hs) == 0 {
		p.field(label, "none")
		return
	}
	for i, h := range hs {
		l := label
		if i > 0 {
			l = ""
		}
		p.field(l, fmt.Sprintf("%s%s%s (%s, %s): %s", p.bold, h.Name, p.reset, h.Level, h.Spec, h.Note))
	}
}

const labelWidth = 22

func (p *printer) field(label, value string) {
	if label != "" {
		label += ":"
	}
	fmt.Fprintf(p.w, "%s%-*s%s%s\n", p.dim, labelWidth, label, p.reset, value)
}

func (p *printer) paragraph(text string) { p.wrap(text, "") }

func (p *printer) paragraphIndented(text string) {
	if text != "" {
		p.wrap(text, strings.Repeat(" ", labelWidth))
	}
}

// wrap word-wraps text to the printer's width so long descriptions stay
// readable in an 80-column terminal.
func (p *printer) wrap(text, indent string) {
	line := indent
	for _, word := range strings.Fields(text) {
		if utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) > p.width && strings.TrimSpace(line) != "" {
			fmt.Fprintln(p.w, line)
			line = indent
		}
		if strings.TrimSpace(line) != "" {
			line += " "
		}
		line += word
	}
	if strings.TrimSpace(line) != "" {
		fmt.Fprintln(p.w, line)
	}
}

func (p *printer) list(codes []status.Code) {
	for _, c := range codes {
		mark := ""
		if note := standingNote(c); note != "" {
			mark = fmt.Sprintf(" %s[%s]%s", p.warn, note, p.reset)
		}
		fmt.Fprintf(p.w, "%s%d%s  %-34s%s %s%s%s\n", p.colour(c.Class()), c.Number, p.reset, c.Phrase, mark, p.dim, c.Summary, p.reset)
	}
}
