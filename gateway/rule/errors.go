package rule

import (
	"strconv"
	"strings"
)

// Error is one thing wrong with a rules document: where (the source's
// name, line and column, 1-based; 0 when the document as a whole is
// wrong), which field (a path such as rules[0].abort.status), and a
// message that says what is allowed, with an example.
type Error struct {
	Source       string
	Line, Column int
	Path         string
	Message      string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Source)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Column))
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// Errors are every error found in one document, in document order. Parse
// reports them all at once, up to maxErrors, so a person fixes a file in
// one pass.
type Errors []*Error

// maxErrors bounds the errors reported for one document.
const maxErrors = 20

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.As find each *Error.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}
