package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"

	"github.com/statuskit/statuskit/server"
)

func main() {
	s := server.New(server.Config{Addr: "127.0.0.1:18080"})
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	fmt.Println(s.Run(ctx, func(a net.Addr) { fmt.Println("up", a) }))
}
