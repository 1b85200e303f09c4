package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/statuskit/statuskit/internal/spelling"
)

// envOutsideFlags are STATUSKIT_ variables statuskit reads that set no
// flag: the redis-server binary of the tests (store/redistest).
var envOutsideFlags = []string{envPrefix + "REDIS_SERVER"}

// unknownEnv finds the STATUSKIT_ variables of the environment that no
// command reads, and says for each which one was probably meant
// (internal/spelling), or how the variables are named. A variable another
// command reads (STATUSKIT_RPS under serve) is not reported: one
// environment often serves several commands. A misspelt variable is
// ignored, so the person must hear of it; it is a warning, not an error,
// since the rest of the setup is valid.
func unknownEnv(e *env, cmd *cobra.Command) (warnings []envWarning) {
	if e.environ == nil {
		return nil
	}
	known := slices.Clone(envOutsideFlags)
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) { known = append(known, envName(f.Name)) })
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(cmd.Root())
	for _, kv := range e.environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, envPrefix) || slices.Contains(known, name) || e.getenv(name) == "" {
			continue
		}
		w := envWarning{Variable: name}
		best := -1
		for _, k := range known {
			typed, word := strings.TrimPrefix(name, envPrefix), strings.TrimPrefix(k, envPrefix)
			if d := spelling.Distance(typed, word); spelling.Near(typed, word) && (best < 0 || d < best) {
				best, w.Nearest = d, k
			}
		}
		warnings = append(warnings, w)
	}
	slices.SortFunc(warnings, func(a, b envWarning) int { return strings.Compare(a.Variable, b.Variable) })
	return warnings
}

// warnUnknownEnv writes unknownEnv's warnings to stderr, for a command
// without a log (check, grade).
func warnUnknownEnv(e *env, cmd *cobra.Command) {
	for _, w := range unknownEnv(e, cmd) {
		fmt.Fprintln(e.stderr, "statuskit: warning:", w)
	}
}

// envWarning is one STATUSKIT_ variable no command reads, and the known
// one it is nearest to ("" if none is near).
type envWarning struct {
	Variable, Nearest string
}

func (w envWarning) String() string {
	if w.Nearest != "" {
		return w.Variable + " is not a statuskit setting and is ignored; did you mean " + w.Nearest + "?"
	}
	return w.Variable + " is not a statuskit setting and is ignored; the variables are STATUSKIT_<FLAG>, e.g. STATUSKIT_MAX_SLEEP for --max-sleep"
}

// envName is the variable that sets flag name: STATUSKIT_MAX_SLEEP for
// max-sleep.
func envName(flag string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}
