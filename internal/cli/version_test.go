package cli

import (
	"encoding/json"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestReadBuildInfoReportsOnlyWhatTheBinaryCarries(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	vcs := func(rev, time, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: time}, {Key: "vcs.modified", Value: modified},
			{Key: "GOOS", Value: "linux"}, {Key: "GOARCH", Value: "arm64"}}
	}
	tests := []struct {
		name string
		info *debug.BuildInfo
		ok   bool
		want buildInfo
		line string // in the human output
	}{
		{"no build information", nil, false,
			buildInfo{Module: "github.com/statuskit/statuskit", Version: "unknown", Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH},
			"the binary carries no build information"},
		{"go run or go test: (devel), no VCS", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/statuskit/statuskit", Version: "(devel)"}}, true,
			buildInfo{Module: "github.com/statuskit/statuskit", Version: "(devel)", Go: "go1.26.8", Platform: runtime.GOOS + "/" + runtime.GOARCH},
			"revision  unknown: built without version control information"},
		{"go build in a clean checkout", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/statuskit/statuskit", Version: "v0.0.0-20261130094800-fd59b02c1a2b"}, Settings: vcs("fd59b02c1a2b", "2026-11-30T09:48:00Z", "false")}, true,
			buildInfo{Module: "github.com/statuskit/statuskit", Version: "v0.0.0-20261130094800-fd59b02c1a2b", Revision: "fd59b02c1a2b", RevisionTime: "2026-11-30T09:48:00Z", Modified: &no, Go: "go1.26.8", Platform: "linux/arm64"},
			"revision  fd59b02c1a2b (2026-11-30T09:48:00Z), clean"},
		{"go build with uncommitted changes", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/statuskit/statuskit", Version: "v0.0.0-20261130094800-fd59b02c1a2b+dirty"}, Settings: vcs("fd59b02c1a2b", "2026-11-30T09:48:00Z", "true")}, true,
			buildInfo{Module: "github.com/statuskit/statuskit", Version: "v0.0.0-20261130094800-fd59b02c1a2b+dirty", Revision: "fd59b02c1a2b", RevisionTime: "2026-11-30T09:48:00Z", Modified: &yes, Go: "go1.26.8", Platform: "linux/arm64"},
			"with uncommitted changes"},
		{"go install of a release", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/statuskit/statuskit", Version: "v1.4.0"}}, true,
			buildInfo{Module: "github.com/statuskit/statuskit", Version: "v1.4.0", Go: "go1.26.8", Platform: runtime.GOOS + "/" + runtime.GOARCH},
			"statuskit v1.4.0"},
	}
	for _, tt := range tests {
		got := readBuildInfo(tt.info, tt.ok)
		gotJSON, _ := json.Marshal(got)
		wantJSON, _ := json.Marshal(tt.want)
		if string(gotJSON) != string(wantJSON) {
			t.Errorf("%s: readBuildInfo = %s, want %s", tt.name, gotJSON, wantJSON)
		}
		if text := strings.Join(got.lines(), "\n"); !strings.Contains(text, tt.line) {
			t.Errorf("%s: output lacks %q:\n%s", tt.name, tt.line, text)
		}
	}
}

func TestVersionCommandAndFlagAgree(t *testing.T) {
	t.Parallel()
	info, ok := debug.ReadBuildInfo()
	want := readBuildInfo(info, ok)
	_, cmdOut, _ := run(t, nil, "version")
	code, flagOut, errOut := run(t, nil, "--version")
	if code != 0 || cmdOut != flagOut || !strings.HasPrefix(cmdOut, "statuskit "+want.Version) {
		t.Errorf("version = %q, --version = %q (exit %d, %s); want the same, starting statuskit %s", cmdOut, flagOut, code, errOut, want.Version)
	}
	if !strings.Contains(cmdOut, runtime.Version()) {
		t.Errorf("version output lacks the Go version %s:\n%s", runtime.Version(), cmdOut)
	}
	for _, args := range [][]string{{"version", "--json"}, {"--version", "--json"}} {
		_, out, _ := run(t, nil, args...)
		var got buildInfo
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("statuskit %v is not JSON: %v\n%s", args, err, out)
		}
		if got.Version != want.Version || got.Go != want.Go || got.Module == "" || got.Revision != want.Revision {
			t.Errorf("statuskit %v = %+v, want %+v", args, got, want)
		}
	}
	if code, _, errOut := run(t, nil, "version", "extra"); code != exitUsage || !strings.Contains(errOut, "e.g. statuskit version") {
		t.Errorf("version extra: exit %d, %q", code, errOut)
	}
}
