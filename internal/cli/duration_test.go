package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/statuskit/statuskit/param"
)

// Every duration flag of every command reads durations as the server
// reads ?sleep= (param.ParseDuration): a bare number is milliseconds, a
// number with a unit a Go duration; negative values and other text are
// refused with the rule.
func TestEveryDurationFlagTakesBareMilliseconds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		value string
		want  string // String() after Set, or "" for an error
	}{
		{"500", "500ms"},
		{"5", "5ms"},
		{"0", "0s"},
		{"1.5s", "1.5s"},
		{"2m", "2m0s"},
		{"250ms", "250ms"},
		{"abc", ""},
		{"-5s", ""},
		{"-5", ""},
		{"5 s", ""},
	}
	root := newRoot(&env{})
	var walk func(*cobra.Command)
	seen := 0
	walk = func(cmd *cobra.Command) {
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			if f.Value.Type() != "duration" {
				return
			}
			seen++
			if _, ok := f.Value.(durationValue); !ok {
				t.Errorf("%s --%s is pflag's own duration flag, which refuses bare milliseconds; define it with durationVar", cmd.CommandPath(), f.Name)
				return
			}
			def := f.Value.String()
			positive := f.Value.(durationValue).positive
			for _, tt := range tests {
				if tt.value == "0" && positive {
					tt.want = "" // a positive duration (probe --timeout) refuses 0
				}
				err := f.Value.Set(tt.value)
				switch {
				case tt.want == "" && err == nil:
					t.Errorf("%s --%s %s was accepted as %s; want it refused", cmd.CommandPath(), f.Name, tt.value, f.Value)
				case tt.want == "" && !strings.Contains(err.Error(), param.DurationRule):
					t.Errorf("%s --%s %s: %v; want the error to state the rule %q", cmd.CommandPath(), f.Name, tt.value, err, param.DurationRule)
				case tt.want != "" && (err != nil || f.Value.String() != tt.want):
					t.Errorf("%s --%s %s = %s (%v), want %s", cmd.CommandPath(), f.Name, tt.value, f.Value, err, tt.want)
				}
			}
			if err := f.Value.Set(def); err != nil || f.Value.String() != def {
				t.Errorf("%s --%s: its default %q does not read back (%v)", cmd.CommandPath(), f.Name, def, err)
			}
		})
		for _, sub := range cmd.Commands() {
			walk(sub)
		}
	}
	walk(root)
	if seen < 23 {
		t.Errorf("found %d duration flags; serve, gateway, check, probe and grade have more", seen)
	}
}

// The end-to-end form: serve's --max-sleep 5 (flag or environment) is
// 5 ms, so ?sleep=5 is allowed and ?sleep=6 is 400.
func TestServeReadsABareNumberOfMilliseconds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"flag", nil, []string{"--max-sleep", "5"}},
		{"environment", map[string]string{"STATUSKIT_MAX_SLEEP": "5"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base, _ := startServe(t, tt.env, append([]string{"--addr", "127.0.0.1:0"}, tt.args...)...)
			if got := statusOf(t, base+"/200?sleep=5"); got != 200 {
				t.Errorf("--max-sleep 5 (5 ms): GET /200?sleep=5 = %d, want 200", got)
			}
			if got := statusOf(t, base+"/200?sleep=6"); got != 400 {
				t.Errorf("--max-sleep 5 (5 ms): GET /200?sleep=6 = %d, want 400", got)
			}
		})
	}
}

func TestProbeTimeoutTakesBareMilliseconds(t *testing.T) {
	t.Parallel()
	target := probeServer(t, 200)
	if code, _, errOut := runBounded(t, 10*time.Second, "probe", "--timeout", "500", target); code != exitOK {
		t.Errorf("probe --timeout 500 (500 ms) %s: exit %d, %q; want 0", target, code, errOut)
	}
}
