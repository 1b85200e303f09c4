package gateway

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rulesFile writes doc to a rules file in a fresh directory.
func rulesFile(t *testing.T, doc string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func teapotRules(id string) string {
	return "rules:\n  - id: " + id + "\n    abort: {status: 418}\n"
}

func TestTheRulesFileIsReloadedWhenItChanges(t *testing.T) {
	t.Parallel()
	up := recordingUpstream(t)
	for _, how := range []string{"written in place", "replaced by rename, as editors save"} {
		t.Run(how, func(t *testing.T) {
			t.Parallel()
			path := rulesFile(t, "rules: []\n")
			cfg := testConfig(up.URL)
			cfg.RulesFile = path
			gw := startGateway(t, cfg)
			if got := status(t, gw.url+"/x"); got != 200 {
				t.Fatalf("with no rules: %d", got)
			}
			switch how {
			case "written in place":
				if err := os.WriteFile(path, []byte(teapotRules("in-place")), 0o644); err != nil {
					t.Fatal(err)
				}
			default:
				tmp := filepath.Join(filepath.Dir(path), ".rules.yaml.swp")
				if err := os.WriteFile(tmp, []byte(teapotRules("renamed")), 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Rename(tmp, path); err != nil {
					t.Fatal(err)
				}
			}
			eventually(t, "the new rules to apply", func() bool { return status(t, gw.url+"/x") == 418 })
			if !strings.Contains(gw.log.String(), "rules reloaded") {
				t.Error("the reload was not logged")
			}
			// A second change after a rename: the watch must survive the
			// file being replaced.
			if err := os.WriteFile(path, []byte("rules: []\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			eventually(t, "the rules to be emptied again", func() bool { return status(t, gw.url+"/x") == 200 })
		})
	}
}

func TestABadRulesFileKeepsTheRulesInForceAndLogsWhy(t *testing.T) {
	t.Parallel()
	up := recordingUpstream(t)
	path := rulesFile(t, teapotRules("good"))
	cfg := testConfig(up.URL)
	cfg.RulesFile = path
	gw := startGateway(t, cfg)
	if err := os.WriteFile(path, []byte("rules:\n  - id: bad\n    abort: {status: 99}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// os.WriteFile truncates, then writes: a read between the two sees an
	// empty document and is reported too, so wait for the full file's error.
	eventually(t, "the bad file to be reported, naming the field and line", func() bool {
		return strings.Contains(gw.log.String(), "rules.yaml:3:21: rules[0].abort.status")
	})
	if logs := gw.log.String(); !strings.Contains(logs, "rules file not reloaded: it has errors; the rules in force stay") {
		t.Errorf("the log does not say the rules in force stay:\n%s", logs)
	}
	if got := status(t, gw.url+"/x"); got != 418 {
		t.Errorf("after a bad file, a request got %d; the previous rules (418) stay in force", got)
	}
	if got := gw.Rules().Rules[0].ID; got != "good" {
		t.Errorf("rules in force: %s, want good", got)
	}
}

func TestABadRulesFileAtStartIsAnErrorNamingTheLine(t *testing.T) {
	t.Parallel()
	cfg := testConfig("http://127.0.0.1:9")
	cfg.RulesFile = rulesFile(t, "rules:\n  - id: a\n    delay: {fixed: 1h}\n")
	_, err := New(cfg)
	if err == nil || !strings.Contains(err.Error(), "rules.yaml:3:20: rules[0].delay.fixed: 1h is longer than the gateway allows (5m, --max-delay)") {
		t.Errorf("New = %v", err)
	}
	cfg.RulesFile = filepath.Join(t.TempDir(), "missing.yaml")
	if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), "e.g. --rules rules.yaml") {
		t.Errorf("a missing file: %v", err)
	}
}
