// Package cli is the statuskit command line: it turns arguments, flags and
// environment into calls on the status registry and the server. It is kept
// apart from cmd/statuskit so tests run the real program in-process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

// Exit codes: 1 for an answer that is "no such thing", 2 for words the
// program could not understand, so scripts can tell them apart.
const (
	exitOK       = 0
	exitNotFound = 1
	exitUsage    = 2
)

// env is what a command may see of the process: everything comes in through
// Run so tests can give each command its own world.
type env struct {
	ctx    context.Context
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// usageError marks errors in how the program was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usageArgs marks cobra's argument-count errors as usage errors.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageError{fmt.Errorf("%w; see statuskit %s --help", err, cmd.Name())}
		}
		return nil
	}
}

// Run executes statuskit with args (without the program name) and returns the
// process exit code.
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	root := newRoot(e)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "statuskit:", err)
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitNotFound
}

func newRoot(e *env) *cobra.Command {
	var opts outputOptions
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

Every command takes --json for machine-readable output. Colour is used only
when stdout is a terminal and NO_COLOR is unset.`,
		Example:           "  statuskit 503\n  statuskit not-found --json",
		Args:              cobra.ArbitraryArgs,
		SilenceErrors:     true,
		SilenceUsage:      true,
		ValidArgsFunction: completeCodes,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			return explain(e, opts, args)
		},
	}
	root.PersistentFlags().BoolVar(&opts.json, "json", false, "print machine-readable JSON")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newExplain(e, &opts), newSearch(e, &opts), newList(e, &opts), newServe(e))
	root.AddCommand(newProbe(e, &opts))
	return root
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
