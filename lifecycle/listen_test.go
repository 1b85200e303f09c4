package lifecycle

import (
	"errors"
	"net"
	"strconv"
	"syscall"
	"testing"
)

// TestListenSuggestsAPortThatIsFree: the example of a busy address's
// error must itself work, not be the next port that is just as busy.
func TestListenSuggestsAPortThatIsFree(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := busy.Addr().(*net.TCPAddr).Port
	// Hold the next port too, when it is free, so a blind +1 would fail.
	if next, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port+1))); err == nil {
		defer next.Close()
	}
	_, err = Listen(busy.Addr().String())
	var le *ListenError
	if !errors.As(err, &le) || !errors.Is(err, syscall.EADDRINUSE) {
		t.Fatalf("Listen(%s) = %v, want a *ListenError for EADDRINUSE", busy.Addr(), err)
	}
	ln, err := net.Listen("tcp", le.Example)
	if err != nil {
		t.Fatalf("the suggested %s cannot be listened on: %v", le.Example, err)
	}
	ln.Close()
	if le.Example == net.JoinHostPort("127.0.0.1", strconv.Itoa(port+1)) {
		t.Errorf("suggested %s, the port held busy beside %d", le.Example, port)
	}
}
