// Command statuskit looks up HTTP status codes and serves them with correct
// protocol semantics. All behaviour lives in internal/cli so tests can run
// the real program in-process; main only wires in the process's world.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/statuskit/statuskit/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
