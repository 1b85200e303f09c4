//go:build httplint

package check

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestHTTPLintComparison is not part of the test suite (build tag
// httplint): bench/httplint/run runs it with httplint importable by
// python3. For every rule's broken fixture it gives httplint, REDbot's
// engine, the response in which statuskit check found the fault, with
// its request's method, and writes what each reports as a Markdown table
// to $STATUSKIT_HTTPLINT_OUT.
func TestHTTPLintComparison(t *testing.T) {
	out := os.Getenv("STATUSKIT_HTTPLINT_OUT")
	if out == "" {
		t.Fatal("set STATUSKIT_HTTPLINT_OUT (bench/httplint/run does)")
	}
	type exchangeJSON struct {
		ID       string      `json:"id"`
		Method   string      `json:"method"`
		URL      string      `json:"url"`
		Status   int         `json:"status"`
		Reason   string      `json:"reason"`
		Headers  [][2]string `json:"headers"`
		ReqHdrs  [][2]string `json:"request_headers"`
		Content  string      `json:"content"`
		Complete bool        `json:"complete"`
	}
	type row struct{ rule, severity, probe, statuskit string }
	var rows []row
	var batch []exchangeJSON
	cases := append(slices.Clone(ruleCases), registryCases()...)
	seen := map[string]int{}
	for _, tc := range cases {
		seen[tc.rule]++
		id := tc.rule
		if seen[tc.rule] > 1 {
			id = fmt.Sprintf("%s #%d", tc.rule, seen[tc.rule])
		}
		cfg := testConfig()
		if tc.cfg != nil {
			tc.cfg(&cfg)
		}
		paths := tc.paths
		if paths == nil {
			paths = []string{"/r"}
		}
		c, _ := New(cfg)
		base := tc.broken(t)
		var targets []Target
		for _, p := range paths {
			targets = append(targets, Target{URL: base + p})
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		rep, err := c.Check(ctx, targets)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(rep.Findings, func(f Finding) bool { return f.Rule == tc.rule })
		if i < 0 {
			t.Fatalf("%s: broken fixture not caught", id)
		}
		f := rep.Findings[i]
		x := f.exchange
		r := row{rule: id, severity: f.Severity.String(), probe: x.probe, statuskit: f.Message}
		rows = append(rows, r)
		if !x.ok() {
			continue
		}
		ex := exchangeJSON{ID: id, Method: x.req.Method, URL: x.req.URL.String(), Status: x.resp.Status, Reason: x.resp.Reason,
			Content: base64.StdEncoding.EncodeToString(append(slices.Clone(x.resp.Content), x.resp.After...)), Complete: !x.resp.Incomplete}
		ex.ReqHdrs = append(ex.ReqHdrs, [2]string{"Host", x.req.URL.Host})
		for _, fl := range x.req.Header {
			ex.ReqHdrs = append(ex.ReqHdrs, [2]string{fl.Name, fl.Value})
		}
		for _, fl := range x.resp.Fields {
			ex.Headers = append(ex.Headers, [2]string{fl.Name, fl.Value})
		}
		batch = append(batch, ex)
	}
	in, _ := json.Marshal(batch)
	cmd := exec.Command("python3", "bench/httplint/lint.py")
	cmd.Dir = ".."
	cmd.Stdin = bytes.NewReader(in)
	cmd.Stderr = os.Stderr
	res, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3 bench/httplint/lint.py: %v", err)
	}
	var notes map[string][][2]string
	if err := json.Unmarshal(res, &notes); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("| rule | statuskit check | probe | httplint on the same response (WARN and BAD notes) |\n|---|---|---|---|\n")
	caughtBoth, failed := 0, 0
	for _, r := range rows {
		ns, ok := notes[r.rule]
		var warn []string
		noted := false
		for _, n := range ns {
			if n[0] == "warning" || n[0] == "bad" || n[0] == "error" {
				warn = append(warn, n[0]+": "+n[1])
			}
			noted = noted || n[0] == "warning" || n[0] == "bad"
		}
		if slices.ContainsFunc(ns, func(n [2]string) bool { return n[0] == "error" }) {
			failed++
		}
		cell := "nothing above INFO"
		switch {
		case !ok:
			cell = "— (no parsable response: statuskit read the fault on the raw connection)"
		case len(warn) > 0:
			cell = strings.Join(warn, "; ")
			if noted {
				caughtBoth++
			}
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", r.rule, r.severity, r.probe, strings.ReplaceAll(cell, "|", "\\|"))
	}
	fmt.Fprintf(&b, "\n%d broken fixtures; httplint has a WARN or BAD note (on any subject) for %d of the responses, and fails on %d.\n", len(rows), caughtBoth, failed)
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
