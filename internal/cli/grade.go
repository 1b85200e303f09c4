package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/statuskit/statuskit/grade"
)

// gradeRequestTimeout bounds one GET of a report card.
const gradeRequestTimeout = 10 * time.Second

func newGrade(e *env) *cobra.Command {
	server, key, format := "http://127.0.0.1:8080", "", "text"
	wait := 2 * time.Minute
	var strict bool
	cmd := &cobra.Command{
		Use:   "grade --key KEY [--server URL]",
		Short: "Print the report card of a client run against statuskit's exams; exit 1 on FAIL",
		Long: `Print the report card of a client run: how the client handled the status codes
the exams answered it over time, rule by rule, with the evidence (arrival gaps,
methods, content hashes), the RFC section, and what to change in the client.

Point a client at an exam with a key of your choosing, then grade the key:

  curl --retry 3 'http://127.0.0.1:8080/exam/retry-after-seconds?key=ci-42'
  statuskit grade --key ci-42

The exams (GET /exam lists them, docs/grade.md explains each):
` + examList() + `
A run is observed until it completes, or until its window (?window=, 30 s or
60 s by default) after its first answer; grade waits for open exams to settle
(--wait) before it prints.

Exit status: 0 no FAIL; 1 a FAIL (or, with --strict, an N/A: a client that
never came back), exams still open after --wait, no such run, or a server that
cannot be reached; 2 a usage error.`,
		Example: "  statuskit grade --key ci-42\n  statuskit grade --server http://127.0.0.1:8080 --key ci-42 --format json\n  STATUSKIT_SERVER=http://sk:8080 statuskit grade --key ci-42 --wait 0",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := applyEnv(cmd.Flags(), e.getenv); err != nil {
				return usageError{err}
			}
			warnUnknownEnv(e, cmd)
			base, err := gradeServer(server)
			if err != nil {
				return usageError{err}
			}
			switch {
			case key == "":
				return usageError{errors.New("--key is required: the key your client used in ?key=, e.g. statuskit grade --key ci-42")}
			case format != "text" && format != "json":
				return usageError{fmt.Errorf("--format %q: use text or json, e.g. --format json", format)}
			case wait < 0:
				return usageError{fmt.Errorf("--wait %s: give a duration of 0 or more, e.g. --wait 1m", wait)}
			}
			card, err := settleCard(e, base, key, wait)
			if err != nil {
				return err
			}
			if format == "json" {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(card); err != nil {
					return err
				}
			} else {
				card.WriteText(e.stdout)
			}
			return cardVerdict(card, wait, strict)
		},
	}
	f := cmd.Flags()
	f.StringVar(&server, "server", server, "the statuskit server the client ran against (also STATUSKIT_SERVER)")
	f.StringVar(&key, "key", key, "the run's key, as the client sent it in ?key= or X-Statuskit-Key (also STATUSKIT_KEY)")
	f.StringVar(&format, "format", format, "output: text, or json (the card as GET /grade/{key} answers it)")
	durationVar(f, &wait, "wait", wait, "how long to wait for open exams to settle before printing (0: print at once)")
	f.BoolVar(&strict, "strict", false, "also exit 1 on N/A: an exam the client never came back to, a rule it never got to")
	return cmd
}

// examList is the exam table for --help.
func examList() string {
	var b strings.Builder
	for _, ex := range grade.Exams {
		fmt.Fprintf(&b, "  %-20s %s\n", ex.Name, ex.Script)
	}
	return b.String()
}

// gradeServer checks --server: an http or https URL of a server, perhaps
// with a path prefix it is mounted under.
func gradeServer(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("--server %q must be the URL of a statuskit server, e.g. --server http://127.0.0.1:8080", raw)
	}
	return strings.TrimSuffix(u.String(), "/"), nil
}

// settleCard fetches the card, and while exams are open and wait allows,
// sleeps until they settle and fetches it again.
func settleCard(e *env, base, key string, wait time.Duration) (grade.Card, error) {
	stop := time.Now().Add(wait)
	told := false
	for {
		card, err := fetchCard(e.ctx, base, key)
		if err != nil || !card.Pending {
			return card, err
		}
		left := time.Until(stop)
		if left <= 0 {
			return card, nil
		}
		pause := min(left, time.Duration(card.SettlesInMS)*time.Millisecond+100*time.Millisecond)
		if !told {
			fmt.Fprintf(e.stderr, "statuskit: exams of %s are still observed; waiting up to %.1f s for them to settle (--wait)\n", key, pause.Seconds())
			told = true
		}
		select {
		case <-e.ctx.Done():
			return card, e.ctx.Err()
		case <-time.After(pause):
		}
	}
}

// fetchCard is GET /grade/{key} as JSON.
func fetchCard(ctx context.Context, base, key string) (grade.Card, error) {
	ctx, cancel := context.WithTimeout(ctx, gradeRequestTimeout)
	defer cancel()
	target := base + "/grade/" + url.PathEscape(key)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return grade.Card{}, usageError{fmt.Errorf("--key %q cannot be part of a URL: %v", key, err)}
	}
	req.Header.Set("Accept", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return grade.Card{}, fmt.Errorf("cannot reach statuskit at %s (%v); start one with statuskit serve, or give its URL with --server", base, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	if err != nil {
		return grade.Card{}, fmt.Errorf("reading the card from %s: %v", target, err)
	}
	mediaType, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type"))
	if res.StatusCode != http.StatusOK {
		// statuskit answers an error to Accept: application/json with a
		// document that is both problem details (RFC 9457: status,
		// detail) and its own (message, the same text); anything else is
		// another server.
		var problem struct {
			Status          int
			Detail, Message string
		}
		if mediaType != "application/json" && mediaType != "application/problem+json" || json.Unmarshal(body, &problem) != nil ||
			problem.Detail == "" || problem.Status != res.StatusCode || problem.Message != problem.Detail {
			return grade.Card{}, notStatuskit(target, res.StatusCode, mediaType)
		}
		if res.StatusCode == http.StatusBadRequest {
			// The CLI sends nothing but the key: a 400 is about --key.
			return grade.Card{}, usageError{fmt.Errorf("--key %q: %s", key, problem.Detail)}
		}
		return grade.Card{}, fmt.Errorf("%s answered %d: %s", target, res.StatusCode, problem.Detail)
	}
	var card grade.Card
	if err := json.Unmarshal(body, &card); err != nil || card.Key != key || card.Verdict == "" {
		return grade.Card{}, notStatuskit(target, res.StatusCode, mediaType)
	}
	return card, nil
}

// notStatuskit is the error for a --server whose answer to GET
// /grade/{key} is neither a report card nor statuskit's problem details:
// most likely another server, or statuskit under a path prefix --server
// leaves out.
func notStatuskit(target string, status int, mediaType string) error {
	if mediaType == "" {
		mediaType = "no Content-Type"
	}
	return fmt.Errorf("%s answered %d %s, not a report card — is --server a statuskit serve address (with the path prefix it is mounted under)? e.g. --server http://127.0.0.1:8080",
		target, status, mediaType)
}

// cardVerdict is the command's outcome: an error naming what failed, for
// exit status 1, or nil.
func cardVerdict(card grade.Card, wait time.Duration, strict bool) error {
	var failed, open, na []string
	for _, ex := range card.Exams {
		for _, r := range ex.Rules {
			where := fmt.Sprintf("%s rule %d", ex.Exam, r.Rule)
			switch r.Verdict {
			case grade.Fail:
				failed = append(failed, where)
			case grade.Pending:
				open = append(open, where)
			case grade.NA:
				na = append(na, where)
			}
		}
	}
	switch {
	case len(failed) > 0:
		return fmt.Errorf("FAIL: %s", strings.Join(failed, ", "))
	case len(open) > 0:
		return fmt.Errorf("exams still observed after --wait %s: %s; run statuskit grade again later, or wait longer", wait, strings.Join(open, ", "))
	case strict && len(na) > 0:
		return fmt.Errorf("N/A under --strict: %s", strings.Join(na, ", "))
	}
	return nil
}
