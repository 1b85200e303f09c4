package cli

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math"
	"net"
	"net/url"
	"os"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/redis/go-redis/v9"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/statuskit/statuskit/lifecycle"
	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/server"
	"github.com/statuskit/statuskit/store"
)

// envPrefix: every serve flag can also come from STATUSKIT_<FLAG>, with
// dashes as underscores (--max-sleep is STATUSKIT_MAX_SLEEP). A flag on
// the command line wins over the environment.
const envPrefix = "STATUSKIT_"

func newServe(e *env) *cobra.Command {
	cfg := server.DefaultConfig()
	var logFormat, logLevel, certOut string
	var gcPercent int
	storeSpec := "memory"
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Answer any HTTP status code with correct protocol semantics",
		Long: `Serve every status code over HTTP/1.1 and HTTP/2 (TLS or cleartext h2c).

  GET /{code}               that status, e.g. /503 (any standard method)
  GET /status/{codes}       httpbin form: /status/200,503 or /status/200:0.9,503:0.1

Modifiers on both: ?sleep=250ms, ?header=Name:Value (repeatable), ?body=text,
?retry-after=5, ?location=/path, ?allow=GET,HEAD, ?final=201 (after a 1xx),
?size=N (206/416), and request headers X-Statuskit-Response-Name: value.

httpbin-compatible: /basic-auth/{user}/{pass}[?role=admin], /hidden-basic-auth/...,
/bearer[?scope=admin], /cache, /cache/{seconds}, /etag/{etag}, /range/{n},
/redirect/{n}[?status=307], /relative-redirect/{n}, /absolute-redirect/{n},
/redirect-to?url=/200&status=307 (other hosts only with --redirect-hosts).

Stateful scenarios, per client key (?key=, X-Statuskit-Key, else the address):
  /sequence/503,503,200     successive requests get each code in turn
  /ratelimit?limit=5&window=10s   200, then 429 with Retry-After (GCRA)
  POST /jobs?duration=3s    202, poll /jobs/{id} until 303 to the result
  /resources/{name}         PUT/GET/DELETE sandbox with ETags and preconditions
Their state is in memory (bounded by --max-keys and --max-store-bytes) or, with --store
redis://host:port/db, shared by every replica using that Redis.

Grading, per client run (?key=K): point a client at an exam, then read its card.
  /exam                     the exams, e.g. /exam/retry-after-seconds?key=K
  GET /grade/{key}          the report card (JSON, a page, or text); statuskit grade
Each request of a run is journaled (bounded by --journal-max-keys, -entries,
-bytes and --journal-ttl), in the --store's Redis when there is one.

The reference and operations:
  GET /                     every code, with a search box (browsers); text for curl
  GET /codes/{code}         one code explained: JSON, its page (browsers), or text
  GET /codes?class=4xx&q=   the registry as JSON; /openapi.json describes every endpoint
  GET /healthz, /readyz     liveness, and readiness (503 while draining)
  GET /metrics              Prometheus metrics

Durations are read as everywhere in statuskit: a bare number is milliseconds
(--max-sleep 500), or give a unit (1.5s, 2m). Every flag can also be set from
the environment as STATUSKIT_<FLAG>, e.g. STATUSKIT_ADDR=:9090 or
STATUSKIT_MAX_SLEEP=30s.`,
		Example: "  statuskit serve\n  statuskit serve --addr 127.0.0.1:9090 --log-format json\n  statuskit serve --tls-self-signed --tls-self-signed-cert-out /tmp/statuskit.pem\n  statuskit serve --store redis://127.0.0.1:6379/0",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := applyEnv(cmd.Flags(), e.getenv); err != nil {
				return usageError{err}
			}
			logger, fail, err := openServiceLog(e.stderr, "serve", logFormat, logLevel)
			if err != nil {
				return usageError{err}
			}
			for _, w := range unknownEnv(e, cmd) {
				logger.Warn(w.String(), slog.String("variable", w.Variable), slog.String("nearest", w.Nearest))
			}
			cfg.Logger = logger
			if err := flagErrors(cfg.Validate(), cmd.Flags()); err != nil {
				return fail(err, exitUsage)
			}
			if err := checkServeFlags(cmd.Flags(), cfg, storeSpec, certOut); err != nil {
				return fail(err, exitUsage)
			}
			if err := setGCPercent(cmd.Flags().Changed("gc-percent"), gcPercent, e.getenv); err != nil {
				return fail(err, exitUsage)
			}
			setMemoryLimit(defaultMemoryLimit(cfg.MaxStoreBytes), e.getenv)
			st, err := openStore(e, storeSpec, store.MemoryOptions{MaxKeys: cfg.MaxKeys, MaxBytes: cfg.MaxStoreBytes}, logger, "stateful endpoints")
			if err != nil {
				return fail(err, exitUsage)
			}
			defer st.Close()
			cfg.Store = st
			selfSigned := cfg.TLSSelfSigned
			if certOut != "" {
				if cfg.TLSCertificate, err = writeSelfSigned(certOut); err != nil {
					return fail(err, exitUsage)
				}
				cfg.TLSSelfSigned = false
			}
			s := server.New(cfg)
			err = s.Run(e.ctx, func(addr net.Addr) {
				announce(e.stderr, logger, logFormat, newBanner(addr, cfg, selfSigned, certOut))
			})
			if err != nil {
				return fail(listenFlagError("addr", err), exitFailure)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address")
	durationVar(f, &cfg.MaxSleep, "max-sleep", cfg.MaxSleep, "longest ?sleep= allowed (longer gets 400)")
	f.IntVar(&cfg.MaxSleeping, "max-sleeping", cfg.MaxSleeping, "most requests sleeping at once (more get 503 + Retry-After)")
	f.Int64Var(&cfg.MaxBody, "max-body", cfg.MaxBody, "largest request body in bytes (larger gets 413)")
	f.IntVar(&cfg.MaxHeaderBytes, "max-header-bytes", cfg.MaxHeaderBytes, "largest request header section in bytes (larger gets 431)")
	f.IntVar(&cfg.MaxURIBytes, "max-uri-bytes", cfg.MaxURIBytes, "longest request target in bytes (longer gets 414)")
	f.IntVar(&cfg.MaxResponseHeaders, "max-response-headers", cfg.MaxResponseHeaders, "most extra response headers one request may ask for")
	f.Int64Var(&cfg.MaxEcho, "max-echo", cfg.MaxEcho, "bytes /101's echo protocol relays before closing")
	f.Int64Var(&cfg.MaxRangeSize, "max-range-size", cfg.MaxRangeSize, "largest ?size= for /206 and /416, and n of /range/{n}")
	f.IntVar(&cfg.MaxRedirects, "max-redirects", cfg.MaxRedirects, "largest n of /redirect/{n} (longer chains get 400)")
	durationVar(f, &cfg.ReadHeaderTimeout, "read-header-timeout", cfg.ReadHeaderTimeout, "time allowed to read request headers")
	durationVar(f, &cfg.IdleTimeout, "idle-timeout", cfg.IdleTimeout, "keep-alive idle timeout")
	durationVar(f, &cfg.WriteTimeout, "write-timeout", cfg.WriteTimeout, "time allowed to write a response (0: none; sleeps count against it)")
	durationVar(f, &cfg.DrainTimeout, "drain-timeout", cfg.DrainTimeout, "how long shutdown waits for in-flight requests")
	durationVar(f, &cfg.DrainDelay, "drain-delay", cfg.DrainDelay, "how long to keep serving after SIGTERM with /readyz at 503, so load balancers move away first")
	f.StringSliceVar(&cfg.CORSOrigins, "cors-origins", cfg.CORSOrigins, "origins allowed to call from browsers (* for any)")
	f.StringSliceVar(&cfg.RedirectHosts, "redirect-hosts", nil, "other hosts ?location= may redirect to")
	f.BoolVar(&cfg.Unsafe, "unsafe", false, "let ?header= set Set-Cookie, Content-Type and hop-by-hop fields")
	f.StringVar(&cfg.TLSCert, "tls-cert", "", "PEM certificate file (with --tls-key) to serve HTTPS and HTTP/2")
	f.StringVar(&cfg.TLSKey, "tls-key", "", "PEM private key file")
	f.BoolVar(&cfg.TLSSelfSigned, "tls-self-signed", false, "serve HTTPS with a self-signed certificate for localhost, 127.0.0.1 and ::1, made at start-up (curl needs -k, or --cacert with --tls-self-signed-cert-out)")
	f.StringVar(&certOut, "tls-self-signed-cert-out", "", "with --tls-self-signed: write its certificate (PEM) to this file, so clients can trust it: curl --cacert FILE. Only the certificate is written: the private key stays in the server's memory and is never written to disk")
	f.StringVar(&storeSpec, "store", storeSpec, "state of the stateful scenarios: memory, or a Redis URL shared by replicas: redis://HOST:PORT/DB (e.g. redis://127.0.0.1:6379/0), rediss:// for TLS, unix:///PATH?db=N")
	f.IntVar(&cfg.MaxKeys, "max-keys", cfg.MaxKeys, "most entries the memory store holds (least recently used evicted beyond); not for a Redis store")
	f.Int64Var(&cfg.MaxStoreBytes, "max-store-bytes", cfg.MaxStoreBytes, "approximate bytes the memory store holds (least recently used evicted beyond; must be positive)")
	durationVar(f, &cfg.StateTTL, "state-ttl", cfg.StateTTL, "how long scenario state lives after its last write")
	durationVar(f, &cfg.TombstoneTTL, "tombstone-ttl", cfg.TombstoneTTL, "how long deleted resources and ended jobs answer 410 before 404")
	durationVar(f, &cfg.MaxJobDuration, "max-job-duration", cfg.MaxJobDuration, "longest POST /jobs?duration=")
	f.Int64Var(&cfg.MaxResourceSize, "max-resource-size", cfg.MaxResourceSize, "largest sandbox resource in bytes (larger gets 413)")
	f.IntVar(&cfg.MaxRateLimit, "max-rate-limit", cfg.MaxRateLimit, "largest /ratelimit?limit=")
	durationVar(f, &cfg.MaxWindow, "max-window", cfg.MaxWindow, "longest /ratelimit?window=")
	f.IntVar(&cfg.JournalMaxKeys, "journal-max-keys", cfg.JournalMaxKeys, "most client runs the grading journal keeps (least recently used dropped beyond)")
	f.IntVar(&cfg.JournalMaxEntries, "journal-max-entries", cfg.JournalMaxEntries, "most requests recorded per client run (later ones are counted, not graded)")
	f.Int64Var(&cfg.JournalMaxBytes, "journal-max-bytes", cfg.JournalMaxBytes, "most bytes the grading journal holds for all runs (least recently used dropped beyond)")
	durationVar(f, &cfg.JournalTTL, "journal-ttl", cfg.JournalTTL, "how long a client run is kept after its last request")
	durationVar(f, &cfg.ExamMaxWindow, "exam-max-window", cfg.ExamMaxWindow, "longest ?window= an exam observes a client run")
	f.StringVar(&logFormat, "log-format", "text", "log format: text (key=value lines and a start-up sentence for people) or json (every line on stderr one JSON object, the start-up banner and errors included)")
	f.StringVar(&logLevel, "log-level", "info", "log level: debug, info (one line per request), warn or error")
	f.IntVar(&gcPercent, "gc-percent", defaultGCPercent, "Go GC target (as GOGC): higher trades a few MB of memory for throughput; -1 turns the GC off; a GOGC variable wins over the default. The heap is also held under a soft limit of 32 MiB + 2 x --max-store-bytes unless GOMEMLIMIT is set (GOMEMLIMIT=off lifts it)")
	return cmd
}

// checkServeFlags refuses flags that would otherwise be accepted and
// silently have no effect.
func checkServeFlags(flags *pflag.FlagSet, cfg server.Config, storeSpec, certOut string) error {
	if flags.Changed("max-keys") && storeSpec != "" && storeSpec != "memory" {
		return fmt.Errorf("--max-keys %d bounds the memory store, and --store is %s: Redis's own maxmemory bounds that; drop --max-keys (or STATUSKIT_MAX_KEYS), or use --store memory --max-keys %[1]d", cfg.MaxKeys, redactedStore(storeSpec))
	}
	if certOut != "" && !cfg.TLSSelfSigned {
		return fmt.Errorf("--tls-self-signed-cert-out %s writes the certificate --tls-self-signed makes, and --tls-self-signed is not set; e.g. statuskit serve --tls-self-signed --tls-self-signed-cert-out %[1]s", certOut)
	}
	if err := checkListenAddr("addr", cfg.Addr); err != nil {
		return err
	}
	return checkTLSFiles(cfg.TLSCert, cfg.TLSKey)
}

// checkListenAddr refuses a listen address that cannot work before
// anything listens: host:port, the host empty (every interface), a name
// or an IP address, the port a number from 0 (any free port) to 65535.
// Empty is the server's default.
func checkListenAddr(flag, addr string) error {
	if addr == "" {
		return nil
	}
	host, port, err := net.SplitHostPort(addr)
	if err == nil && param.Digits(port) && len(port) <= 5 {
		if n, _ := strconv.Atoi(port); n <= 65535 && !strings.ContainsAny(host, " /@") {
			return nil
		}
	}
	return fmt.Errorf("--%s %q: give host:port with a port from 0 to 65535 (0 picks a free one), e.g. --%[1]s 127.0.0.1:8080 (this machine only) or --%[1]s :8080 (every interface)", flag, addr)
}

// checkTLSFiles makes sure --tls-cert and --tls-key name files that can
// be read and, when they are regular files, hold a certificate and its
// own private key, so a wrong path is a usage error before anything
// listens rather than a failure after. (Pipes such as <(...) are only
// opened: reading one here would leave nothing for the server.)
func checkTLSFiles(certFile, keyFile string) error {
	const example = "e.g. --tls-cert cert.pem --tls-key key.pem, or --tls-self-signed for a local test"
	regular := 0
	for _, f := range []struct{ flag, path string }{{"tls-cert", certFile}, {"tls-key", keyFile}} {
		if f.path == "" {
			continue
		}
		fh, err := os.Open(f.path)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return fmt.Errorf("--%s %s: %v; give a PEM file this process can read, %s", f.flag, f.path, err, example)
		}
		info, err := fh.Stat()
		fh.Close()
		switch {
		case err == nil && info.IsDir():
			return fmt.Errorf("--%s %s is a directory; give a PEM file, %s", f.flag, f.path, example)
		case err == nil && info.Mode().IsRegular():
			regular++
		}
	}
	if regular == 2 {
		if _, err := tls.LoadX509KeyPair(certFile, keyFile); err != nil {
			return fmt.Errorf("--tls-cert %s and --tls-key %s: %v; give a PEM certificate and its own private key, %s", certFile, keyFile, err, example)
		}
	}
	return nil
}

// redactedStore is a --store value fit for a message.
func redactedStore(spec string) string {
	if u, err := url.Parse(spec); err == nil {
		return u.Redacted()
	}
	return "(the given URL)"
}

// storeCheckTimeout bounds the start-up check of a Redis store: a ping,
// and when it fails, one probe to tell a wrong URL from a down server.
const storeCheckTimeout = 3 * time.Second

// openStore builds the --store and checks a Redis store once. A URL that
// cannot work with its server (a database index it lacks, TLS at one end
// only, refused credentials) stops the start: waiting would not fix it.
// An unreachable Redis is reported but does not stop the server:
// stateless endpoints work regardless, stateful ones answer 503 until
// Redis is back, and the client reconnects by itself. unavailable names
// what answers 503 meanwhile ("stateful endpoints", "sequence rules").
func openStore(e *env, spec string, memory store.MemoryOptions, log *slog.Logger, unavailable string) (store.Store, error) {
	st, err := store.Open(spec, memory)
	if err != nil {
		return nil, fmt.Errorf("--store: %w", err)
	}
	if r, ok := st.(*store.Redis); ok {
		// go-redis logs dial failures itself; keep them in the server's
		// log format instead of bare lines on stderr.
		redis.SetLogger(redisLog{log})
		ctx, cancel := context.WithTimeout(e.ctx, storeCheckTimeout)
		defer cancel()
		err := r.Check(ctx)
		switch {
		case errors.Is(err, store.ErrMisconfigured):
			r.Close()
			return nil, fmt.Errorf("--store: %w", err)
		case err != nil:
			log.Warn("state store unreachable; "+unavailable+" answer 503 until it is back", slog.String("store", r.String()), slog.String("error", err.Error()))
		default:
			log.Info("state store", slog.String("store", r.String()))
		}
	}
	return st, nil
}

// redisLog adapts slog to go-redis's logger, at Debug: what it reports
// (failed dials) the server already logs as "state store unavailable".
type redisLog struct{ log *slog.Logger }

func (l redisLog) Printf(ctx context.Context, format string, v ...any) {
	l.log.DebugContext(ctx, strings.TrimSpace(fmt.Sprintf(format, v...)))
}

// applyEnv sets each flag not given on the command line from its
// STATUSKIT_ variable.
func applyEnv(flags *pflag.FlagSet, getenv func(string) string) error {
	var err error
	flags.VisitAll(func(f *pflag.Flag) {
		if err != nil || f.Changed {
			return
		}
		name := envName(f.Name)
		if f.Name == "help" {
			return // STATUSKIT_HELP is not a way to ask for help
		}
		if v := getenv(name); v != "" {
			if serr := flags.Set(f.Name, v); serr != nil {
				err = fmt.Errorf("environment variable %s=%q: %v; it sets --%s, which takes %s", name, v, valueError(serr), f.Name, valueHint(f))
				return
			}
			_ = flags.SetAnnotation(f.Name, envAnnotation, []string{name, v})
		}
	})
	return err
}

// envAnnotation marks a flag applyEnv set from the environment; its value
// is the variable's name and value.
const envAnnotation = "statuskit-env"

// setting names the flag name as the person set it, for a message about
// its value: "--max-keys", or "STATUSKIT_MAX_KEYS=0 (which sets
// --max-keys)" when the value came from the environment, so the message
// points at what to change. example writes v as that setting would:
// "--max-keys 5" or "STATUSKIT_MAX_KEYS=5".
func setting(flags *pflag.FlagSet, name string) (who string, example func(v string) string) {
	f := flags.Lookup(name)
	if f != nil {
		if env := f.Annotations[envAnnotation]; len(env) == 2 {
			return fmt.Sprintf("%s=%s (which sets --%s)", env[0], env[1], name), func(v string) string { return env[0] + "=" + v }
		}
	}
	return "--" + name, func(v string) string { return "--" + name + " " + v }
}

// fromEnv rewrites the first mention of each flag set from the
// environment in msg as the variable that set it.
func fromEnv(msg string, flags *pflag.FlagSet) string {
	flags.VisitAll(func(f *pflag.Flag) {
		if len(f.Annotations[envAnnotation]) != 2 {
			return
		}
		who, example := setting(flags, f.Name)
		msg = strings.Replace(msg, "e.g. --"+f.Name+" ", "e.g. "+example(""), 1)
		if i := strings.Index(msg, "--"+f.Name); i >= 0 && !strings.HasPrefix(msg[i+2+len(f.Name):], "-") && !strings.HasPrefix(msg[i+2+len(f.Name):], ")") {
			msg = msg[:i] + who + msg[i+2+len(f.Name):]
		}
	})
	return msg
}

// listenFlagError names the flag of an address that could not be listened
// on, as the gateway's listeners do, with another address to try.
func listenFlagError(flag string, err error) error {
	var le *lifecycle.ListenError
	if !errors.As(err, &le) {
		return err
	}
	return fmt.Errorf("--%s %v; e.g. --%s %s", flag, le, flag, le.Example)
}

// openServiceLog opens the log of a long-running command (serve,
// gateway). From then on the log is the command's output: fail turns an
// error into what the command returns to exit with code, and under
// --log-format json it first writes the error as one JSON record, so that
// every line of the output parses.
func openServiceLog(w io.Writer, command, format, level string) (*slog.Logger, func(err error, code int) error, error) {
	logger, err := newLogger(w, format, level)
	if err != nil {
		return nil, nil, err
	}
	fail := func(err error, code int) error {
		if format != "json" {
			if code == exitUsage {
				return usageError{err}
			}
			return err
		}
		logger.Error("statuskit "+command+" failed", slog.String("error", err.Error()), slog.Int("exit_code", code))
		return reportedError{err: err, code: code}
	}
	return logger, fail, nil
}

func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: use debug, info, warn or error, e.g. --log-level warn", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		opts.ReplaceAttr = durationText
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: use text or json, e.g. --log-format json", format)
}

// durationText writes a time.Duration as the text flags take ("15s",
// "1.5ms") rather than slog's JSON default, an integer of nanoseconds
// that a person misreads and that no statuskit setting accepts back.
func durationText(_ []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() == slog.KindDuration {
		a.Value = slog.StringValue(a.Value.Duration().String())
	}
	return a
}

// defaultGCPercent: the server's live heap is a few MB of prebuilt
// responses and registry data that never change, and requests allocate
// little, so collecting at 5x the live heap instead of 2x costs ~10 MB and
// spares the hot path most mark work (bench/run, /200 against bare
// net/http: 0.91 of its throughput at GOGC=100, 0.97 at 400; gctrace under
// wrk: 1.2 us of GC CPU per request at 100, 0.5 at 200, 0.26 at 400). What
// keeps a growing live heap from being multiplied by 5 is the soft memory
// limit, defaultMemoryLimit.
const defaultGCPercent = 400

// defaultMemoryLimit is the soft limit on the Go runtime's memory
// (debug.SetMemoryLimit, as GOMEMLIMIT) serve sets unless GOMEMLIMIT is
// set: 32 MiB for the server itself, whose live heap is 2-4 MiB, plus
// twice what the memory store may hold (--max-store-bytes). Ordinary
// traffic stays well below it, so it costs no throughput; when a flood of
// new keys fills the store, it keeps the collector from letting the heap
// reach 5x the live heap (bench/memory, 200,000 sequence keys: RSS grows
// by 22.5 MiB with it, 29.5 without; 20,000 4 KiB resources: 22.5 and
// 43.7). Twice the store leaves a full store at least GOGC=100's
// headroom, so the collector never thrashes against the limit.
func defaultMemoryLimit(maxStoreBytes int64) int64 {
	return 32<<20 + 2*min(maxStoreBytes, math.MaxInt64/4)
}

// setMemoryLimit applies limit, unless the process has GOMEMLIMIT (which
// the Go runtime has applied already, "off" included).
func setMemoryLimit(limit int64, getenv func(string) string) {
	if getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(limit)
}

// setGCPercent applies --gc-percent, unless the flag was left at its
// default and the process has GOGC, which a person set on purpose.
func setGCPercent(changed bool, percent int, getenv func(string) string) error {
	if percent < -1 {
		return fmt.Errorf("--gc-percent %d: use -1 (GC off) or a percentage >= 0, e.g. 400", percent)
	}
	if !changed && getenv("GOGC") != "" {
		return nil
	}
	debug.SetGCPercent(percent)
	return nil
}

// flagErrors rewrites the Go field names in a Config.Validate error as
// the flags a person typed (MaxKeys is --max-keys), and refuses an
// explicit 0 for a flag whose zero the server would read as "the default"
// (server.ZeroMeansDefault): whoever typed 0 meant something else. A flag
// gets one message: Validate's, when it has one.
func flagErrors(err error, flags *pflag.FlagSet) error {
	var msgs []string
	reported := map[string]bool{}
	if err != nil {
		var joined interface{ Unwrap() []error }
		errs := []error{err}
		if errors.As(err, &joined) {
			errs = joined.Unwrap()
		}
		for _, e := range errs {
			var fe *server.FieldError
			if errors.As(e, &fe) {
				reported[fe.Field] = true
			}
			msgs = append(msgs, flagWords(e.Error()))
		}
	}
	for i, m := range msgs {
		msgs[i] = fromEnv(m, flags)
	}
	for _, name := range server.ZeroMeansDefault {
		if m := zeroRefused(flags, flagName(name), "server"); m != "" && !reported[name] {
			msgs = append(msgs, m)
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return errors.New(strings.Join(msgs, "; "))
}

// zeroRefused is the start of the message refusing an explicit 0 for the
// flag name, whose zero the Config reads as "the default": whoever typed 0
// meant something else. what names the command (server, gateway); ""
// when the flag is not an explicit 0.
func zeroRefused(flags *pflag.FlagSet, name, what string) string {
	f := flags.Lookup(name)
	if f == nil || !f.Changed || f.Value.String() != "0" && f.Value.String() != "0s" {
		return ""
	}
	who, example := setting(flags, name)
	if !strings.Contains(who, "=") {
		who += " 0"
	}
	return fmt.Sprintf("%s is not a limit this %s can work with; give a positive value, e.g. %s (the default)", who, what, example(f.DefValue))
}

// flagWords replaces every Config field name in msg by its flag.
func flagWords(msg string) string {
	words := strings.Fields(msg)
	for i, w := range words {
		if configField().MatchString(w) {
			words[i] = "--" + flagName(w)
		}
	}
	return strings.Join(words, " ")
}

// configField matches a Config field name; compiled on the first error
// rather than at every start.
var configField = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(Max|TLS|CORS|Redirect|State|Tombstone|Read|Idle|Write|Drain|Journal|Exam)[A-Za-z]+$`)
})

// flagName is the kebab-case flag of a Config field: MaxKeys is max-keys,
// TLSSelfSigned tls-self-signed, StateTTL state-ttl.
func flagName(field string) string {
	var b strings.Builder
	runes := []rune(field)
	for i, r := range runes {
		upper := unicode.IsUpper(r)
		if upper && i > 0 && (!unicode.IsUpper(runes[i-1]) || i+1 < len(runes) && unicode.IsLower(runes[i+1])) {
			b.WriteByte('-')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
