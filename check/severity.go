package check

import (
	"fmt"
	"strings"

	"github.com/statuskit/statuskit/status"
)

// Severity is how strongly a finding's rule is required: the requirement
// level of the text it cites (RFC 2119), or Info for an observation no
// specification makes a requirement.
type Severity int

// Severities from the strongest. The zero value is Info.
const (
	Info Severity = iota
	May
	Should
	Must
)

var severityNames = [...]string{"INFO", "MAY", "SHOULD", "MUST"}

// String is "MUST", "SHOULD", "MAY" or "INFO".
func (s Severity) String() string {
	if s < Info || s > Must {
		return fmt.Sprintf("Severity(%d)", int(s))
	}
	return severityNames[s]
}

// MarshalText writes the String form, so JSON has "MUST".
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads the String form.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	*s = v
	return err
}

// ParseSeverity reads "must", "should", "may" or "info" in any case.
func ParseSeverity(text string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(text, n) {
			return Severity(i), nil
		}
	}
	return Info, fmt.Errorf("%q is not a severity: use must, should, may or info, e.g. should", text)
}

// levelSeverity is the severity of a registry header rule.
func levelSeverity(l status.Level) Severity {
	switch l {
	case status.Must:
		return Must
	case status.Should:
		return Should
	}
	return May
}
