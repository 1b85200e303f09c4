package check

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"
)

// severityKeys are the keys a consumer of the JSON summary relies on.
var severityKeys = []string{"INFO", "MAY", "MUST", "SHOULD"}

func TestSummaryCountsEverySeverityEvenAtZero(t *testing.T) {
	t.Parallel()
	rep := checkURLs(t, testConfig(), serve(t, good(nil)), "/r")
	if got := slices.Sorted(maps.Keys(rep.Summary.Findings)); !slices.Equal(got, severityKeys) {
		t.Errorf("Summary.Findings has keys %v, want all four severities %v even with no finding", got, severityKeys)
	}
}

func TestSummaryJSONHasEverySeverity(t *testing.T) {
	t.Parallel()
	for name, s := range map[string]Summary{
		"one severity": {Findings: map[string]int{"SHOULD": 5}},
		"nil map":      {},
	} {
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Findings map[string]int `json:"findings"`
		}
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		if keys := slices.Sorted(maps.Keys(got.Findings)); !slices.Equal(keys, severityKeys) {
			t.Errorf("%s: %s; want the keys %v, zero counts included", name, b, severityKeys)
		}
		if got.Findings["SHOULD"] != s.Findings["SHOULD"] {
			t.Errorf("%s: %s changed the SHOULD count", name, b)
		}
	}
}
