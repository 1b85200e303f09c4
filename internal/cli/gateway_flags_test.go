package cli

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// goIdentifier finds what a person never configures: Go field names
// (MaxRulesBytes, TLSKey, TLSSelfSigned) and Go functions
// (strconv.ParseInt).
var goIdentifier = regexp.MustCompile(`\b(?:[A-Z][a-z0-9]+){2,}\b|\b[A-Z]{2,}[a-z][A-Za-z]*\b|\b[a-z]+\.[A-Z][A-Za-z]+\b`)

// Every error a gateway flag can cause names the flag (--max-rules-bytes),
// never the Go field behind it. Each flag is given values it must refuse
// (negative, zero, not a number) and the settings that go together are
// given alone.
func TestGatewayFlagErrorsNameFlagsNotGoIdentifiers(t *testing.T) {
	t.Parallel()
	var names []string
	newGateway(&env{}).Flags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
	var cases [][]string
	for _, name := range names {
		for _, v := range []string{"-1", "0", "abc"} {
			cases = append(cases, []string{"--" + name + "=" + v})
		}
	}
	cases = append(cases,
		[]string{"--tls-cert", "cert.pem"}, []string{"--tls-key", "key.pem"},
		[]string{"--tls-self-signed", "--tls-cert", "a.pem", "--tls-key", "b.pem"},
		[]string{"--state-ttl", "10ms"}, []string{"--addr", "127.0.0.1:8080", "--admin", "127.0.0.1:8080"},
	)
	refused := 0
	for _, args := range cases {
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // a setting that is fine starts and stops at once
		var out, errOut strings.Builder
		code := Run(ctx, append([]string{"gateway", "--upstream", "http://127.0.0.1:9", "--addr", "127.0.0.1:0"}, args...),
			func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
		if code == 0 {
			continue
		}
		refused++
		msg := errOut.String()
		if id := goIdentifier.FindString(msg); id != "" {
			t.Errorf("gateway %s: the message names %q, which is no flag:\n%s", strings.Join(args, " "), id, msg)
		}
		if !strings.Contains(msg, "--") {
			t.Errorf("gateway %s: the message names no flag:\n%s", strings.Join(args, " "), msg)
		}
	}
	if refused < len(names) {
		t.Errorf("only %d of %d bad settings were refused; the test is not testing", refused, len(cases))
	}
}

// A seed is an integer; a word for one is refused saying so, with an
// example.
func TestGatewaySeedIsAnInteger(t *testing.T) {
	t.Parallel()
	for _, seed := range []string{"abc", "-3", "1.5", "99999999999999999999999"} {
		code, _, errOut := run(t, nil, "gateway", "--upstream", "http://127.0.0.1:9", "--addr", "127.0.0.1:0", "--seed", seed)
		if code != exitUsage {
			t.Errorf("--seed %s: exit %d, want %d", seed, code, exitUsage)
		}
		for _, want := range []string{"--seed", "integer", "e.g. --seed 42"} {
			if !strings.Contains(errOut, want) {
				t.Errorf("--seed %s: %q lacks %q", seed, errOut, want)
			}
		}
		if strings.Contains(errOut, "strconv") {
			t.Errorf("--seed %s: %q names Go's strconv", seed, errOut)
		}
	}
}

// The gateway's warning about an unreachable store names what it breaks:
// its sequence rules (the gateway has no endpoints of its own to fail).
func TestGatewayStoreWarningNamesSequenceRules(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // start and stop at once
	var out, errOut strings.Builder
	Run(ctx, []string{"gateway", "--upstream", "http://127.0.0.1:9", "--addr", "127.0.0.1:0", "--store", "redis://127.0.0.1:1/0"},
		func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	msg := errOut.String()
	if !strings.Contains(msg, "sequence rules answer 503") || strings.Contains(msg, "endpoints") {
		t.Errorf("the warning about an unreachable store = %q; want it to say sequence rules answer 503, not endpoints", msg)
	}
}
