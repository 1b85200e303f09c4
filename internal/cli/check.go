package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/statuskit/statuskit/check"
	"github.com/statuskit/statuskit/check/report"
	"github.com/statuskit/statuskit/check/wire"
	"github.com/statuskit/statuskit/field"
)

// checkOptions are the check command's flags beyond check.Config.
type checkOptions struct {
	format, failOn, urls, openapi, base string
	headers                             []string
	listRules                           bool
}

func newCheck(e *env) *cobra.Command {
	cfg := check.DefaultConfig()
	var opts checkOptions
	cmd := &cobra.Command{
		Use:   "check [flags] URL...",
		Short: "Find status-code misuse in a live HTTP API",
		Long: `Probe each URL and report every place it speaks HTTP status codes wrongly,
with the RFC section, the evidence and the fix.

Each URL gets GET and HEAD (compared), OPTIONS, an unknown method (FOO), a
random path below it, a malformed request, conditional requests with the
validators it sent (If-None-Match, If-Modified-Since, a failing If-Match),
range requests when it offers them, the request without the --header
credentials, and its redirects hop by hop. Responses are read from the raw
connection, so content on a 204 or a wrong Content-Length is seen as sent.
With --allow-unsafe it also sends the unsafe methods the resource's Allow
refuses, and a POST in an unsupported media type where Allow lists POST:
point it at a staging server.

  --urls FILE      one URL per line, # comments
  --openapi FILE   every path and operation of an OpenAPI 3.x document,
                   against --base URL (path parameters from examples)

Exit status: 0 no finding at or above --fail-on; 1 such a finding, or a URL
that gave no response; 2 a usage error. Every flag can also be set as
STATUSKIT_<FLAG>, e.g. STATUSKIT_RPS=5.`,
		Example: "  statuskit check http://127.0.0.1:8080/404 http://127.0.0.1:8080/405\n" +
			"  statuskit check --header 'Authorization: Bearer $TOKEN' --format sarif https://staging.example.com/users/1 > check.sarif\n" +
			"  statuskit check --openapi openapi.yaml --base http://127.0.0.1:8080 --allow-unsafe\n" +
			"  statuskit check --list-rules",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := applyEnv(cmd.Flags(), e.getenv); err != nil {
				return usageError{err}
			}
			warnUnknownEnv(e, cmd)
			return runCheck(e, cfg, opts, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.format, "format", "text", "report format: text (for people), json or sarif (SARIF 2.1.0 for code scanning)")
	f.StringVar(&opts.failOn, "fail-on", "must", "exit 1 when a finding at or above this severity exists: must, should, may or never")
	f.BoolVar(&cfg.AllowUnsafe, "allow-unsafe", false, "send POST, PUT, PATCH and DELETE (methods the resource refuses, unsupported media types, OpenAPI operations); without it only GET, HEAD, OPTIONS and an unknown method")
	f.StringArrayVar(&opts.headers, "header", nil, "a request field for every request, e.g. 'Authorization: Bearer abc' (repeatable; values are redacted in every report)")
	f.IntVar(&cfg.Concurrency, "concurrency", cfg.Concurrency, "URLs probed at once")
	f.Float64Var(&cfg.RPS, "rps", cfg.RPS, "most requests per second, for the whole run")
	durationVar(f, &cfg.Timeout, "timeout", cfg.Timeout, "time allowed for each request: connecting, sending and reading the response")
	f.IntVar(&cfg.MaxRedirects, "max-redirects", cfg.MaxRedirects, "redirect hops followed from each URL")
	f.StringVar(&opts.urls, "urls", "", "read URLs from FILE, one per line (# starts a comment)")
	f.StringVar(&opts.openapi, "openapi", "", "check every path and operation of an OpenAPI 3.x FILE (JSON or YAML); needs --base")
	f.StringVar(&opts.base, "base", "", "with --openapi: the server URL the paths are under, e.g. http://127.0.0.1:8080/api")
	f.BoolVar(&opts.listRules, "list-rules", false, "print every rule (id, severity, spec section, what it finds) and exit; --format json for JSON")
	return cmd
}

func runCheck(e *env, cfg check.Config, opts checkOptions, args []string) error {
	if opts.listRules {
		if len(args) > 0 || opts.urls != "" || opts.openapi != "" {
			return usageError{errors.New("--list-rules prints the rules and checks nothing: drop the URLs, e.g. statuskit check --list-rules")}
		}
		switch opts.format {
		case "text":
			return report.Rules(e.stdout, check.Rules())
		case "json":
			return report.RulesJSON(e.stdout, check.Rules())
		case "markdown":
			return report.Markdown(e.stdout, check.Rules())
		}
		return usageError{fmt.Errorf("--format %q with --list-rules: use text, json or markdown, e.g. --format json", opts.format)}
	}
	if opts.format != "text" && opts.format != "json" && opts.format != "sarif" {
		return usageError{fmt.Errorf("--format %q: use text, json or sarif, e.g. --format json", opts.format)}
	}
	failOn, never := check.Must, false
	if opts.failOn == "never" {
		never = true
	} else if sev, err := check.ParseSeverity(opts.failOn); err != nil || sev == check.Info {
		return usageError{fmt.Errorf("--fail-on %q: use must, should, may or never, e.g. --fail-on should", opts.failOn)}
	} else {
		failOn = sev
	}
	for _, h := range opts.headers {
		f, err := parseHeaderFlag(h)
		if err != nil {
			return usageError{err}
		}
		cfg.Header = append(cfg.Header, f)
	}
	targets, err := checkTargets(e, opts, args)
	if err != nil {
		return usageError{err}
	}
	if err := cfg.Validate(); err != nil {
		return usageError{checkFlagWords(strings.TrimPrefix(err.Error(), "check: "))}
	}
	var progress *progressLine
	if len(targets) > 1 && isTerminal(e.stderr) {
		progress = &progressLine{w: e.stderr}
		cfg.Progress = progress.update
	}
	c, err := check.New(cfg)
	if err != nil {
		return usageError{err}
	}
	rep, err := c.Check(e.ctx, targets)
	progress.clear()
	if err != nil {
		var te *check.TargetError
		if errors.As(err, &te) {
			return usageError{err}
		}
		return err
	}
	switch opts.format {
	case "json":
		err = report.JSON(e.stdout, rep)
	case "sarif":
		err = report.SARIF(e.stdout, rep, check.Rules(), moduleVersion())
	default:
		err = report.Text(e.stdout, rep, report.TextOptions{Color: isTerminal(e.stdout) && e.getenv("NO_COLOR") == "", Evidence: true})
	}
	if err != nil {
		return err
	}
	switch {
	case never:
		return nil
	case rep.AtLeast(failOn):
		return reportedError{err: fmt.Errorf("findings at or above %s", failOn), code: exitFailure}
	case rep.Summary.Unreachable > 0:
		return reportedError{err: errors.New("unreachable URLs"), code: exitFailure}
	}
	return nil
}

// checkFlags maps check.Config's field names to the flags that set them.
var checkFlags = map[string]string{
	"Concurrency": "--concurrency", "RPS": "--rps", "Timeout": "--timeout", "MaxRedirects": "--max-redirects",
}

// checkFlagWords replaces Config field names in msg with their flags.
func checkFlagWords(msg string) error {
	for field, flag := range checkFlags {
		msg = strings.ReplaceAll(msg, field+" ", flag+" ")
	}
	return errors.New(msg)
}

// checkTargets gathers the URLs of the arguments, --urls and --openapi.
func checkTargets(e *env, opts checkOptions, args []string) ([]check.Target, error) {
	var targets []check.Target
	for _, a := range args {
		if _, err := check.ParseTarget(a); err != nil {
			return nil, err
		}
		targets = append(targets, check.Target{URL: a})
	}
	if opts.urls != "" {
		f, err := openInput(e, opts.urls)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err // the path is in the message already
			}
			return nil, fmt.Errorf("--urls %s could not be read: %v; --urls takes a file of URLs, one a line, or - for stdin, e.g. --urls urls.txt or --urls -", opts.urls, err)
		}
		defer f.Close()
		ts, err := check.ReadURLs(f)
		var le *check.LineError
		switch {
		case errors.As(err, &le):
			// file:line, the form editors and CI annotations jump to.
			name := opts.urls
			if name == "-" {
				name = "stdin"
			}
			return nil, fmt.Errorf("--urls %s:%d: %w", name, le.Line, le.Err)
		case err != nil:
			return nil, fmt.Errorf("--urls %s: %w", opts.urls, err)
		}
		targets = append(targets, ts...)
	}
	switch {
	case opts.openapi != "" && opts.base == "":
		return nil, fmt.Errorf("--openapi %s needs --base, the URL its paths are under, e.g. --base http://127.0.0.1:8080", opts.openapi)
	case opts.openapi == "" && opts.base != "":
		return nil, fmt.Errorf("--base %s is for --openapi; give the document, e.g. --openapi openapi.yaml --base %[1]s", opts.base)
	case opts.openapi != "":
		// A --base that cannot work is said before the document is read.
		if _, err := check.ParseTarget(opts.base); err != nil {
			return nil, fmt.Errorf("--base: %w", err)
		}
		f, err := openInput(e, opts.openapi)
		if err != nil {
			return nil, fmt.Errorf("--openapi: %w", err)
		}
		doc, err := io.ReadAll(io.LimitReader(f, 32<<20))
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("--openapi: %w", err)
		}
		ts, err := check.OpenAPITargets(doc, opts.base)
		if err != nil {
			return nil, fmt.Errorf("--openapi %s: %w", opts.openapi, err)
		}
		targets = append(targets, ts...)
	}
	if len(targets) == 0 {
		return nil, errors.New("nothing to check: give URLs, --urls FILE or --openapi FILE --base URL, e.g. statuskit check http://127.0.0.1:8080/users/1")
	}
	return targets, nil
}

// openInput opens a file, or stdin for "-".
func openInput(e *env, name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(e.stdin), nil
	}
	return os.Open(name)
}

// headerExample is a --header that works, for the messages.
const headerExample = "e.g. --header 'Authorization: Bearer abc'"

// parseHeaderFlag reads one --header "Name: value": the name a token (RFC
// 9110, 5.1: letters, digits and ! # $ % & ' * + - . ^ _ ` | ~), the value
// without control characters but HTAB (5.5). Each error says which part is
// wrong; a value, which may be a secret, is never shown.
func parseHeaderFlag(h string) (wire.Field, error) {
	name, value, ok := strings.Cut(h, ":")
	if !ok {
		return wire.Field{}, fmt.Errorf("--header %q has no colon: write Name: value, %s", redactHeader(h), headerExample)
	}
	if !field.IsToken(name) {
		return wire.Field{}, fmt.Errorf("--header %q: the field name %q must be a token (RFC 9110, 5.1), letters, digits and ! # $ %% & ' * + - . ^ _ ` | ~ with no spaces, %s",
			redactHeader(h), name, headerExample)
	}
	value = strings.TrimSpace(value)
	for i := 0; i < len(value) && !field.ValidValue(value); i++ {
		if c := value[i]; !field.ValidValue(value[i : i+1]) {
			return wire.Field{}, fmt.Errorf("--header %q: the value of %s holds %s at byte %d; a field value may hold visible characters, spaces and tabs, not CR, LF or other control characters (RFC 9110, 5.5), %s",
				redactHeader(h), name, controlName(c), i+1, headerExample)
		}
	}
	return wire.Field{Name: name, Value: value}, nil
}

// controlName names a control character for a person.
func controlName(c byte) string {
	switch c {
	case '\r':
		return "a CR (carriage return)"
	case '\n':
		return "an LF (line feed)"
	case 0:
		return "a NUL"
	}
	return fmt.Sprintf("the control character 0x%02X", c)
}

// redactHeader keeps a malformed --header's name out of the way of its
// value, which may be a secret.
func redactHeader(h string) string {
	if name, _, ok := strings.Cut(h, ":"); ok {
		return name + ": [redacted]"
	}
	if len(h) > 12 {
		return h[:4] + "…"
	}
	return h
}

// moduleVersion is the binary's module version, for the SARIF driver.
func moduleVersion() string {
	info, ok := debug.ReadBuildInfo()
	return readBuildInfo(info, ok).Version
}

// progressLine is the one-line progress report on a terminal's stderr.
type progressLine struct {
	mu sync.Mutex
	w  io.Writer
}

func (p *progressLine) update(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "\rstatuskit check: %d/%d URLs", done, total)
}

func (p *progressLine) clear() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.w, "\r\x1b[K")
}
