package field

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestRateLimitPolicyParsesTheDraftExamples(t *testing.T) {
	// draft-ietf-httpapi-ratelimit-headers-10/11, 3.
	for _, tc := range []struct {
		lines []string
		want  []RateLimitPolicy
		out   string
	}{
		{[]string{`"default";q=10;w=60`}, // what statuskit sends
			[]RateLimitPolicy{{Name: "default", Quota: 10, Window: 60}}, `"default";q=10;w=60`},
		{[]string{`"burst";q=100;w=60,"daily";q=1000;w=86400`},
			[]RateLimitPolicy{{Name: "burst", Quota: 100, Window: 60}, {Name: "daily", Quota: 1000, Window: 86400}},
			`"burst";q=100;w=60, "daily";q=1000;w=86400`},
		{[]string{`"permin";q=50;w=60`, `"perhr";q=1000;w=3600`},
			[]RateLimitPolicy{{Name: "permin", Quota: 50, Window: 60}, {Name: "perhr", Quota: 1000, Window: 3600}},
			`"permin";q=50;w=60, "perhr";q=1000;w=3600`},
		{[]string{`"peruser";q=65535;qu="content-bytes";w=10;pk=:sdfjLJUOUH==:`},
			[]RateLimitPolicy{{Name: "peruser", Quota: 65535, QuotaUnit: "content-bytes", Window: 10,
				PartitionKey: []byte{0xb1, 0xd7, 0xe3, 0x2c, 0x95, 0x0e, 0x50}}},
			`"peruser";q=65535;qu="content-bytes";w=10;pk=:sdfjLJUOUA==:`}, // non-zero pad bits accepted (RFC 9651, 4.2.7)
		{[]string{`"x";q=0;acme-burst=5;w=1`},
			[]RateLimitPolicy{{Name: "x", Quota: 0, Window: 1, Other: SFParams{{"acme-burst", int64(5)}}}},
			`"x";q=0;w=1;acme-burst=5`},
	} {
		got, err := ParseRateLimitPolicy(tc.lines)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseRateLimitPolicy(%q) = %+v, %v\nwant %+v", tc.lines, got, err, tc.want)
			continue
		}
		out, err := FormatRateLimitPolicy(got)
		if err != nil || out != tc.out {
			t.Errorf("FormatRateLimitPolicy = %q, %v; want %q", out, err, tc.out)
		}
	}
	if got, err := ParseRateLimitPolicy(nil); got != nil || err != nil {
		t.Errorf("no field: %v, %v", got, err)
	}
}

func TestRateLimitPolicyRejectsMalformedFields(t *testing.T) {
	for _, tc := range []struct {
		lines []string
		why   string
	}{
		{[]string{`default;q=100;w=60`}, `since draft 08 a policy name is a String in double quotes, "default"`},
		{[]string{`1;q=1`}, "not a String"},
		{[]string{`"default";w=60`}, "without the REQUIRED q"},
		{[]string{`"default";q=-1`}, "bad parameter q"},
		{[]string{`"default";q=1.5`}, "bad parameter q"},
		{[]string{`"default";q=1;w=0`}, "bad parameter w"},
		{[]string{`"default";q=1;qu=requests`}, "bad parameter qu"},
		{[]string{`"default";q=1;pk="abc"`}, "bad parameter pk"},
		{[]string{``}, "non-empty List"},
		{[]string{`"default";q=1,`}, "comma ends"},
		{[]string{`"a";l=100;w=10`}, "without the REQUIRED q"}, // draft 07's l
	} {
		_, err := ParseRateLimitPolicy(tc.lines)
		if err == nil || !strings.Contains(err.Error(), tc.why) || !strings.HasPrefix(err.Error(), "RateLimit-Policy: ") ||
			!strings.Contains(err.Error(), "draft-ietf-httpapi-ratelimit-headers") {
			t.Errorf("ParseRateLimitPolicy(%q) error = %v; want one mentioning %q", tc.lines, err, tc.why)
		}
	}
}

func TestRateLimitParsesTheDraftExamples(t *testing.T) {
	// draft-ietf-httpapi-ratelimit-headers-10/11, 4.
	for _, tc := range []struct {
		lines []string
		want  []RateLimit
		out   string
	}{
		{[]string{`"default";r=9;t=6`}, []RateLimit{{Name: "default", Remaining: 9, Reset: 6, HasReset: true}}, `"default";r=9;t=6`},
		{[]string{`"default";r=50;t=30`}, []RateLimit{{Name: "default", Remaining: 50, Reset: 30, HasReset: true}}, `"default";r=50;t=30`},
		{[]string{`"default";r=999;pk=:dHJpYWwxMjEzMjM=:`},
			[]RateLimit{{Name: "default", Remaining: 999, PartitionKey: []byte("trial121323")}}, `"default";r=999;pk=:dHJpYWwxMjEzMjM=:`},
		{[]string{`"problemPolicy";r=0;t=0`}, []RateLimit{{Name: "problemPolicy", Reset: 0, HasReset: true}}, `"problemPolicy";r=0;t=0`},
		{[]string{`"a";r=1`, `"b";r=2;acme-x`},
			[]RateLimit{{Name: "a", Remaining: 1}, {Name: "b", Remaining: 2, Other: SFParams{{"acme-x", true}}}}, `"a";r=1, "b";r=2;acme-x`},
	} {
		got, err := ParseRateLimit(tc.lines)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseRateLimit(%q) = %+v, %v\nwant %+v", tc.lines, got, err, tc.want)
			continue
		}
		out, err := FormatRateLimit(got)
		if err != nil || out != tc.out {
			t.Errorf("FormatRateLimit = %q, %v; want %q", out, err, tc.out)
		}
	}
}

func TestRateLimitRejectsMalformedFields(t *testing.T) {
	for _, tc := range []struct {
		lines []string
		why   string
	}{
		{[]string{`default;r=1`}, "Token default"},
		{[]string{`"default";t=1`}, "without the REQUIRED r"},
		{[]string{`"default";r=-1`}, "bad parameter r"},
		{[]string{`"default";r=1;t=-1`}, "bad parameter t"},
		{[]string{`"default";r=1;t=?1`}, "bad parameter t"},
		{[]string{`"default";r=0, t=10`}, "separated by commas"}, // the draft's 3xx example, as revision 07 wrote it
	} {
		_, err := ParseRateLimit(tc.lines)
		if err == nil || !strings.Contains(err.Error(), tc.why) || !strings.HasPrefix(err.Error(), "RateLimit: ") {
			t.Errorf("ParseRateLimit(%q) error = %v; want one mentioning %q", tc.lines, err, tc.why)
		}
	}
}

func TestFormatRateLimitRejectsWhatTheDraftForbids(t *testing.T) {
	if _, err := FormatRateLimit(nil); err == nil {
		t.Error("FormatRateLimit(nil): an empty List is no field")
	}
	if _, err := FormatRateLimitPolicy(nil); err == nil {
		t.Error("FormatRateLimitPolicy(nil): an empty List is no field")
	}
	if _, err := FormatRateLimit([]RateLimit{{Name: "a", Remaining: -1}}); err == nil {
		t.Error("negative r accepted")
	}
	if _, err := FormatRateLimitPolicy([]RateLimitPolicy{{Name: "a", Quota: 1, Window: -5}}); err == nil {
		t.Error("negative w accepted")
	}
	if _, err := FormatRateLimitPolicy([]RateLimitPolicy{{Name: "caf\u00e9", Quota: 1}}); err == nil {
		t.Error("a non-ASCII name accepted; an sf-string is ASCII")
	}
}

func TestLegacyRateLimit(t *testing.T) {
	h := http.Header{}
	h.Set("X-RateLimit-Limit", "60")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset", "1764504000")
	l, err := ParseLegacyRateLimit(h, "X-RateLimit-")
	if err != nil || l != (LegacyRateLimit{Limit: 60, Remaining: 0, Reset: 1764504000}) {
		t.Fatalf("ParseLegacyRateLimit = %+v, %v", l, err)
	}
	now := time.Unix(1764504000-90, 0)
	if d := l.ResetDelay(now); d != 90*time.Second {
		t.Errorf("Unix-time reset: delay %v, want 90s", d)
	}
	if d := (LegacyRateLimit{Reset: 30}).ResetDelay(now); d != 30*time.Second {
		t.Errorf("delta reset: delay %v, want 30s", d)
	}
	if d := (LegacyRateLimit{Reset: -1}).ResetDelay(now); d != 0 {
		t.Errorf("absent reset: delay %v", d)
	}

	h = http.Header{"Ratelimit-Limit": {"100, 100;w=60"}}
	l, err = ParseLegacyRateLimit(h, "RateLimit-")
	if err != nil || l != (LegacyRateLimit{Limit: 100, Remaining: -1, Reset: -1}) {
		t.Errorf("draft 03 list: %+v, %v", l, err)
	}
	for _, bad := range []http.Header{
		{"X-Ratelimit-Limit": {"-1"}},
		{"X-Ratelimit-Remaining": {"ten"}},
		{"X-Ratelimit-Reset": {"1", "2"}},
		{"X-Ratelimit-Reset": {"99999999999999999999"}},
	} {
		if _, err := ParseLegacyRateLimit(bad, "X-RateLimit-"); err == nil || !strings.Contains(err.Error(), "X-RateLimit-") {
			t.Errorf("ParseLegacyRateLimit(%v) error = %v", bad, err)
		}
	}
}
