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
	// Example is another address: the next port on the same host, or
	// 127.0.0.1:0 (a free port) when Addr has no usable port.
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
	example := "127.0.0.1:0"
	if host, port, serr := net.SplitHostPort(addr); serr == nil {
		if n, perr := strconv.Atoi(port); perr == nil && n > 0 && n < 65535 {
			example = net.JoinHostPort(host, strconv.Itoa(n+1))
		}
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		err = oe.Err
	}
	return nil, &ListenError{Addr: addr, Err: err, Example: example}
}
