package cli

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/statuskit/statuskit/internal/spelling"
)

// commandTypos returns the commands of root that word is likely a
// mistyping of: the same name in another case ("List"), a misspelling
// within spelling.Tolerance of the name ("lsit", "serach", "serv"), or
// the start of the name, at least three letters long ("ser", "expl").
// Shorter starts ("se", "ok") are too ambiguous to be taken for commands.
func commandTypos(root *cobra.Command, word string) []string {
	w := strings.ToLower(word)
	var out []string
	for _, c := range root.Commands() {
		if !c.IsAvailableCommand() && c.Name() != "help" {
			continue
		}
		for _, name := range append([]string{c.Name()}, c.Aliases...) {
			if w == name && word != name || spelling.Near(w, name) || len(w) >= 3 && w != name && strings.HasPrefix(name, w) {
				out = append(out, c.Name())
				break
			}
		}
	}
	return out
}

// unknownCommand is the usage error for a first word taken for a mistyped
// command; it says how to look the words up instead.
func unknownCommand(args, names []string) error {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	return usageError{fmt.Errorf("unknown command %q for \"statuskit\"; did you mean %s? (to look %s up as a status code instead: statuskit explain %s)",
		args[0], strings.Join(quoted, " or "), shellQuote(strings.Join(args, " ")), shellQuote(strings.Join(args, " ")))}
}

// flagHints say, for a flag a command does not take, what that command
// offers instead.
var flagHints = map[string]string{
	"serve --json": "serve prints a log, not a result; for JSON log lines use --log-format json",
}

// flagError turns pflag's parse errors into usage errors that say what
// was wrong, what the command accepts, and an example.
func flagError(cmd *cobra.Command, err error) error {
	var notExist *pflag.NotExistError
	var invalid *pflag.InvalidValueError
	var required *pflag.ValueRequiredError
	switch {
	case errors.As(err, &notExist) && notExist.GetSpecifiedShortnames() == "":
		name := notExist.GetSpecifiedName()
		msg := fmt.Sprintf("unknown flag --%s for %q", name, cmd.CommandPath())
		switch near, owners := flagTypos(cmd, name), flagOwners(cmd.Root(), name); {
		case flagHints[cmd.Name()+" --"+name] != "":
			msg += ": " + flagHints[cmd.Name()+" --"+name]
		case len(near) > 0:
			msg += ": did you mean " + strings.Join(near, " or ") + "?"
		case len(owners) > 0:
			msg += fmt.Sprintf(": --%s is a flag of %s, not of this command", name, joinAnd(owners))
		}
		return usageError{fmt.Errorf("%s (see %s --help for its flags)", msg, cmd.CommandPath())}
	case errors.As(err, &notExist):
		return usageError{fmt.Errorf("%w for %q (see %s --help for its flags)", err, cmd.CommandPath(), cmd.CommandPath())}
	case errors.As(err, &invalid):
		return usageError{fmt.Errorf("%w; --%s takes %s", valueError(err), invalid.GetFlag().Name, valueHint(invalid.GetFlag()))}
	case errors.As(err, &required):
		return usageError{fmt.Errorf("%w; it takes %s", err, valueHint(required.GetFlag()))}
	}
	return usageError{fmt.Errorf("%w; see %s --help", err, cmd.CommandPath())}
}

// flagTypos are the flags of cmd that name likely mistypes, as
// commandTypos judges commands.
func flagTypos(cmd *cobra.Command, name string) []string {
	var out []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		if spelling.Near(strings.ToLower(name), f.Name) || strings.EqualFold(name, f.Name) {
			out = append(out, "--"+f.Name)
		}
	})
	return out
}

// flagOwners lists the commands that do take the flag name.
func flagOwners(root *cobra.Command, name string) []string {
	var out []string
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Flags().Lookup(name) != nil && name != "help" {
			out = append(out, c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	slices.Sort(out)
	return out
}

// valueError rewords a flag value's parse error for a person: pflag
// passes on strconv's, which names Go functions ("strconv.ParseInt:
// parsing "x": invalid syntax").
func valueError(err error) error {
	var invalid *pflag.InvalidValueError
	var num *strconv.NumError
	if !errors.As(err, &invalid) || !errors.As(err, &num) {
		return err
	}
	why := "not a whole number"
	switch {
	case errors.Is(num.Err, strconv.ErrRange):
		why = "out of range"
	case num.Func == "ParseBool":
		why = "not true or false"
	case num.Func == "ParseFloat":
		why = "not a number"
	}
	return fmt.Errorf("invalid argument %q for \"--%s\" flag: %s", invalid.GetValue(), invalid.GetFlag().Name, why)
}

// valueHint says what a flag's value may be, with an example.
func valueHint(f *pflag.Flag) string {
	switch f.Value.Type() {
	case "duration":
		example := f.DefValue
		if example == "0s" {
			example = "10s"
		}
		// The value's own error states the rule (durationValue.Set);
		// the hint says the same.
		rule := "a duration of 0 or more"
		if dv, ok := f.Value.(durationValue); ok && dv.positive {
			rule = "a duration above zero"
		}
		return rule + ", e.g. --" + f.Name + " " + example
	case "int", "int64":
		if byteCount(f.Name) {
			return "a whole number of bytes, without a unit, e.g. --" + f.Name + " " + f.DefValue
		}
		return "a whole number, e.g. " + f.DefValue
	case "float64":
		example := f.DefValue
		if example == "0" {
			example = "2.5"
		}
		return "a number, e.g. --" + f.Name + " " + example
	case "uint64":
		return "an integer from 0 to " + strconv.FormatUint(math.MaxUint64, 10) + ", e.g. --" + f.Name + " 42"
	case "bool":
		return "true or false, e.g. --" + f.Name + "=false"
	case "stringSlice":
		return "a comma-separated list, e.g. a,b"
	}
	return "a value, e.g. --" + f.Name + " " + f.DefValue
}

// byteCount says whether a flag counts bytes (--max-body, --max-store-bytes,
// --max-resource-size), so its hint can say the unit.
func byteCount(name string) bool {
	return name == "max-body" || strings.HasSuffix(name, "-bytes") || strings.HasSuffix(name, "-size")
}

// joinAnd joins "a", "b" and "c" as "a, b and c".
func joinAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
