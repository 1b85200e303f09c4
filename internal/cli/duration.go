package cli

import (
	"errors"
	"time"

	"github.com/spf13/pflag"

	"github.com/statuskit/statuskit/param"
)

// durationValue is a time.Duration flag read as every duration statuskit
// reads (param.ParseDuration): a bare number is milliseconds ("500"), a
// number with a unit is a Go duration ("1.5s", "2m"), and a negative
// duration is refused. pflag's own duration flag takes only the second
// form, so --max-sleep 5 was refused where ?sleep=5 is 5 ms.
// A positive one also refuses 0, for a setting where zero means nothing
// useful (probe --timeout), so the flag's error and its hint (valueHint)
// state the same rule.
type durationValue struct {
	d        *time.Duration
	positive bool
}

// durationVar defines a duration flag on flags, as pflag's DurationVar
// does, with durationValue's reading.
func durationVar(flags *pflag.FlagSet, p *time.Duration, name string, value time.Duration, usage string) {
	*p = value
	flags.Var(durationValue{d: p}, name, usage)
}

// positiveDurationVar is durationVar for a duration that must be above
// zero.
func positiveDurationVar(flags *pflag.FlagSet, p *time.Duration, name string, value time.Duration, usage string) {
	*p = value
	flags.Var(durationValue{d: p, positive: true}, name, usage)
}

func (v durationValue) Set(s string) error {
	d, ok := param.ParseDuration(s)
	if !ok {
		if neg, err := time.ParseDuration(s); err == nil && neg < 0 {
			return errors.New("a duration cannot be negative: give " + v.allowed() + "; " + param.DurationRule)
		}
		return errors.New("not a duration: " + param.DurationRule)
	}
	if d == 0 && v.positive {
		return errors.New("0 is not allowed here: give a duration above zero; " + param.DurationRule)
	}
	*v.d = d
	return nil
}

// allowed is the rule the value follows, in words.
func (v durationValue) allowed() string {
	if v.positive {
		return "a duration above zero"
	}
	return "0 or more"
}

// String is the Go form of the duration ("1m30s"), which Set reads back.
func (v durationValue) String() string {
	if v.d == nil {
		return "0s"
	}
	return v.d.String()
}

func (v durationValue) Type() string { return "duration" }
