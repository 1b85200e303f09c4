package lifecycle

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"syscall"
)

// ListenError is a listen address that could not be opened. Its message
// says what to do (another process holds the address: stop it or choose
// another port) without net's "listen tcp ADDR:" wrapper, which repeats
// the address; a command line prefixes its flag (--addr) and adds
// Example, an address worth trying.
type ListenError struct {
	// Addr is the address as configured, host:port.
	Addr string
	// Err is the cause; errors.Is(err, syscall.EADDRINUSE) when another
	// process listens there.
	Err error
	// Example is another address: the first of the next ten ports on the
	// same host that was free when Listen failed, or 127.0.0.1:0 (the
	// kernel picks a free port) when none was or Addr has no usable port.
	Example string
}

func (e *ListenError) Error() string {
	if errors.Is(e.Err, syscall.EADDRINUSE) {
		return fmt.Sprintf("%s is already in use: another process listens there; stop it, or choose another port (port 0 picks a free one)", e.Addr)
	}
	return fmt.Sprintf("%s cannot be listened on: %v", e.Addr, e.Err)
}

func (e *ListenError) Unwrap() error { return e.Err }

// Listen opens a TCP listener on addr; its error is a *ListenError.
func Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err == nil {
		return ln, nil
	}
	example := freeNear(addr)
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		err = oe.Err
	}
	return nil, &ListenError{Addr: addr, Err: err, Example: example}
}

// freeNear is the first of the ten ports after addr's on its host that
// can be listened on now, or 127.0.0.1:0. Suggesting the next port
// blindly sent people from one busy port to another.
func freeNear(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	n, perr := strconv.Atoi(port)
	if err != nil || perr != nil || n <= 0 {
		return "127.0.0.1:0"
	}
	for p := n + 1; p <= min(n+10, 65535); p++ {
		try := net.JoinHostPort(host, strconv.Itoa(p))
		if ln, err := net.Listen("tcp", try); err == nil {
			ln.Close()
			return try
		}
	}
	return "127.0.0.1:0"
}
