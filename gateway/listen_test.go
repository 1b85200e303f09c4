package gateway

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"testing"

	"github.com/statuskit/statuskit/internal/capture"
)

// A listener that cannot open says which setting named it, and offers
// another port.
func TestAnAddressInUseNamesItsSettingAndAnotherPort(t *testing.T) {
	t.Parallel()
	taken := listen(t)
	defer taken.Close()
	addr := taken.Addr().String()
	for _, tc := range []struct {
		field string
		set   func(*Config)
	}{
		{"Addr", func(c *Config) { c.Addr = addr }},
		{"Admin", func(c *Config) { c.Addr = "127.0.0.1:0"; c.Admin = addr }},
	} {
		cfg := testConfig("http://127.0.0.1:9")
		tc.set(&cfg)
		g, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		err = g.Run(context.Background(), nil)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%s in use: Run = %v, want a *FieldError for %s", tc.field, err, tc.field)
			continue
		}
		if !strings.Contains(fe.Message, "already in use") || !strings.Contains(fe.Message, "another port") || fe.Example == "" || fe.Example == addr {
			t.Errorf("%s in use: %q (e.g. %q); want it to say the address is in use and suggest another", tc.field, fe.Message, fe.Example)
		}
	}
}

// A listener bound beyond loopback is warned about at start: a fault
// injector (and its admin API) open to the network is an open door.
func TestListenersBeyondLoopbackAreWarnedAbout(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		ip   net.IP
		warn bool
	}{
		{"IPv4 loopback", net.IPv4(127, 0, 0, 1), false},
		{"IPv6 loopback", net.IPv6loopback, false},
		{"every IPv4 interface", net.IPv4zero, true},
		{"every interface", net.IPv6unspecified, true},
		{"a LAN address", net.IPv4(192, 168, 1, 5), true},
	} {
		var logs capture.Buffer
		g := &Gateway{log: slog.New(slog.NewTextHandler(&logs, nil))}
		g.warnIfExposed(&net.TCPAddr{IP: tc.ip, Port: 8080}, "--addr", "the proxy")
		warned := strings.Contains(logs.String(), "level=WARN") && strings.Contains(logs.String(), "--addr")
		if warned != tc.warn {
			t.Errorf("%s: warned %v (%q), want %v", tc.name, warned, logs.String(), tc.warn)
		}
	}
}
