package capture_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/statuskit/statuskit/internal/capture"
)

// TestBufferKeepsEveryWriteFromManyGoroutines runs under -race: writes
// from several goroutines, read while they go on, lose nothing.
func TestBufferKeepsEveryWriteFromManyGoroutines(t *testing.T) {
	t.Parallel()
	var b capture.Buffer
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				b.Write([]byte("x"))
				_ = b.String()
			}
		})
	}
	wg.Wait()
	if got := strings.Count(b.String(), "x"); got != 800 {
		t.Errorf("%d bytes kept, want 800", got)
	}
}

func ExampleBuffer() {
	var b capture.Buffer
	fmt.Fprintf(&b, "listening on %s\n", "127.0.0.1:8080")
	fmt.Print(b.String())
	// Output: listening on 127.0.0.1:8080
}
