package cli

import (
	"strings"
	"testing"
)

// A misspelt STATUSKIT_ variable is ignored, so every command that reads
// the environment warns about it, naming the variable and the one probably
// meant; a variable another command reads is not a mistake.
func TestUnknownStatuskitVariablesAreWarnedAboutWithTheNearestKnownOne(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		env     map[string]string
		args    []string
		want    string
		mustNot string
	}{
		{"serve", map[string]string{"STATUSKIT_MAX_SLEPE": "1s"}, []string{"serve", "--addr", "127.0.0.1:0", "--max-body", "-1"},
			"STATUSKIT_MAX_SLEPE is not a statuskit setting and is ignored; did you mean STATUSKIT_MAX_SLEEP?", ""},
		{"serve json", map[string]string{"STATUSKIT_MAX_SLEPE": "1s"}, []string{"serve", "--log-format", "json", "--addr", "127.0.0.1:0", "--max-body", "-1"},
			`"variable":"STATUSKIT_MAX_SLEPE","nearest":"STATUSKIT_MAX_SLEEP"`, ""},
		{"gateway", map[string]string{"STATUSKIT_UPSTRAEM": "http://127.0.0.1:1"}, []string{"gateway", "--addr", "127.0.0.1:0"},
			"did you mean STATUSKIT_UPSTREAM?", ""},
		{"check", map[string]string{"STATUSKIT_RSP": "5"}, []string{"check"},
			"statuskit: warning: STATUSKIT_RSP is not a statuskit setting and is ignored; did you mean STATUSKIT_RPS?", ""},
		{"grade", map[string]string{"STATUSKIT_SERVR": "http://127.0.0.1:1"}, []string{"grade"},
			"did you mean STATUSKIT_SERVER?", ""},
		{"nothing near", map[string]string{"STATUSKIT_QQQQQQQQ": "1"}, []string{"check"},
			"STATUSKIT_QQQQQQQQ is not a statuskit setting and is ignored; the variables are STATUSKIT_<FLAG>, e.g. STATUSKIT_MAX_SLEEP for --max-sleep", ""},
		{"another command's variable", map[string]string{"STATUSKIT_RPS": "5"}, []string{"serve", "--addr", "127.0.0.1:0", "--max-body", "-1"},
			"--max-body", "STATUSKIT_RPS"},
		{"a variable of the tests", map[string]string{"STATUSKIT_REDIS_SERVER": "/usr/bin/redis-server"}, []string{"check"},
			"nothing to check", "STATUSKIT_REDIS_SERVER"},
	} {
		code, _, errOut := run(t, tt.env, tt.args...)
		if code == exitOK || !strings.Contains(errOut, tt.want) {
			t.Errorf("%s: %v statuskit %q: exit %d, stderr %q; want %q", tt.name, tt.env, tt.args, code, errOut, tt.want)
		}
		if tt.mustNot != "" && strings.Contains(errOut, tt.mustNot) {
			t.Errorf("%s: %v statuskit %q: stderr %q warns about %s, which statuskit reads", tt.name, tt.env, tt.args, errOut, tt.mustNot)
		}
	}
}
