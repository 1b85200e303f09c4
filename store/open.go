package store

import (
	"fmt"
	"net"
	"strconv"
	"strings"
)

// Open builds the store a --store flag names: "memory" (bounded by
// memory's options) or a Redis URL: redis://[user:password@]host:port/db,
// rediss:// for TLS, or unix:///path/to/socket?db=N.
//
// Anything else is an error that echoes what was given (without a
// password), lists the accepted forms and, when the text looks like a
// Redis address without its scheme ("127.0.0.1:6379"), the URL it
// probably meant. Open does not contact Redis; (*Redis).Check does.
func Open(spec string, memory MemoryOptions) (Store, error) {
	scheme := ""
	if i := strings.Index(spec, "://"); i > 0 {
		scheme = strings.ToLower(spec[:i])
	}
	switch {
	case spec == "" || spec == "memory":
		return NewMemory(memory), nil
	case scheme == "redis" || scheme == "rediss" || scheme == "unix":
		return NewRedis(spec, RedisOptions{})
	}
	msg := fmt.Sprintf("store %q is neither memory nor a Redis URL: use memory (the default), redis://HOST:PORT/DB (e.g. redis://127.0.0.1:6379/0), rediss://HOST:PORT/DB for TLS, or unix:///PATH?db=N for a socket", redactURL(spec))
	if guess := guessStore(spec); guess != "" {
		msg += "; did you mean " + guess + "?"
	}
	return nil, fmt.Errorf("%s", msg)
}

// guessStore is the store a malformed --store probably meant: "memory"
// in another case, or a Redis URL for a bare host:port or host.
func guessStore(spec string) string {
	if strings.EqualFold(strings.TrimSpace(spec), "memory") {
		return "memory"
	}
	if strings.Contains(spec, "://") || strings.ContainsAny(spec, " /?#") || spec == "" {
		return ""
	}
	userinfo, hostport := "", spec
	if i := strings.LastIndex(spec, "@"); i >= 0 {
		userinfo, hostport = "USER:PASSWORD@", spec[i+1:]
	}
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = hostport, "6379"
	}
	if _, perr := strconv.Atoi(port); perr != nil || host == "" {
		return ""
	}
	return "redis://" + userinfo + net.JoinHostPort(host, port) + "/0"
}
