package store_test

import (
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/statuskit/statuskit/store"
)

// BenchmarkMemoryDistinctSequenceKeys inserts a new sequence key per
// operation, as a client flooding /sequence/503,200?key=... does (the key
// is the server's: scope, newline, path), and reports the live heap the
// store holds per entry once full (bytes/entry), besides the time per
// insert. bench/memory measures the same on a running server.
func BenchmarkMemoryDistinctSequenceKeys(b *testing.B) {
	m := store.NewMemory(store.MemoryOptions{})
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	before := ms.HeapAlloc
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		buf = append(buf[:0], "key:flood-"...)
		buf = strconv.AppendInt(buf, int64(i), 10)
		buf = append(buf, "\n/sequence/503,200"...)
		if _, err := m.NextInSequence(ctx, string(buf), 2, false, time.Hour); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(int64(ms.HeapAlloc)-int64(before))/float64(m.Len()), "bytes/entry")
	b.ReportMetric(float64(m.Len()), "entries")
	runtime.KeepAlive(m)
}

// BenchmarkMemorySameSequenceKey is the hot path of one client stepping
// through its sequence: the key exists, and every request advances it.
func BenchmarkMemorySameSequenceKey(b *testing.B) {
	m := store.NewMemory(store.MemoryOptions{})
	const key = "key:client-1\n/sequence/503,503,200"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.NextInSequence(ctx, key, 3, true, time.Hour); err != nil {
			b.Fatal(err)
		}
	}
}
