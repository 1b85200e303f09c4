// Command startprobe measures how fast HTTP servers start and how much
// memory they hold idle: for each start it execs the server, polls a
// loopback port until a request is answered, then lets the server settle
// and reads its resident set from /proc. bench/startup runs it.
//
// Each -target is NAME=COMMAND, where COMMAND (split at spaces) contains
// {port}, replaced by a free loopback port for each start. Starts alternate
// between the targets (A B A B …), so a slow moment of the machine is
// spread over all of them, and a summary gives medians and ratios to the
// -baseline target.
//
// Method. The clock starts immediately before fork+exec. The probe then
// dials the port in a busy loop (a refused connect on loopback returns in
// microseconds, so the loop's period is the resolution, printed as
// poll_us); once a connection is accepted it sends
// "GET PATH HTTP/1.1" with Connection: close and stops the clock when the
// status line arrives, so the time includes the runtime's start, every
// package's init, the server's construction, listen and the first
// request's handling. A connection the kernel accepts before the server's
// accept loop runs simply waits, so an early connect cannot end the clock
// early.
//
// With -server-cpu and -probe-cpu (bench/startup sets them on a 2-core
// machine) the server runs alone on one core and the probe on another:
// the forking thread is pinned to the server's core just for the fork, so
// the server inherits that affinity from its first instruction (taskset
// would add its own exec to every figure), and Go in the server sees one
// CPU (GOMAXPROCS=1), as it does under bench/run.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

type target struct {
	name string
	argv []string
}

type targetsFlag []target

func (t *targetsFlag) String() string { return fmt.Sprint(*t) }

func (t *targetsFlag) Set(v string) error {
	name, command, ok := strings.Cut(v, "=")
	argv := strings.Fields(command)
	if !ok || name == "" || len(argv) == 0 || !strings.Contains(command, "{port}") {
		return fmt.Errorf("%q: want NAME=COMMAND with {port} in it, e.g. statuskit=/tmp/statuskit serve --addr 127.0.0.1:{port}", v)
	}
	*t = append(*t, target{name, argv})
	return nil
}

// sample is one start of one target.
type sample struct {
	listen time.Duration // exec to the first accepted connection
	answer time.Duration // exec to the first status line
	cpu    time.Duration // CPU time the server used until it answered
	pollUS float64       // the probe loop's period, µs: the resolution
	rss    int64         // VmRSS after settling, KiB
	anon   int64         // RssAnon, KiB: heap, stacks, runtime
	file   int64         // RssFile, KiB: the mapped executable's touched pages
}

func main() {
	var targets targetsFlag
	flag.Var(&targets, "target", "NAME=COMMAND with {port}; repeat for each server")
	runs := flag.Int("runs", 7, "starts of each target")
	path := flag.String("path", "/status/200", "the request that counts as the first answer; it must answer 200")
	settle := flag.Duration("settle", 500*time.Millisecond, "wait after the first answer before reading the resident set")
	timeout := flag.Duration("timeout", 10*time.Second, "longest a server may take to answer")
	baseline := flag.String("baseline", "", "target the ratios divide by (default: the last -target)")
	serverCPU := flag.Int("server-cpu", -1, "pin each server to this CPU (-1: no pinning)")
	probeCPU := flag.Int("probe-cpu", -1, "pin this probe to this CPU (-1: no pinning)")
	logDir := flag.String("log-dir", os.TempDir(), "directory for each start's output")
	flag.Parse()
	if len(targets) == 0 || *runs < 1 {
		fail(errors.New("give at least one -target and -runs >= 1, e.g. -target 'statuskit=./statuskit serve --addr 127.0.0.1:{port}'"))
	}
	if *baseline == "" {
		*baseline = targets[len(targets)-1].name
	}
	if !slices.ContainsFunc(targets, func(t target) bool { return t.name == *baseline }) {
		fail(fmt.Errorf("-baseline %q is not a -target name", *baseline))
	}
	if *probeCPU >= 0 {
		if err := pinProcess(*probeCPU); err != nil {
			fail(err)
		}
	}
	p := probe{path: *path, settle: *settle, timeout: *timeout, serverCPU: *serverCPU, probeCPU: *probeCPU, logDir: *logDir}

	w := len("target")
	for _, t := range targets {
		w = max(w, len(t.name))
	}
	fmt.Printf("%-4s %-*s %10s %10s %10s %8s %9s %9s %9s\n", "run", w, "target", "listen_ms", "answer_ms", "cpu_ms", "poll_us", "rss_kib", "anon_kib", "file_kib")
	results := map[string][]sample{}
	for run := 1; run <= *runs; run++ {
		for _, t := range targets {
			s, err := p.start(t)
			if err != nil {
				fail(fmt.Errorf("%s, run %d: %w", t.name, run, err))
			}
			results[t.name] = append(results[t.name], s)
			fmt.Printf("%-4d %-*s %10.2f %10.2f %10.2f %8.1f %9d %9d %9d\n", run, w, t.name,
				ms(s.listen), ms(s.answer), ms(s.cpu), s.pollUS, s.rss, s.anon, s.file)
		}
	}

	fmt.Printf("\n%-*s %10s %10s %10s %9s %9s %9s   %s\n", w+5, fmt.Sprintf("median of %d", *runs), "listen_ms", "answer_ms", "cpu_ms", "rss_kib", "anon_kib", "file_kib", "ratios to "+*baseline+": answer, cpu, rss")
	base := medians(results[*baseline])
	for _, t := range targets {
		m := medians(results[t.name])
		fmt.Printf("%-*s %10.2f %10.2f %10.2f %9d %9d %9d   %.2f  %.2f  %.2f\n", w+5, t.name,
			ms(m.listen), ms(m.answer), ms(m.cpu), m.rss, m.anon, m.file,
			float64(m.answer)/float64(base.answer), float64(m.cpu)/float64(base.cpu), float64(m.rss)/float64(base.rss))
	}
}

type probe struct {
	path                string
	settle, timeout     time.Duration
	serverCPU, probeCPU int
	logDir              string
}

// start runs one start of t and stops the server again.
func (p probe) start(t target) (sample, error) {
	var s sample
	port, err := freePort()
	if err != nil {
		return s, err
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	argv := make([]string, len(t.argv))
	for i, a := range t.argv {
		argv[i] = strings.ReplaceAll(a, "{port}", strconv.Itoa(port))
	}
	logPath := filepath.Join(p.logDir, t.name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return s, err
	}
	defer logFile.Close()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = logFile, logFile

	start, err := p.exec(cmd)
	if err != nil {
		return s, fmt.Errorf("start %s: %w", argv[0], err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer stop(cmd, exited)
	if p.serverCPU >= 0 {
		if err := checkPinned(cmd.Process.Pid, p.serverCPU); err != nil {
			return s, err
		}
	}

	deadline := start.Add(p.timeout)
	var conn net.Conn
	polls := 0
	for {
		polls++
		conn, err = net.Dial("tcp", addr)
		if err == nil {
			break
		}
		select {
		case werr := <-exited:
			exited <- werr
			out, _ := os.ReadFile(logPath)
			return s, fmt.Errorf("%s exited (%v) before answering; its output:\n%s", strings.Join(argv, " "), werr, out)
		default:
		}
		if time.Now().After(deadline) {
			return s, fmt.Errorf("no connection to %s within %s: %v", addr, p.timeout, err)
		}
	}
	s.listen = time.Since(start)
	s.pollUS = float64(s.listen.Microseconds()) / float64(polls)
	status, err := request(conn, addr, p.path, deadline)
	if err != nil {
		return s, err
	}
	s.answer = time.Since(start)
	if !strings.HasPrefix(status, "HTTP/1.1 200 ") {
		return s, fmt.Errorf("GET %s answered %q, want 200: the figures would time an error path", p.path, status)
	}
	if s.cpu, err = cpuTime(cmd.Process.Pid); err != nil {
		return s, err
	}
	time.Sleep(p.settle)
	if s.rss, s.anon, s.file, err = residentSet(cmd.Process.Pid); err != nil {
		return s, err
	}
	return s, nil
}

// exec starts cmd and returns the time just before the fork. With a
// server CPU, the fork happens on a thread pinned to it, so the child
// inherits the pinning before its first instruction.
func (p probe) exec(cmd *exec.Cmd) (time.Time, error) {
	if p.serverCPU < 0 {
		start := time.Now()
		return start, cmd.Start()
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := pinThread(p.serverCPU); err != nil {
		return time.Time{}, err
	}
	start := time.Now()
	err := cmd.Start()
	if p.probeCPU >= 0 {
		if perr := pinThread(p.probeCPU); perr != nil && err == nil {
			err = perr
		}
	}
	return start, err
}

// request sends one GET on conn and returns the status line.
func request(conn net.Conn, addr, path string, deadline time.Time) (string, error) {
	defer conn.Close()
	if err := conn.SetDeadline(deadline); err != nil {
		return "", err
	}
	if _, err := fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, addr); err != nil {
		return "", fmt.Errorf("send GET %s: %w", path, err)
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return "", fmt.Errorf("read the status line of GET %s: %w", path, err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// stop ends the server with SIGTERM, and SIGKILL if it is still there
// after 5 s.
func stop(cmd *exec.Cmd, exited chan error) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		<-exited
	}
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// cpuTime sums the CPU time of every thread of pid, in nanoseconds from
// /proc/PID/task/TID/schedstat (far finer than /proc/PID/stat's ticks).
func cpuTime(pid int) (time.Duration, error) {
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	if err != nil || len(tasks) == 0 {
		return 0, fmt.Errorf("no /proc/%d/task/*/schedstat: %v", pid, err)
	}
	var total time.Duration
	for _, f := range tasks {
		b, err := os.ReadFile(f)
		if err != nil {
			continue // the thread exited
		}
		fields := strings.Fields(string(b))
		if len(fields) == 0 {
			continue
		}
		ns, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%s: %q is not nanoseconds", f, fields[0])
		}
		total += time.Duration(ns)
	}
	return total, nil
}

// residentSet reads VmRSS, RssAnon and RssFile (KiB) from /proc/PID/status.
func residentSet(pid int) (rss, anon, file int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, 0, err
	}
	for line := range strings.Lines(string(b)) {
		name, value, _ := strings.Cut(line, ":")
		kib, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		switch name {
		case "VmRSS":
			rss = kib
		case "RssAnon":
			anon = kib
		case "RssFile":
			file = kib
		}
	}
	if rss == 0 {
		return 0, 0, 0, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
	}
	return rss, anon, file, nil
}

// checkPinned makes sure the fork really passed the pinning on, since
// every figure depends on it.
func checkPinned(pid, cpu int) error {
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(pid, &set); err != nil {
		return fmt.Errorf("affinity of the server: %w", err)
	}
	if set.Count() != 1 || !set.IsSet(cpu) {
		return fmt.Errorf("the server may run on %d CPUs, want only CPU %d", set.Count(), cpu)
	}
	return nil
}

func pinThread(cpu int) error {
	var set unix.CPUSet
	set.Set(cpu)
	if err := unix.SchedSetaffinity(0, &set); err != nil {
		return fmt.Errorf("pin to CPU %d: %w", cpu, err)
	}
	return nil
}

// pinProcess pins every thread the probe has now; threads started later
// inherit the pinning from the thread that creates them.
func pinProcess(cpu int) error {
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return err
	}
	var set unix.CPUSet
	set.Set(cpu)
	for _, task := range tasks {
		tid, _ := strconv.Atoi(task.Name())
		if err := unix.SchedSetaffinity(tid, &set); err != nil {
			return fmt.Errorf("pin thread %d to CPU %d: %w", tid, cpu, err)
		}
	}
	return nil
}

// medians is the per-field median of ss.
func medians(ss []sample) sample {
	med := func(f func(sample) int64) int64 {
		v := make([]int64, len(ss))
		for i, s := range ss {
			v[i] = f(s)
		}
		slices.Sort(v)
		if n := len(v); n%2 == 0 {
			return (v[n/2-1] + v[n/2]) / 2
		}
		return v[len(v)/2]
	}
	return sample{
		listen: time.Duration(med(func(s sample) int64 { return int64(s.listen) })),
		answer: time.Duration(med(func(s sample) int64 { return int64(s.answer) })),
		cpu:    time.Duration(med(func(s sample) int64 { return int64(s.cpu) })),
		rss:    med(func(s sample) int64 { return s.rss }),
		anon:   med(func(s sample) int64 { return s.anon }),
		file:   med(func(s sample) int64 { return s.file }),
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func fail(err error) {
	fmt.Fprintln(os.Stderr, "startprobe:", err)
	os.Exit(2)
}
