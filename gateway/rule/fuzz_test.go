package rule

import (
	"encoding/json"
	"testing"
)

// FuzzParse: no document makes Parse panic, and what it accepts has a
// normal form that parses back to itself.
func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, doc []byte) {
		set, err := Parse(doc, "fuzz.yaml", DefaultLimits)
		if err != nil {
			return
		}
		normal, err := json.Marshal(set)
		if err != nil {
			t.Fatalf("an accepted document does not encode: %v", err)
		}
		again, err := Parse(normal, "normal form", DefaultLimits)
		if err != nil {
			t.Fatalf("the normal form %s does not parse: %v", normal, err)
		}
		if b, _ := json.Marshal(again); string(b) != string(normal) {
			t.Fatalf("the normal form changed:\n%s\n%s", normal, b)
		}
	})
}
