package cli

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/statuskit/statuskit/gateway"
	"github.com/statuskit/statuskit/gateway/rule"
	"github.com/statuskit/statuskit/store"
)

func newGateway(e *env) *cobra.Command {
	cfg := gateway.DefaultConfig()
	var logFormat, logLevel string
	var gcPercent int
	storeSpec := "memory"
	cmd := &cobra.Command{
		Use:   "gateway --upstream URL",
		Short: "Put correct, reproducible faults in front of a real service",
		Long: `A reverse proxy to one upstream service that passes traffic through untouched
and injects faults by rule: aborts with any status (written as correct HTTP:
Retry-After on 503 and 429, Allow on 405, problem details to JSON clients),
delays, throttling, broken connections, per-client sequences, maintenance and
load shedding. The same --seed and the same requests in the same order give
the same faults.

  statuskit gateway --upstream http://127.0.0.1:9000 --rules rules.yaml --admin 127.0.0.1:9091

A rules file (YAML, or the same document as JSON; the first matching rule applies):

  rules:
    - id: flaky-orders
      match: {method: POST, path: /orders*}
      abort: {status: 503, percent: 30, retry_after: 2}
    - id: slow
      match: {path: /search}
      delay: {fixed: 200ms}
    - id: first-two-fail
      match: {path: /checkout}
      sequence: [503, 503, pass]

The file is reloaded when it changes; a bad new file keeps the old rules and
the log says why. With --admin, a separate listener serves:

  GET  /__statuskit/rules   the rules (JSON, or YAML with Accept: application/yaml)
  PUT  /__statuskit/rules   replace them (application/json, application/yaml,
                            application/x-yaml or text/yaml; 415 otherwise)
  GET  /__statuskit/log     the injected faults
  POST /__statuskit/reset   sequences, fault log and random streams start over
  GET  /metrics, /healthz, /readyz

With --allow-header-faults a request may ask for its own fault:
X-Statuskit-Fault: abort=503;retry-after=2 (never forwarded, allowed or not).

When no rule matches the gateway is a correct intermediary (RFC 9110, 7.6):
hop-by-hop fields removed both ways, Via appended, Max-Forwards honoured,
nothing decompressed, streams flushed as they arrive, trailers, 100 and 103
relayed, upgrades passed through; 502 when the upstream cannot be reached or
answers garbage, 504 past --upstream-timeout. It reaches only --upstream.

Every flag can also be set from the environment as STATUSKIT_<FLAG>, e.g.
STATUSKIT_UPSTREAM=http://127.0.0.1:9000. See docs/gateway.md.`,
		Example: "  statuskit gateway --upstream http://127.0.0.1:9000\n  statuskit gateway --addr 127.0.0.1:8080 --upstream http://127.0.0.1:9000 --rules rules.yaml --admin 127.0.0.1:9091 --seed 42\n  statuskit gateway --upstream http://127.0.0.1:9000 --allow-header-faults --store redis://127.0.0.1:6379/0",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			flags := cmd.Flags()
			if err := applyEnv(flags, e.getenv); err != nil {
				return usageError{err}
			}
			logger, fail, err := openServiceLog(e.stderr, "gateway", logFormat, logLevel)
			if err != nil {
				return usageError{err}
			}
			for _, w := range unknownEnv(e, cmd) {
				logger.Warn(w.String(), slog.String("variable", w.Variable), slog.String("nearest", w.Nearest))
			}
			cfg.Logger = logger
			if !flags.Changed("seed") {
				var b [8]byte
				_, _ = rand.Read(b[:])
				cfg.Seed = binary.LittleEndian.Uint64(b[:]) >> 11 // fits a JSON number exactly
			}
			if err := gatewayFlagErrors(cfg.Validate(), flags); err != nil {
				return fail(err, exitUsage)
			}
			if m := zeroRefused(flags, "max-keys", "gateway"); m != "" {
				// gateway.Config reads MaxKeys 0 as the default, as
				// serve's does; whoever typed 0 meant something else.
				return fail(errors.New(m), exitUsage)
			}
			if flags.Changed("max-keys") && storeSpec != "" && storeSpec != "memory" {
				return fail(fmt.Errorf("--max-keys %d bounds the memory store, and --store is %s: Redis's own maxmemory bounds that; drop --max-keys (or STATUSKIT_MAX_KEYS), or use --store memory", cfg.MaxKeys, redactedStore(storeSpec)), exitUsage)
			}
			if err := setGCPercent(flags.Changed("gc-percent"), gcPercent, e.getenv); err != nil {
				return fail(err, exitUsage)
			}
			setMemoryLimit(gatewayMemoryLimit, e.getenv)
			st, err := openStore(e, storeSpec, store.MemoryOptions{MaxKeys: cfg.MaxKeys}, logger, "sequence rules")
			if err != nil {
				return fail(err, exitUsage)
			}
			defer st.Close()
			cfg.Store = st
			g, err := gateway.New(cfg)
			if err != nil {
				var re rule.Errors
				if errors.As(err, &re) {
					return fail(fmt.Errorf("the rules file has errors:\n%w", err), exitUsage)
				}
				return fail(gatewayFlagErrors(err, flags), exitUsage)
			}
			var (
				mu    sync.Mutex
				addrs = map[string]net.Addr{}
			)
			want := 1
			if cfg.Admin != "" {
				want = 2
			}
			err = g.Run(e.ctx, func(name string, addr net.Addr, _ string) {
				mu.Lock()
				defer mu.Unlock()
				addrs[name] = addr
				if len(addrs) == want {
					announceGateway(e.stderr, logger, logFormat, g, cfg, addrs)
				}
			})
			if err != nil {
				// A listener that cannot open names its flag
				// (--addr, --admin) like a bad setting does.
				return fail(gatewayFlagErrors(err, flags), exitFailure)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Addr, "addr", cfg.Addr, "the proxy's listen address (loopback by default: a fault injector open to the network is an open door)")
	f.StringVar(&cfg.Upstream, "upstream", "", "the one service to forward to: http[s]://host:port[/path-prefix] (required)")
	f.StringVar(&cfg.RulesFile, "rules", "", "rules file (YAML or JSON), reloaded when it changes; none: forward everything untouched")
	f.StringVar(&cfg.Admin, "admin", "", "admin API listen address (rules, fault log, reset, /metrics, health); empty: none")
	f.Uint64Var(&cfg.Seed, "seed", 0, "seed of every random draw: the same seed, rules and request order give the same faults (default: random, printed at start)")
	durationVar(f, &cfg.UpstreamTimeout, "upstream-timeout", cfg.UpstreamTimeout, "time to connect to the upstream and then for its response head (504 beyond; 0: wait forever)")
	f.BoolVar(&cfg.AllowHeaderFaults, "allow-header-faults", false, "honour X-Statuskit-Fault: abort=503;retry-after=2 on requests (the field is never forwarded)")
	f.BoolVar(&cfg.PreserveHost, "preserve-host", false, "forward the client's Host instead of the upstream's authority")
	f.IntVar(&cfg.MaxInFlight, "max-in-flight", cfg.MaxInFlight, "most requests handled at once, delayed and hanging ones included (more get 503 + Retry-After)")
	f.IntVar(&cfg.Limits.MaxRules, "max-rules", cfg.Limits.MaxRules, "most rules a rules document may hold")
	f.Int64Var(&cfg.Limits.MaxBytes, "max-rules-bytes", cfg.Limits.MaxBytes, "largest rules document in bytes (file or PUT)")
	f.IntVar(&cfg.Limits.MaxNesting, "max-rules-nesting", cfg.Limits.MaxNesting, "deepest nesting of mappings and lists in a rules document (a rules document needs about 6; the YAML parser's cost grows with its square)")
	durationVar(f, &cfg.Limits.MaxDelay, "max-delay", cfg.Limits.MaxDelay, "longest delay a rule (or X-Statuskit-Fault) may ask for")
	f.IntVar(&cfg.MaxFaultLog, "max-fault-log", cfg.MaxFaultLog, "injected faults GET /__statuskit/log keeps (oldest dropped first)")
	f.Int64Var(&cfg.MaxUpstreamHeaderBytes, "max-upstream-header-bytes", 1<<20, "largest response head accepted from the upstream (502 beyond)")
	f.IntVar(&cfg.MaxIdleUpstream, "max-idle-upstream", cfg.MaxIdleUpstream, "idle connections to the upstream kept for reuse (0: a new connection per request)")
	f.StringVar(&storeSpec, "store", storeSpec, "where sequence positions live: memory, or a Redis URL shared by gateway replicas: redis://HOST:PORT/DB")
	f.IntVar(&cfg.MaxKeys, "max-keys", cfg.MaxKeys, "most entries the memory store holds (least recently used evicted beyond); not for a Redis store")
	durationVar(f, &cfg.StateTTL, "state-ttl", cfg.StateTTL, "how long a sequence position lives after its last use")
	durationVar(f, &cfg.ReadHeaderTimeout, "read-header-timeout", cfg.ReadHeaderTimeout, "time allowed to read request headers")
	durationVar(f, &cfg.IdleTimeout, "idle-timeout", cfg.IdleTimeout, "keep-alive idle timeout")
	durationVar(f, &cfg.WriteTimeout, "write-timeout", cfg.WriteTimeout, "time allowed to write a response (0: none; delays and streams count against it)")
	f.IntVar(&cfg.MaxHeaderBytes, "max-header-bytes", cfg.MaxHeaderBytes, "largest request header block in bytes (larger gets 431)")
	durationVar(f, &cfg.DrainTimeout, "drain-timeout", cfg.DrainTimeout, "how long shutdown waits for in-flight requests")
	durationVar(f, &cfg.DrainDelay, "drain-delay", cfg.DrainDelay, "how long to keep serving after SIGTERM with /readyz at 503")
	f.StringVar(&cfg.TLSCert, "tls-cert", "", "PEM certificate file (with --tls-key) for HTTPS on the proxy listener")
	f.StringVar(&cfg.TLSKey, "tls-key", "", "PEM private key file")
	f.BoolVar(&cfg.TLSSelfSigned, "tls-self-signed", false, "serve the proxy over HTTPS with a self-signed certificate for localhost")
	f.StringVar(&logFormat, "log-format", "text", "log format: text or json (every line on stderr one JSON object)")
	f.StringVar(&logLevel, "log-level", "info", "log level: debug, info (a line per request and per injected fault), warn or error")
	f.IntVar(&gcPercent, "gc-percent", defaultGCPercent, "Go GC target (as GOGC); a GOGC variable wins over the default. The heap is also held under a soft limit of 64 MiB unless GOMEMLIMIT is set (GOMEMLIMIT=off lifts it)")
	return cmd
}

// gatewayFlagErrors names each invalid setting by its flag: the gateway's
// FieldError carries the Config field (UpstreamTimeout is
// --upstream-timeout, Limits' MaxRulesBytes --max-rules-bytes).
// A setting that came from the environment is named by its variable.
func gatewayFlagErrors(err error, flags *pflag.FlagSet) error {
	var fe0 *gateway.FieldError
	if err == nil || !errors.As(err, &fe0) {
		return err // nothing to rename; keep the error as it is
	}
	var joined interface{ Unwrap() []error }
	errs := []error{err}
	if errors.As(err, &joined) {
		errs = joined.Unwrap()
	}
	var msgs []string
	for _, e := range errs {
		var fe *gateway.FieldError
		if errors.As(e, &fe) {
			who, example := setting(flags, flagName(fe.Field))
			msg := who + " " + fe.Message
			if fe.Example != "" {
				msg += "; e.g. " + example(fe.Example)
			}
			msgs = append(msgs, msg)
		} else {
			msgs = append(msgs, e.Error())
		}
	}
	return errors.New(strings.Join(msgs, "; "))
}

// announceGateway says where the gateway listens, where it forwards, and
// how to reproduce its faults.
func announceGateway(w io.Writer, log *slog.Logger, format string, g *gateway.Gateway, cfg gateway.Config, addrs map[string]net.Addr) {
	proxy := displayAddr(addrs["proxy"])
	base := "http://" + proxy
	if cfg.TLSCert != "" || cfg.TLSSelfSigned {
		base = "https://" + proxy
	}
	rules := fmt.Sprintf("%d rules", len(g.Rules().Rules))
	if cfg.RulesFile != "" {
		rules += " from " + cfg.RulesFile + " (reloaded when it changes)"
	}
	admin := ""
	if a, ok := addrs["admin"]; ok {
		admin = "http://" + displayAddr(a)
	}
	if format == "json" {
		attrs := []any{slog.String("addr", addrs["proxy"].String()), slog.String("url", base+"/"), slog.String("upstream", cfg.Upstream),
			slog.Int("rules", len(g.Rules().Rules)), slog.Uint64("seed", g.Seed())}
		if admin != "" {
			attrs = append(attrs, slog.String("admin", admin+gateway.RulesPath))
		}
		log.Info("statuskit gateway serving", attrs...)
		return
	}
	fmt.Fprintf(w, "statuskit gateway serving on %s, forwarding to %s (try: curl -i %s/)\n", addrs["proxy"], cfg.Upstream, base)
	fmt.Fprintf(w, "  %s; seed %d (--seed %[2]d reproduces these faults)\n", rules, g.Seed())
	if admin != "" {
		fmt.Fprintf(w, "  admin API on %s: GET %s, GET %s, POST %s, GET %s\n", admin,
			admin+gateway.RulesPath, admin+gateway.LogPath, admin+gateway.ResetPath, admin+"/metrics")
	} else {
		fmt.Fprintf(w, "  no admin API (add --admin 127.0.0.1:9091 for rules over HTTP, the fault log and /metrics)\n")
	}
}

// gatewayMemoryLimit is the soft limit on the Go runtime's memory
// (debug.SetMemoryLimit, as GOMEMLIMIT) the gateway sets unless GOMEMLIMIT
// is set. Its live heap is a few MiB plus the sequence positions
// (--max-keys); at --gc-percent 400 without a limit, the garbage of
// parsing one large rules document (the YAML parser's ~100-200 MB for a
// 1 MiB document near the token bound) stayed in RSS for minutes, and a
// tester saw 800 MB after nine PUTs. 64 MiB leaves ordinary traffic far
// below it, as serve's limit does.
const gatewayMemoryLimit = 64 << 20
