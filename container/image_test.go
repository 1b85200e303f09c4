//go:build linux

package container

import (
	"bytes"
	"context"
	"crypto/sha256"
	"debug/elf"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/statuskit/statuskit/internal/capture"
)

const (
	// imageTag is what the tests build; localhost/ because no short-name
	// registries are configured, and a bare name would be looked up in one.
	imageTag = "localhost/statuskit:test"
	// maxImageBytes is the size the image must stay under: one Go binary.
	maxImageBytes = 25_000_000
	// healthURL is what the Dockerfile's HEALTHCHECK probes.
	healthURL = "http://127.0.0.1:8080/healthz"
	// probeTimeout is statuskit probe's default --timeout.
	probeTimeout = 2 * time.Second
)

// image is the one build every test inspects: the Go build takes tens of
// seconds, so it happens once per test binary.
var image struct {
	once  sync.Once
	built *builtImage
	err   error
}

// builtImage is the image as scripts/build-image made it, in podman storage
// of its own so the tests neither see nor leave images in the machine's.
type builtImage struct {
	root    string   // the repository
	binary  string   // the statuskit binary the script built on the host
	podman  []string // podman with the isolated storage flags
	store   string   // the isolated storage's directory
	config  inspected
	rootfs  string // the image's file system, mounted read-only
	mounted bool
}

// inspected is the part of `podman image inspect` the tests read. Podman
// reports a Docker-format health check at the top level; Docker reports it
// in Config, so both are read.
type inspected struct {
	Architecture string
	Os           string
	Size         int64
	Config       struct {
		User         string
		ExposedPorts map[string]struct{}
		Entrypoint   []string
		Cmd          []string
		Labels       map[string]string
		Healthcheck  *healthcheck
	}
	Healthcheck *healthcheck
}

type healthcheck struct {
	Test        []string
	Interval    time.Duration // JSON nanoseconds
	Timeout     time.Duration
	StartPeriod time.Duration
	Retries     int
}

func (i inspected) healthcheck() *healthcheck {
	if i.Healthcheck != nil {
		return i.Healthcheck
	}
	return i.Config.Healthcheck
}

func TestMain(m *testing.M) {
	code := m.Run()
	if image.built != nil {
		if err := image.built.remove(); err != nil {
			fmt.Fprintln(os.Stderr, "removing the test image:", err)
		}
	}
	os.Exit(code)
}

// buildImage returns the image, building it on first use. Without podman
// the test skips, except under CI=true, where a missing podman fails it
// (scripts/install-deps installs it).
func buildImage(t *testing.T) *builtImage {
	t.Helper()
	podman, err := exec.LookPath("podman")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("podman is not installed (CI=true, so this fails rather than skips): %v; scripts/install-deps installs it", err)
		}
		t.Skipf("podman is not installed (%v); apt-get install podman, or run scripts/install-deps", err)
	}
	// Fail with the build's output, not a timeout panic, when the machine
	// is too slow for go test's -timeout.
	deadline, ok := t.Deadline()
	if !ok {
		deadline = time.Now().Add(10 * time.Minute)
	}
	image.once.Do(func() { image.built, image.err = build(podman, deadline.Add(-30*time.Second)) })
	if image.err != nil {
		t.Fatal(image.err)
	}
	return image.built
}

func build(podman string, deadline time.Time) (*builtImage, error) {
	root, err := filepath.Abs("..")
	if err != nil {
		return nil, err
	}
	store, err := os.MkdirTemp("", "statuskit-image-")
	if err != nil {
		return nil, err
	}
	b := &builtImage{
		root:   root,
		binary: filepath.Join(root, ".bin", "image", "statuskit"),
		store:  store,
		// vfs needs no kernel overlay support inside a temporary directory;
		// for an image of one layer it costs one copy of the binary.
		podman: []string{podman,
			"--root", filepath.Join(store, "root"), "--runroot", filepath.Join(store, "run"),
			"--tmpdir", filepath.Join(store, "tmp"), "--storage-driver", "vfs",
			"--cgroup-manager", "cgroupfs", "--events-backend", "none"},
	}
	// A cold Go build of the static binary takes about three CPU-minutes;
	// the image build itself takes seconds.
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	script := exec.CommandContext(ctx, "bash", "scripts/build-image", "-t", imageTag)
	script.Dir = root
	script.Env = append(os.Environ(), "CONTAINER_ENGINE="+strings.Join(b.podman, " "))
	// On timeout, end the script's go build and podman too, not only bash:
	// they hold its output open and would keep running.
	script.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	script.Cancel = func() error { return syscall.Kill(-script.Process.Pid, syscall.SIGKILL) }
	script.WaitDelay = 10 * time.Second
	start := time.Now()
	if out, err := script.CombinedOutput(); err != nil {
		return b, fmt.Errorf("scripts/build-image -t %s after %s: %v\n%s", imageTag, time.Since(start).Round(time.Second), err, out)
	}
	out, err := b.run(ctx, "image", "inspect", imageTag)
	if err != nil {
		return b, err
	}
	var all []inspected
	if err := json.Unmarshal(out, &all); err != nil || len(all) != 1 {
		return b, fmt.Errorf("podman image inspect %s: want one image as JSON, got %d (%v):\n%s", imageTag, len(all), err, out)
	}
	b.config = all[0]
	out, err = b.run(ctx, "image", "mount", imageTag)
	if err != nil {
		return b, err
	}
	b.rootfs, b.mounted = strings.TrimSpace(string(out)), true
	return b, nil
}

// run runs podman with the isolated storage and returns its stdout.
func (b *builtImage) run(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, b.podman[0], append(b.podman[1:], args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("podman %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out, nil
}

func (b *builtImage) remove() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var errs []error
	if b.mounted {
		_, err := b.run(ctx, "image", "unmount", "--force", imageTag)
		errs = append(errs, err)
	}
	_, err := b.run(ctx, "rmi", "--all", "--force")
	errs = append(errs, err, os.RemoveAll(b.store))
	return errors.Join(errs...)
}

func TestImageServesOnAllInterfacesByDefault(t *testing.T) {
	t.Parallel()
	c := buildImage(t).config.Config
	if want := []string{"/statuskit"}; !slices.Equal(c.Entrypoint, want) {
		t.Errorf("entrypoint %q, want %q: `docker run IMAGE 503` must run statuskit 503", c.Entrypoint, want)
	}
	// Inside the container 127.0.0.1 is the container's own loopback,
	// which a published port (-p 8080:8080) does not reach.
	if want := []string{"serve", "--addr", ":8080"}; !slices.Equal(c.Cmd, want) {
		t.Errorf("cmd %q, want %q", c.Cmd, want)
	}
	if _, ok := c.ExposedPorts["8080/tcp"]; !ok || len(c.ExposedPorts) != 1 {
		t.Errorf("exposed ports %v, want only 8080/tcp", c.ExposedPorts)
	}
}

func TestImageRunsAsANumericNonRootUser(t *testing.T) {
	t.Parallel()
	user := buildImage(t).config.Config.User
	// Numeric, because FROM scratch there is no /etc/passwd to resolve a
	// name; with a group, or the process would run with group 0 (root).
	uid, gid, ok := strings.Cut(user, ":")
	u, uerr := strconv.Atoi(uid)
	g, gerr := strconv.Atoi(gid)
	if !ok || uerr != nil || gerr != nil || u == 0 || g == 0 {
		t.Errorf("image user %q, want numeric non-root UID:GID such as 65532:65532", user)
	}
}

func TestImageHealthCheckProbesHealthzWithoutAShell(t *testing.T) {
	t.Parallel()
	b := buildImage(t)
	hc := b.config.healthcheck()
	if hc == nil {
		t.Fatal("image has no health check (podman drops HEALTHCHECK from OCI-format images: build with --format docker)")
	}
	// "CMD" runs the program directly; "CMD-SHELL" would need /bin/sh,
	// which a scratch image has not.
	if want := []string{"CMD", "/statuskit", "probe", healthURL}; !slices.Equal(hc.Test, want) {
		t.Errorf("health check %q, want %q", hc.Test, want)
	}
	if hc.Timeout <= probeTimeout || hc.Interval <= 0 || hc.Retries < 1 {
		t.Errorf("health check timeout %s, interval %s, retries %d: want a timeout above probe's own %s, so a hung server reports \"no response\", and a positive interval and retries",
			hc.Timeout, hc.Interval, hc.Retries, probeTimeout)
	}
}

func TestImageIsUnder25MB(t *testing.T) {
	t.Parallel()
	size := buildImage(t).config.Size
	if size <= 0 || size >= maxImageBytes {
		t.Errorf("image is %d bytes, want under %d: it should hold one stripped Go binary", size, maxImageBytes)
	}
	t.Logf("image size: %.1f MB", float64(size)/1e6)
}

func TestImageHoldsOnlyTheStaticBinaryReadOnly(t *testing.T) {
	t.Parallel()
	b := buildImage(t)
	var files []string
	err := filepath.WalkDir(b.rootfs, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if rel, _ := filepath.Rel(b.rootfs, path); rel != "." {
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// No shell, no /tmp, nothing but the program: nothing for an attacker
	// to run, and nothing the server writes.
	if !slices.Equal(files, []string{"statuskit"}) {
		t.Fatalf("image holds %q, want only statuskit", files)
	}
	inImage := filepath.Join(b.rootfs, "statuskit")
	info, err := os.Stat(inImage)
	if err != nil {
		t.Fatal(err)
	}
	owner := -1
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		owner = int(st.Uid)
	}
	if info.Mode() != 0o555 || owner != 0 {
		t.Errorf("/statuskit has mode %s owner %d, want -r-xr-xr-x owned by root (0), so the server's user cannot rewrite it", info.Mode(), owner)
	}
	if inSum, hostSum := fileSum(t, inImage), fileSum(t, b.binary); inSum != hostSum {
		t.Errorf("/statuskit in the image (sha256 %x) is not %s (sha256 %x), the binary the other tests run", inSum, b.binary, hostSum)
	}
	f, err := elf.Open(b.binary)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	libs, _ := f.ImportedLibraries()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("%s asks for a dynamic loader; FROM scratch it cannot start (build with CGO_ENABLED=0)", b.binary)
		}
	}
	if len(libs) > 0 {
		t.Errorf("%s links %v dynamically; FROM scratch there are no shared libraries", b.binary, libs)
	}
}

func TestImageCarriesOCILabels(t *testing.T) {
	t.Parallel()
	b := buildImage(t)
	labels := b.config.Config.Labels
	// https://github.com/opencontainers/image-spec/blob/main/annotations.md
	for _, key := range []string{"title", "description", "source", "url", "documentation", "version", "revision", "created"} {
		if labels["org.opencontainers.image."+key] == "" {
			t.Errorf("label org.opencontainers.image.%s is missing", key)
		}
	}
	if created := labels["org.opencontainers.image.created"]; created != "" {
		if _, err := time.Parse(time.RFC3339, created); err != nil {
			t.Errorf("org.opencontainers.image.created %q is not an RFC 3339 date-time, as the OCI annotation requires", created)
		}
	}
	head, err := exec.Command("git", "-C", b.root, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatalf("git rev-parse HEAD: %v", err)
	}
	if got, want := labels["org.opencontainers.image.revision"], strings.TrimSpace(string(head)); got != want {
		t.Errorf("org.opencontainers.image.revision %q, want the commit built, %q", got, want)
	}
}

// The container cannot be run on these machines (crun cannot set rlimits
// or cgroups), so this runs the very binary the image holds, as the image
// would, and its health check command against it.
func TestImageBinaryServesAndPassesItsHealthCheck(t *testing.T) {
	t.Parallel()
	b := buildImage(t)
	hc := b.config.healthcheck()
	if hc == nil || len(hc.Test) != 4 {
		t.Fatalf("image health check %+v, want CMD /statuskit probe URL", hc)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	serve := exec.CommandContext(ctx, b.binary, "serve", "--addr", "127.0.0.1:0")
	serve.Env = []string{} // the image sets none
	var stderr capture.Buffer
	serve.Stderr = &stderr
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- serve.Wait() }()
	addr := waitForAddr(t, &stderr, exited)

	// The health check's own arguments, aimed at this server's port.
	args := slices.Clone(hc.Test[2:])
	args[len(args)-1] = strings.Replace(args[len(args)-1], "127.0.0.1:8080", addr, 1)
	code, out, errOut := runBinary(ctx, t, b.binary, args...)
	if code != 0 || !strings.Contains(out, "200 OK") {
		t.Errorf("statuskit %s against the running server: exit %d, stdout %q, stderr %q; want 0 and 200 OK", strings.Join(args, " "), code, out, errOut)
	}

	closed := closedPort(t)
	code, _, errOut = runBinary(ctx, t, b.binary, "probe", "http://"+closed+"/healthz")
	if code == 0 || !strings.Contains(errOut, "connection refused") {
		t.Errorf("statuskit probe of closed %s: exit %d, stderr %q; want non-zero and connection refused", closed, code, errOut)
	}

	// docker stop sends SIGTERM; the server drains and exits 0.
	if err := serve.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("serve after SIGTERM: %v, want exit 0\n%s", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Errorf("serve did not exit within 30s of SIGTERM\n%s", stderr.String())
	}
}

// waitForAddr reads the address serve reports listening on.
func waitForAddr(t *testing.T, stderr *capture.Buffer, exited <-chan error) string {
	t.Helper()
	re := regexp.MustCompile(`serving on (127\.0\.0\.1:\d+)`)
	deadline := time.After(30 * time.Second)
	for {
		if m := re.FindStringSubmatch(stderr.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-exited:
			t.Fatalf("serve exited before listening: %v\n%s", err, stderr.String())
		case <-deadline:
			t.Fatalf("serve did not report its address within 30s:\n%s", stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// runBinary runs the statuskit binary with an empty environment, as the
// image would, and returns its exit code and output.
func runBinary(ctx context.Context, t *testing.T, binary string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = []string{}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		t.Fatalf("statuskit %s: %v", strings.Join(args, " "), err)
	}
	return code, out.String(), errOut.String()
}

// closedPort is a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func fileSum(t *testing.T, path string) [sha256.Size]byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return [sha256.Size]byte(h.Sum(nil))
}
