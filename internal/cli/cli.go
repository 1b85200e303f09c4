// Package cli is the statuskit command line: it turns arguments, flags and
// environment into calls on the status registry and the server. It is kept
// apart from cmd/statuskit so tests run the real program in-process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// Exit codes: 1 for an answer that is "no such thing" (or a server that
// failed while running), 2 for words the program could not understand or
// settings that cannot work, so scripts can tell them apart.
const (
	exitOK       = 0
	exitNotFound = 1
	exitFailure  = 1
	exitUsage    = 2
)

// env is what a command may see of the process: everything comes in through
// Run so tests can give each command its own world.
type env struct {
	ctx    context.Context
	getenv func(string) string
	// environ lists the environment as KEY=value, for the warning about
	// STATUSKIT_ variables no command reads (unknownEnv); nil skips it.
	environ func() []string
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
}

// usageError marks errors in how the program was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usageArgs marks cobra's argument-count errors as usage errors, with the
// command's first example.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			example := strings.TrimSpace(strings.SplitN(cmd.Example, "\n", 2)[0])
			if example != "" {
				example = "e.g. " + example + "; "
			}
			return usageError{fmt.Errorf("%w; %ssee %s --help", err, example, cmd.CommandPath())}
		}
		return nil
	}
}

// reportedError is an error already written to the log (serve under
// --log-format json, where every line on stderr must be a JSON record);
// Run exits with its code without printing it again.
type reportedError struct {
	err  error
	code int
}

func (e reportedError) Error() string { return e.err.Error() }
func (e reportedError) Unwrap() error { return e.err }

// Run executes statuskit with args (without the program name) and returns the
// process exit code.
//
// The environment's STATUSKIT_ variables are listed from os.Environ, and
// only those getenv also sees are considered, so a getenv of its own
// (a test's map) never reads the process's variables.
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runEnv(&env{ctx: ctx, getenv: getenv, environ: os.Environ, stdin: stdin, stdout: stdout, stderr: stderr}, args)
}

// runEnv is Run with the whole env given.
func runEnv(e *env, args []string) int {
	ctx, getenv, stderr := e.ctx, e.getenv, e.stderr
	root := newRoot(e)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	var re reportedError
	if errors.As(err, &re) {
		return re.code
	}
	code := exitNotFound
	var ue usageError
	if errors.As(err, &ue) {
		code = exitUsage
	}
	if cmd != nil && logFormat(cmd, args, getenv) == "json" {
		// Asked for JSON logs, a script reads every line of stderr as a
		// record: an error found before the logger existed (a bad flag or
		// variable) is one too.
		log, _ := newLogger(stderr, "json", "error")
		log.Error("statuskit "+cmd.Name()+" failed", slog.String("error", err.Error()), slog.Int("exit_code", code))
		return code
	}
	fmt.Fprintln(stderr, "statuskit:", err)
	return code
}

// logFormat is the --log-format a command that logs (serve, gateway) was
// asked for, read from the arguments themselves, since flag parsing may
// have stopped before reaching it: the last --log-format given, else
// STATUSKIT_LOG_FORMAT. It is "" for commands without the flag.
func logFormat(cmd *cobra.Command, args []string, getenv func(string) string) string {
	if cmd.Flags().Lookup("log-format") == nil {
		return ""
	}
	format, given := "", false
	for i := 0; i < len(args) && args[i] != "--"; i++ {
		switch a := args[i]; {
		case a == "--log-format" && i+1 < len(args):
			format, given = args[i+1], true
			i++
		case strings.HasPrefix(a, "--log-format="):
			format, given = strings.TrimPrefix(a, "--log-format="), true
		}
	}
	if !given {
		format = getenv(envPrefix + "LOG_FORMAT")
	}
	return format
}

func newRoot(e *env) *cobra.Command {
	var opts outputOptions
	var showVersion bool
	root := &cobra.Command{
		Use:   "statuskit [code | phrase]",
		Short: "Know, serve and test HTTP status codes",
		Long: `statuskit knows every HTTP status code: what it means, what the protocol
requires of it, and what a client should do when it gets one.

  statuskit 429                 explain a code (same as: statuskit explain 429)
  statuskit explain "too many"  explain the code a phrase names
  statuskit search retry        full-text search, best match first
  statuskit list 4xx            list a class (or every code)
  statuskit serve               answer any status code over HTTP
  statuskit gateway             a reverse proxy that injects faults in front of your service
  statuskit check URL…          find status-code misuse in a live API
  statuskit grade --key K       a client's report card from the exams of statuskit serve
  statuskit probe URL           exit 0 on a 2xx answer: a health check without curl
  statuskit version             the version of this binary (also --version)

The lookup commands (a bare code, explain, search, list, version, probe) take
--json for machine-readable output. Colour is used only when stdout is a
terminal and NO_COLOR is unset.

Exit status: 0 found; 1 no such code (the message names the nearest), words
that name several codes (the message lists them), or a server that failed
while running; 2 a usage error: a mistyped command or flag, a malformed code
or class (0200, 600, 6xx), a setting that cannot work (the message says what
is allowed, with an example).`,
		Example:           "  statuskit 503\n  statuskit not-found --json\n  statuskit --version",
		Args:              cobra.ArbitraryArgs,
		SilenceErrors:     true,
		SilenceUsage:      true,
		ValidArgsFunction: completeCodes,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case showVersion && len(args) > 0:
				return usageError{fmt.Errorf("--version takes no arguments, got %q; e.g. statuskit --version", strings.Join(args, " "))}
			case showVersion:
				return printVersion(e, opts)
			case len(args) == 0 && opts.json:
				return usageError{errors.New("--json needs something to print: give a code or phrase, e.g. statuskit 404 --json")}
			case len(args) == 0:
				return cmd.Help()
			}
			return lookup(e, opts, args, cmd)
		},
	}
	addJSONFlag(root, &opts)
	root.Flags().BoolVar(&showVersion, "version", false, "print the version and exit (as statuskit version)")
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(newExplain(e), newSearch(e), newList(e), newServe(e), newVersion(e), newProbe(e), newCheck(e), newGrade(e), newGateway(e))
	// Before the completion command is made: it keeps the writer it
	// finds then.
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	strictHelpAndCompletion(root)
	return root
}

// strictHelpAndCompletion makes cobra's own help and completion commands
// refuse what they do not know: left alone, "statuskit completion tcsh"
// and "statuskit help foo" print help and exit 0, as if they had worked.
func strictHelpAndCompletion(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		switch c.Name() {
		case "completion":
			var shells []string
			for _, sh := range c.Commands() {
				shells = append(shells, sh.Name())
			}
			c.Args = func(cmd *cobra.Command, args []string) error {
				if len(args) > 0 {
					return usageError{fmt.Errorf("unknown shell %q for %s: the shells are %s; e.g. statuskit completion bash", args[0], cmd.CommandPath(), joinAnd(shells))}
				}
				return nil
			}
			c.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
		case "help":
			show := c.Run
			c.Run = nil
			c.RunE = func(cmd *cobra.Command, args []string) error {
				if found, rest, err := root.Find(args); err != nil || len(rest) > 0 || found == nil {
					return unknownHelpTopic(root, args)
				}
				show(cmd, args)
				return nil
			}
		}
	}
}

// unknownHelpTopic is the usage error for "statuskit help WORDS" that name
// no command.
func unknownHelpTopic(root *cobra.Command, args []string) error {
	var names []string
	for _, c := range root.Commands() {
		if c.IsAvailableCommand() || c.Name() == "help" {
			names = append(names, c.Name())
		}
	}
	example := "serve"
	if near := commandTypos(root, args[0]); len(near) > 0 {
		example = near[0]
	}
	return usageError{fmt.Errorf("unknown help topic %q: the commands are %s; e.g. statuskit help %s", strings.Join(args, " "), joinAnd(names), example)}
}

// addJSONFlag gives a command that prints results its own --json. It is
// not a persistent flag of the root: serve, completion and help print no
// results, and a flag they accepted and ignored would mislead.
func addJSONFlag(cmd *cobra.Command, opts *outputOptions) {
	cmd.Flags().BoolVar(&opts.json, "json", false, "print machine-readable JSON")
}

// isTerminal reports whether w is a character device, the usual sign of an
// interactive terminal; a pipe or file gets no colour.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
