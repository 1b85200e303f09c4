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

func newExplain(e *env, opts *outputOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "explain <code | phrase | words>",
		Short: "Explain one status code: meaning, spec, required headers, retry advice",
		Long: `Explain one status code. The argument may be a number (429), a reason phrase
or slug in any case ("too many requests", TooManyRequests, too-many-requests),
or words from a phrase ("too many"); words pick the best search match.`,
		Example:           "  statuskit explain 503\n  statuskit explain \"too many\"\n  statuskit explain 418 --json",
		Args:              usageArgs(cobra.MinimumNArgs(1)),
		ValidArgsFunction: completeCodes,
		RunE: func(cmd *cobra.Command, args []string) error {
			return explain(e, *opts, args)
		},
	}
}

func newSearch(e *env, opts *outputOptions) *cobra.Command {
	var limit int
	cmd := &cobra.Command{
		Use:     "search <words>",
		Short:   "Full-text search over phrases, summaries and descriptions, best match first",
		Example: "  statuskit search retry\n  statuskit search \"rate limit\" --limit 3",
		Args:    usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 1 {
				return usageError{fmt.Errorf("--limit must be at least 1, got %d", limit)}
			}
			query := strings.Join(args, " ")
			results := status.Search(query)
			if len(results) == 0 {
				return &status.NotFoundError{Query: query, Suggestions: status.Suggest(query, 3)}
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
	cmd.Flags().IntVar(&limit, "limit", 10, "show at most this many results")
	return cmd
}

func newList(e *env, opts *outputOptions) *cobra.Command {
	return &cobra.Command{
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
					return usageError{err}
				}
				codes = status.InClass(class)
			}
			if opts.json {
				return writeJSON(e, codes)
			}
			newPrinter(e).list(codes)
			return nil
		},
	}
}

// explain resolves what was typed to one code. A number or a phrase is an
// exact lookup; other words fall back to the best search match, so
// `statuskit explain "too many"` finds 429.
func explain(e *env, opts outputOptions, args []string) error {
	query := strings.Join(args, " ")
	code, err := status.Find(query)
	var nf *status.NotFoundError
	if errors.As(err, &nf) && !isNumber(query) {
		if results := status.Search(query); len(results) > 0 {
			code, err = results[0].Code, nil
		}
	}
	var re *status.RangeError
	if errors.As(err, &re) {
		return usageError{err}
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
