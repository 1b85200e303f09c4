package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
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
		Long: `Explain one status code. The argument may be a number, written as three
digits (429), a reason phrase or slug in any case ("too many requests",
TooManyRequests, too-many-requests), an older phrase (Request Entity Too
Large), or words of a name ("too many"). A class (4xx) lists its codes.

Words pick a code only when they name it alone: each is a word of its phrase
or of an older or vendor phrase (or, at three letters or more, the start of
one), at least one is a whole word, and no other code is named as well (fewer
starts name better, and a registered code before an unofficial one). Words
that name several codes equally ("gateway": 502 and 504) exit 1 naming them;
words that name none ("list") exit 1 with suggestions. statuskit search
ranks every code whose text matches.

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
			if strings.TrimSpace(query) == "" {
				return usageError{errors.New(`search needs words to look for, e.g. statuskit search retry or statuskit search "rate limit"`)}
			}
			if len(status.Words(query)) == 0 {
				return usageError{fmt.Errorf(`%s has no word to search for: search matches words of letters a-z and digits, e.g. statuskit search retry or statuskit search "rate limit"`, shellQuote(query))}
			}
			results := status.Search(query)
			if len(results) == 0 {
				return searchNotFound(query)
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

// lookup resolves what was typed to one code, or says why it cannot:
//
//   - a class ("4xx") lists the class; anything else written as digits
//     and "xx" ("6xx") is a usage error;
//   - anything written as a number (digits, perhaps signed) is read by
//     status.ParseCode, the one parser of codes, so "0200", "+404", "99"
//     and "600" are usage errors, as they are in a URL;
//   - a phrase, slug or older phrase is an exact lookup (status.Find);
//   - other words pick a code only when they name it alone (status.Named):
//     "too many" is 429. Words that name several codes equally
//     ("gateway") exit 1 listing them, and words that name none ("list")
//     exit 1 with suggestions. The best full-text match is never taken
//     silently: that is what statuskit search is for.
//
// For a bare `statuskit WORDS` (root set), a first word that is close to
// a command name and is not itself a code's name is a mistyped command:
// `statuskit serv` must not look up "serv". With one word that rule
// comes before the words are read as names; with several it applies only
// when they name nothing, so "serv unavailable" still finds 503.
func lookup(e *env, opts outputOptions, args []string, root *cobra.Command) error {
	query := strings.TrimSpace(strings.Join(args, " "))
	if classLike.MatchString(query) {
		class, err := status.ParseClass(query)
		if err != nil {
			return usageError{fmt.Errorf("%w; e.g. statuskit list 4xx", err)}
		}
		return printList(e, opts, status.InClass(class))
	}
	if numberLike.MatchString(query) {
		n, err := parseCodeArg(query)
		if err != nil {
			return usageError{err}
		}
		return explain(e, opts, status.MustLookup(n))
	}
	code, err := status.Find(query)
	if err == nil {
		return explain(e, opts, code)
	}
	var nf *status.NotFoundError
	if !errors.As(err, &nf) {
		return err
	}
	if root != nil && len(args) == 1 {
		if names := commandTypos(root, args[0]); len(names) > 0 {
			return unknownCommand(args, names)
		}
	}
	switch named := status.Named(query); {
	case len(named) == 1:
		return explain(e, opts, named[0])
	case len(named) > 1:
		return ambiguous(query, named)
	}
	if root != nil {
		if names := commandTypos(root, args[0]); len(names) > 0 {
			return unknownCommand(args, names)
		}
	}
	return notFound(nf)
}

func explain(e *env, opts outputOptions, code status.Code) error {
	if opts.json {
		return writeJSON(e, code)
	}
	newPrinter(e).explain(code)
	return nil
}

var (
	// classLike is what a person writes for a class: "4xx", "4XX".
	classLike = regexp.MustCompile(`^[0-9]+[xX][xX]$`)
	// numberLike is anything written as a number, which must then be a
	// status code as status.ParseCode reads one.
	numberLike = regexp.MustCompile(`^[+-]?[0-9]+$`)
)

// parseCodeArg reads a code written as a number with status.ParseCode:
// exactly three digits. A code in range written otherwise ("0200",
// "+404") gets itself as the example.
func parseCodeArg(s string) (int, error) {
	n, err := status.ParseCode(s)
	if err == nil {
		return n, nil
	}
	var se *status.SyntaxError
	v, perr := strconv.Atoi(strings.TrimLeft(s, "+0"))
	if errors.As(err, &se) && perr == nil && v >= 100 && v <= 599 {
		return 0, fmt.Errorf("%q is not a status code as written: write exactly three digits, e.g. %d (RFC 9110, 15)", s, v)
	}
	return 0, err
}

// ambiguous is the answer to words that name several codes equally: exit
// 1, as no one code matches, naming them and how to pick one.
func ambiguous(query string, codes []status.Code) error {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = c.String()
	}
	return fmt.Errorf("%q names %d codes equally: %s; say which, e.g. statuskit explain %d, or search their text with statuskit search %s",
		query, len(codes), joinAnd(names), codes[0].Number, shellQuote(query))
}

// notFound adds where to look next when the registry has nothing near
// enough to suggest.
func notFound(nf *status.NotFoundError) error {
	if len(nf.Suggestions) > 0 {
		return nf
	}
	return fmt.Errorf("%w; nothing is close: browse every code with statuskit list, or search their text with statuskit search %s", nf, shellQuote(nf.Query))
}

// searchNotFound is search's answer to words no code's text has: exit 1,
// with the nearest codes or, when nothing is close, what else to try
// (never the same search again).
func searchNotFound(query string) error {
	msg := fmt.Sprintf(`no code's text has every word of %q (each must start a word of a code's phrase, summary, fields or advice: "limit" finds "limiting")`, query)
	if sug := status.Suggest(query, 3); len(sug) > 0 {
		names := make([]string, len(sug))
		for i, c := range sug {
			names[i] = c.String()
		}
		return fmt.Errorf("%s; did you mean %s?", msg, joinAnd(names))
	}
	return fmt.Errorf("%s; nothing is close: try other or fewer words, e.g. statuskit search retry, look up a code with statuskit explain 404, or browse every code with statuskit list", msg)
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
