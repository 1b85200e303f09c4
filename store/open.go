package store

import (
	"fmt"
	"strings"
)

// Open builds the store a --store flag names: "memory" (bounded by
// memory's options) or a Redis URL (redis://host:port/db, rediss://,
// unix://).
func Open(spec string, memory MemoryOptions) (Store, error) {
	switch {
	case spec == "" || spec == "memory":
		return NewMemory(memory), nil
	case strings.HasPrefix(spec, "redis://"), strings.HasPrefix(spec, "rediss://"), strings.HasPrefix(spec, "unix://"):
		return NewRedis(spec, RedisOptions{})
	}
	return nil, fmt.Errorf("store %q: use memory (the default), or a Redis URL such as redis://127.0.0.1:6379/0", redactURL(spec))
}
