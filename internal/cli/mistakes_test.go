package cli

import (
	"slices"
	"strings"
	"testing"

	"github.com/statuskit/statuskit/status"
)

// The rule for a bare `statuskit WORD`: a word that names a code (number,
// phrase, slug, alias) explains it; otherwise a word within one edit per
// three letters of a command name, the same name in another case, or at
// least three letters that start one is a mistyped command (exit 2).
func TestMistypedCommandsAreUsageErrorsWithASuggestion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"serv"}, `unknown command "serv" for "statuskit"; did you mean "serve"?`},
		{[]string{"lsit"}, `did you mean "list"?`},
		{[]string{"serach"}, `did you mean "search"?`},
		{[]string{"serach", "retry"}, `unknown command "serach" for "statuskit"; did you mean "search"?`},
		{[]string{"lsit", "4xx"}, `did you mean "list"?`},
		{[]string{"explian", "404"}, `did you mean "explain"?`},
		{[]string{"verison"}, `did you mean "version"?`},
		{[]string{"List"}, `did you mean "list"?`},
		{[]string{"SERVE"}, `did you mean "serve"?`},
		{[]string{"hlep"}, `did you mean "help"?`},
		{[]string{"completoin"}, `did you mean "completion"?`},
		{[]string{"ser"}, `did you mean "serve"?`},
		{[]string{"expl"}, `did you mean "explain"?`},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, nil, tt.args...)
		if code != exitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("statuskit %v: exit %d, %q; want exit %d and %q", tt.args, code, errOut, exitUsage, tt.want)
		}
		if !strings.Contains(errOut, "statuskit explain") {
			t.Errorf("statuskit %v: %q does not say how to look the words up instead", tt.args, errOut)
		}
		if out != "" {
			t.Errorf("statuskit %v wrote to stdout: %q", tt.args, out)
		}
	}
}

func TestWordsThatNameCodesAreNeverTakenForCommands(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"gone"}, 410},
		{[]string{"conflict"}, 409},
		{[]string{"teapot"}, 418},
		{[]string{"ok"}, 200},
		{[]string{"OK"}, 200},
		{[]string{"found"}, 302},
		{[]string{"locked"}, 423},
		{[]string{"limit"}, 509},               // two edits from "list": a word of 509's phrase, not a command
		{[]string{"serv", "unavailable"}, 503}, // several words that name a code
	}
	// Every one-word name in the registry must explain its code too.
	for _, c := range status.All() {
		for _, name := range append([]string{c.Phrase, c.Slug()}, c.AlsoKnownAs...) {
			if !strings.ContainsAny(name, " ") {
				if found, err := status.Find(name); err == nil && found.Number == c.Number {
					tests = append(tests, struct {
						args []string
						code int
					}{[]string{name}, c.Number})
				}
			}
		}
	}
	for _, tt := range tests {
		code, out, errOut := run(t, nil, tt.args...)
		if code != 0 {
			t.Errorf("statuskit %v: exit %d, %q; want it explained", tt.args, code, errOut)
			continue
		}
		if tt.code != 0 && !strings.HasPrefix(out, strings.TrimSpace(status.MustLookup(tt.code).String())) {
			t.Errorf("statuskit %v explained %q, want %d", tt.args, strings.SplitN(out, "\n", 2)[0], tt.code)
		}
	}
}

func TestCommandTyposRule(t *testing.T) {
	t.Parallel()
	root := newRoot(&env{})
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	tests := []struct {
		word string
		want []string
	}{
		{"serv", []string{"serve"}},
		{"sevre", []string{"serve"}},
		{"lsit", []string{"list"}},
		{"lost", []string{"list"}},
		{"limit", nil},
		{"se", nil}, // too short to be the start of a command
		{"sea", []string{"search"}},
		{"serach", []string{"search"}},
		{"searh", []string{"search"}},
		{"ok", nil},
		{"gone", nil},
		{"list", nil}, // the command itself never reaches this rule
		{"Search", []string{"search"}},
	}
	for _, tt := range tests {
		if got := commandTypos(root, tt.word); !slices.Equal(got, tt.want) {
			t.Errorf("commandTypos(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

// A flag a command does not take is refused, and the message says where
// it belongs or what was probably meant.
func TestUnknownFlagsSayWhereTheyBelong(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"list", "--limit", "3"}, "--limit is a flag of statuskit search, not of this command"},
		{[]string{"completion", "bash", "--json"}, "--json is a flag of statuskit, statuskit explain, statuskit list, statuskit probe, statuskit search and statuskit version"},
		{[]string{"search", "retry", "--limt", "3"}, "did you mean --limit?"},
		{[]string{"404", "--jsno"}, "did you mean --json?"},
		{[]string{"serve", "--json"}, "for JSON log lines use --log-format json"},
		{[]string{"search", "retry", "--limit", "many"}, "--limit takes a whole number, e.g. 10"},
		{[]string{"--json"}, "--json needs something to print"},
		{[]string{"--version", "404"}, "--version takes no arguments"},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, nil, tt.args...)
		if code != exitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("statuskit %v: exit %d, %q; want exit %d and %q", tt.args, code, errOut, exitUsage, tt.want)
		}
		if out != "" {
			t.Errorf("statuskit %v wrote to stdout: %q", tt.args, out)
		}
	}
}

// cobra's help and completion commands refuse what they do not know
// instead of printing help and exiting 0 as if they had worked.
func TestHelpAndCompletionRefuseUnknownTopicsAndShells(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		exit int
		want string // in stderr, or stdout for exit 0
	}{
		{[]string{"completion", "tcsh"}, exitUsage, `unknown shell "tcsh" for statuskit completion: the shells are bash, fish, powershell and zsh; e.g. statuskit completion bash`},
		{[]string{"help", "foo"}, exitUsage, `unknown help topic "foo": the commands are check, completion, explain, gateway, grade, help, list, probe, search, serve and version; e.g. statuskit help serve`},
		{[]string{"help", "serv"}, exitUsage, "e.g. statuskit help serve"},
		{[]string{"help", "serve", "now"}, exitUsage, `unknown help topic "serve now"`},
		{[]string{"completion", "zsh"}, exitOK, "#compdef statuskit"},
		{[]string{"help", "probe"}, exitOK, "Probe sends one GET"},
		{[]string{"help"}, exitOK, "statuskit knows every HTTP status code"},
		{[]string{"completion"}, exitOK, "bash"},
	}
	for _, tt := range tests {
		expectRun(t, tt.args, tt.exit, tt.want, "printed help on stdout as if it had worked")
	}
}

// A bad value, on the command line or from the environment, says what the
// flag takes and gives an example, in statuskit's words, not strconv's or
// os's.
func TestBadValuesSayWhatIsAllowedWithAnExample(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		env     map[string]string
		args    []string
		want    string
		mustNot string
	}{
		{nil, []string{"serve", "--addr", "127.0.0.1:0", "--max-body", "-1"}, "--max-body must not be negative, got -1: give 0 or more, e.g. 1048576 (the default)", ""},
		{nil, []string{"serve", "--addr", "127.0.0.1:0", "--max-keys", "-1"}, "--max-keys must not be negative, got -1: give a positive value, e.g. 100000 (the default)", ""},
		{nil, []string{"serve", "--addr", "127.0.0.1:0", "--max-body", "1MB"}, "--max-body takes a whole number of bytes, without a unit, e.g. --max-body 1048576", "strconv"},
		{map[string]string{"STATUSKIT_MAX_BODY": "1MB"}, []string{"serve", "--addr", "127.0.0.1:0"}, "which takes a whole number of bytes, without a unit, e.g. --max-body 1048576", "strconv"},
		{map[string]string{"STATUSKIT_RPS": "abc"}, []string{"check", "http://127.0.0.1:1/"}, "it sets --rps, which takes a number, e.g. --rps", "strconv"},
		{nil, []string{"check", "--urls", "/nonexistent/urls.txt"}, "--urls /nonexistent/urls.txt could not be read: no such file or directory; --urls takes a file of URLs, one a line, or - for stdin, e.g. --urls urls.txt or --urls -", "open "},
	} {
		code, out, errOut := run(t, tt.env, tt.args...)
		if code != exitUsage || out != "" || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v statuskit %q: exit %d, %q; want exit %d and %q", tt.env, tt.args, code, errOut, exitUsage, tt.want)
		}
		if tt.mustNot != "" && strings.Contains(errOut, tt.mustNot) {
			t.Errorf("%v statuskit %q: %q leaks %q", tt.env, tt.args, errOut, tt.mustNot)
		}
	}
}
