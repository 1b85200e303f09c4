package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/statuskit/statuskit/status"
)

type outputOptions struct {
	json bool
}

func newExplain(e *env) *cobra.Command {
	var opts outputOptions
	cmd := &cobra.Command{
		Use:   "explain <code | phrase | words>",
		Short: "Explain one status code: meaning, spec, required headers, retry advice",
		Long: `Explain one status code. The argument may be a number (429), a reason phrase
or slug in any case ("too many requests", TooManyRequests, too-many-requests),
or words from a phrase ("too many"); words pick the best search match. A class
(4xx) lists its codes.

Unlike a bare "statuskit WORD", explain never takes a word for a mistyped
command: "statuskit explain serv" looks "serv" up.`,
		Example:           "  statuskit explain 503\n  statuskit explain \"too many\"\n  statuskit explain 418 --json",
		Args:              usageArgs(cobra.MinimumNArgs(1)),
		ValidArgsFunction: completeCodes,
		RunE: func(cmd *cobra.Command, args []string) error {
			return lookup(e, opts, args, nil)
		},
	}
	addJSONFlag(cmd, &opts)
	return cmd
}

func newSearch(e *env) *cobra.Command {
	var opts outputOptions
	var limit int
	cmd := &cobra.Command{
		Use:   "search <words>",
		Short: "Full-text search over phrases, summaries, headers, advice and descriptions, best match first",
		Long: `Full-text search. Every word must start a word of a code's text
("limit" finds "limiting"). Results are ranked by where the words occur (the
phrase first, then header fields the code's specification asks for, the
summary, the advice, and last the description), by what the registry knows
about the code (retry advice, redirects), and registered codes before
unofficial ones.`,
		Example: "  statuskit search retry\n  statuskit search \"rate limit\" --limit 3",
		Args:    usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 1 {
				return usageError{fmt.Errorf("--limit must be at least 1, got %d; e.g. --limit 5", limit)}
			}
			query := strings.Join(args, " ")
			results := status.Search(query)
			if len(results) == 0 {
				return notFound(&status.NotFoundError{Query: query, Suggestions: status.Suggest(query, 3)})
			}
			if len(results) > limit {
				results = results[:limit]
			}
			codes := make([]status.Code, len(results))
			for i, r := range results {
				codes[i] = r.Code
			}
			if opts.json {
				return writeJSON(e, codes)
			}
			newPrinter(e).list(codes)
			return nil
		},
	}
	addJSONFlag(cmd, &opts)
	cmd.Flags().IntVar(&limit, "limit", 10, "show at most this many results")
	return cmd
}

func newList(e *env) *cobra.Command {
	var opts outputOptions
	cmd := &cobra.Command{
		Use:       "list [class]",
		Short:     "List every known code, or one class (1xx-5xx)",
		Example:   "  statuskit list\n  statuskit list 4xx --json",
		Args:      usageArgs(cobra.MaximumNArgs(1)),
		ValidArgs: []string{"1xx", "2xx", "3xx", "4xx", "5xx"},
		RunE: func(cmd *cobra.Command, args []string) error {
			codes := status.All()
			if len(args) == 1 {
				class, err := status.ParseClass(args[0])
				if err != nil {
					return usageError{fmt.Errorf("%w; e.g. statuskit list 4xx", err)}
				}
				codes = status.InClass(class)
			}
			return printList(e, opts, codes)
		},
	}
	addJSONFlag(cmd, &opts)
	return cmd
}

func printList(e *env, opts outputOptions, codes []status.Code) error {
	if opts.json {
		return writeJSON(e, codes)
	}
	newPrinter(e).list(codes)
	return nil
}

// lookup resolves what was typed to one code. A number or a phrase is an
// exact lookup; a class ("4xx") lists the class; other words fall back to
// the best search match, so `statuskit explain "too many"` finds 429.
//
// For a bare `statuskit WORDS` (root set), a first word that is close to
// a command name and is not itself a code's name is a mistyped command,
// not a search: `statuskit serv` must not explain 500 because "serv" starts
// "server". With one word that rule comes before the search; with several
// it applies only when nothing matches, so "serv unavailable" still finds
// 503.
func lookup(e *env, opts outputOptions, args []string, root *cobra.Command) error {
	query := strings.Join(args, " ")
	if class, ok := classArg(query); ok {
		return printList(e, opts, status.InClass(class))
	}
	code, err := status.Find(query)
	var nf *status.NotFoundError
	if errors.As(err, &nf) && root != nil && len(args) == 1 {
		if names := commandTypos(root, args[0]); len(names) > 0 {
			return unknownCommand(args, names)
		}
	}
	if errors.As(err, &nf) && !isNumber(query) {
		if results := status.Search(query); len(results) > 0 {
			code, err = results[0].Code, nil
		} else if root != nil {
			if names := commandTypos(root, args[0]); len(names) > 0 {
				return unknownCommand(args, names)
			}
		}
	}
	var re *status.RangeError
	if errors.As(err, &re) {
		return usageError{err}
	}
	if errors.As(err, &nf) {
		return notFound(nf)
	}
	if err != nil {
		return err
	}
	if opts.json {
		return writeJSON(e, code)
	}
	newPrinter(e).explain(code)
	return nil
}

// classArg reads "4xx" as a class; a bare "4" stays a (too small) number.
func classArg(s string) (status.Class, bool) {
	if !strings.HasSuffix(strings.ToLower(strings.TrimSpace(s)), "xx") {
		return 0, false
	}
	c, err := status.ParseClass(s)
	return c, err == nil
}

// notFound adds where to look next when the registry has nothing near
// enough to suggest.
func notFound(nf *status.NotFoundError) error {
	if len(nf.Suggestions) > 0 {
		return nf
	}
	return fmt.Errorf("%w; nothing is close: browse every code with statuskit list, or search their text with statuskit search %s", nf, shellQuote(nf.Query))
}

// shellQuote quotes s for a command a person can paste, when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@,+=", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(strings.TrimSpace(s))
	return err == nil
}

func writeJSON(e *env, v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// completeCodes offers every known code with its phrase as the description,
// which bash/zsh/fish show beside the candidate.
func completeCodes(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	for _, c := range status.All() {
		n := strconv.Itoa(c.Number)
		if strings.HasPrefix(n, toComplete) {
			out = append(out, n+"\t"+c.Phrase)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
