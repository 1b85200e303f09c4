package field

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The RateLimit fields follow draft-ietf-httpapi-ratelimit-headers,
// revisions 10 and 11 (the same syntax): both fields are Structured Field
// Lists (RFC 9651) whose members are Strings naming a policy, with
// parameters, e.g.
//
//	RateLimit-Policy: "default";q=100;w=60, "daily";q=1000;w=86400
//	RateLimit: "default";r=50;t=30
//
// Revisions up to 07 used Tokens for the names (default;q=100) and up to
// 06 used separate RateLimit-Limit/-Remaining/-Reset fields; the first is
// an error here (a checker should report it), the second is what
// ParseLegacyRateLimit reads.

// RateLimitPolicy is one quota policy of a RateLimit-Policy field (draft
// section 3.1): Name is the policy identifier, an sf-string.
type RateLimitPolicy struct {
	Name string
	// Quota is "q", REQUIRED: the quota in quota units, >= 0.
	Quota int64
	// QuotaUnit is "qu", an sf-string such as "requests" (the default),
	// "content-bytes" or "concurrent-requests"; "" means absent.
	QuotaUnit string
	// Window is "w", the time window in seconds, > 0; 0 means absent.
	Window int64
	// PartitionKey is "pk", a Byte Sequence; nil means absent.
	PartitionKey []byte
	// Other holds any other parameters, in order; the draft allows them
	// and says to treat them as comments.
	Other SFParams
}

// RateLimit is one service limit of a RateLimit field (draft section 4.1):
// Name is the identifier of the policy it reports on, an sf-string.
type RateLimit struct {
	Name string
	// Remaining is "r", REQUIRED: the quota units left, >= 0.
	Remaining int64
	// Reset is "t": seconds until quota is made available again, >= 0,
	// when HasReset.
	Reset    int64
	HasReset bool
	// PartitionKey is "pk", a Byte Sequence; nil means absent.
	PartitionKey []byte
	// Other holds any other parameters, in order.
	Other SFParams
}

const (
	policyExample    = `, e.g. RateLimit-Policy: "default";q=100;w=60 (draft-ietf-httpapi-ratelimit-headers, 3)`
	rateLimitExample = `, e.g. RateLimit: "default";r=50;t=30 (draft-ietf-httpapi-ratelimit-headers, 4)`
)

// ParseRateLimitPolicy reads every RateLimit-Policy field line. The field
// is a non-empty List, so lines that hold no member are an error; no lines
// at all is nil, nil. Each member must be a String with an Integer "q" >=
// 0; "w" if present is an Integer > 0, "qu" a String, "pk" a Byte
// Sequence.
func ParseRateLimitPolicy(lines []string) ([]RateLimitPolicy, error) {
	const name = "RateLimit-Policy"
	list, err := parseRateLimitList(name, lines, policyExample)
	if err != nil || list == nil {
		return nil, err
	}
	out := make([]RateLimitPolicy, 0, len(list))
	for _, m := range list {
		p := RateLimitPolicy{Name: m.Value.(string)}
		var hasQuota bool
		for _, x := range m.Params {
			var ok bool
			switch x.Key {
			case "q":
				p.Quota, ok = nonNegative(x.Value)
				hasQuota = true
			case "w":
				p.Window, ok = nonNegative(x.Value)
				ok = ok && p.Window > 0
			case "qu":
				p.QuotaUnit, ok = x.Value.(string)
			case "pk":
				p.PartitionKey, ok = x.Value.([]byte)
			default:
				p.Other, ok = append(p.Other, x), true
			}
			if !ok {
				return nil, newError(name, joinLines(lines), "has a bad parameter "+showPart(x.Key)+" in policy \""+showPart(p.Name)+"\""+
					": q is an Integer >= 0, w an Integer > 0 (seconds), qu a String, pk a Byte Sequence"+policyExample)
			}
		}
		if !hasQuota {
			return nil, newError(name, joinLines(lines), "has policy \""+showPart(p.Name)+"\" without the REQUIRED q parameter (the quota)"+policyExample)
		}
		out = append(out, p)
	}
	return out, nil
}

// ParseRateLimit reads every RateLimit field line: a non-empty List of
// Strings, each with an Integer "r" >= 0, optionally "t" (an Integer >= 0)
// and "pk" (a Byte Sequence). No lines at all is nil, nil.
func ParseRateLimit(lines []string) ([]RateLimit, error) {
	const name = "RateLimit"
	list, err := parseRateLimitList(name, lines, rateLimitExample)
	if err != nil || list == nil {
		return nil, err
	}
	out := make([]RateLimit, 0, len(list))
	for _, m := range list {
		l := RateLimit{Name: m.Value.(string)}
		var hasRemaining bool
		for _, x := range m.Params {
			var ok bool
			switch x.Key {
			case "r":
				l.Remaining, ok = nonNegative(x.Value)
				hasRemaining = true
			case "t":
				l.Reset, ok = nonNegative(x.Value)
				l.HasReset = true
			case "pk":
				l.PartitionKey, ok = x.Value.([]byte)
			default:
				l.Other, ok = append(l.Other, x), true
			}
			if !ok {
				return nil, newError(name, joinLines(lines), "has a bad parameter "+showPart(x.Key)+" for policy \""+showPart(l.Name)+"\""+
					": r and t are Integers >= 0 (t in seconds), pk a Byte Sequence"+rateLimitExample)
			}
		}
		if !hasRemaining {
			return nil, newError(name, joinLines(lines), "has policy \""+showPart(l.Name)+"\" without the REQUIRED r parameter (the remaining quota)"+rateLimitExample)
		}
		out = append(out, l)
	}
	return out, nil
}

// parseRateLimitList parses the List and checks what both fields share:
// non-empty, and every member a String.
func parseRateLimitList(name string, lines []string, example string) (SFList, error) {
	if len(lines) == 0 {
		return nil, nil
	}
	list, err := ParseSFList(name, lines)
	if err != nil {
		e := err.(*Error)
		e.Reason = strings.TrimSuffix(e.Reason, sfExample) + example
		return nil, e
	}
	if len(list) == 0 {
		return nil, newError(name, joinLines(lines), "is empty; the field is a non-empty List"+example)
	}
	for _, m := range list {
		if _, ok := m.Value.(string); !ok {
			why := "has a member that is not a String"
			if t, isToken := m.Value.(SFToken); isToken {
				why = "names a policy with the Token " + showPart(string(t)) + "; since draft 08 a policy name is a String in double quotes, \"" + showPart(string(t)) + "\""
			}
			return nil, newError(name, joinLines(lines), why+example)
		}
	}
	return list, nil
}

func nonNegative(v any) (int64, bool) {
	n, ok := v.(int64)
	return n, ok && n >= 0
}

// FormatRateLimitPolicy writes a RateLimit-Policy field value, e.g.
// `"default";q=100;w=60`. It fails on an empty list, a negative Quota or
// Window, or what RFC 9651 cannot express (see FormatSFList).
func FormatRateLimitPolicy(policies []RateLimitPolicy) (string, error) {
	if len(policies) == 0 {
		return "", errors.New("field: RateLimit-Policy is a non-empty List; send no field instead")
	}
	list := make(SFList, 0, len(policies))
	for _, p := range policies {
		if p.Quota < 0 || p.Window < 0 {
			return "", errors.New("field: RateLimit-Policy \"" + showPart(p.Name) + "\": q and w are not negative")
		}
		params := SFParams{{"q", p.Quota}}
		if p.QuotaUnit != "" {
			params = append(params, SFParam{"qu", p.QuotaUnit})
		}
		if p.Window > 0 {
			params = append(params, SFParam{"w", p.Window})
		}
		if p.PartitionKey != nil {
			params = append(params, SFParam{"pk", p.PartitionKey})
		}
		list = append(list, SFItem{Value: p.Name, Params: append(params, p.Other...)})
	}
	return FormatSFList(list)
}

// FormatRateLimit writes a RateLimit field value, e.g.
// `"default";r=50;t=30`. It fails on an empty list, a negative Remaining
// or Reset, or what RFC 9651 cannot express.
func FormatRateLimit(limits []RateLimit) (string, error) {
	if len(limits) == 0 {
		return "", errors.New("field: RateLimit is a non-empty List; send no field instead")
	}
	list := make(SFList, 0, len(limits))
	for _, l := range limits {
		if l.Remaining < 0 || l.HasReset && l.Reset < 0 {
			return "", errors.New("field: RateLimit \"" + showPart(l.Name) + "\": r and t are not negative")
		}
		params := SFParams{{"r", l.Remaining}}
		if l.HasReset {
			params = append(params, SFParam{"t", l.Reset})
		}
		if l.PartitionKey != nil {
			params = append(params, SFParam{"pk", l.PartitionKey})
		}
		list = append(list, SFItem{Value: l.Name, Params: append(params, l.Other...)})
	}
	return FormatSFList(list)
}

// LegacyRateLimit holds the de-facto rate limit fields that predate the
// draft's Structured Fields: X-RateLimit-Limit, X-RateLimit-Remaining and
// X-RateLimit-Reset (GitHub, Twitter and many more), or the draft's own
// RateLimit-Limit/-Remaining/-Reset up to revision 06. A field that is
// absent is -1.
type LegacyRateLimit struct {
	Limit, Remaining int64
	// Reset is either a Unix time (GitHub) or seconds from now (draft
	// 06 and others); ResetDelay tells them apart.
	Reset int64
}

// ParseLegacyRateLimit reads prefix+"Limit", prefix+"Remaining" and
// prefix+"Reset" from h, with prefix "X-RateLimit-" or "RateLimit-". Each
// is a non-negative integer; for a list such as draft 03's
// "RateLimit-Limit: 100, 100;w=60" the first member's number counts. A
// field that repeats, or is not digits, is an error.
func ParseLegacyRateLimit(h http.Header, prefix string) (LegacyRateLimit, error) {
	l := LegacyRateLimit{Limit: -1, Remaining: -1, Reset: -1}
	for _, f := range []struct {
		suffix string
		to     *int64
	}{{"Limit", &l.Limit}, {"Remaining", &l.Remaining}, {"Reset", &l.Reset}} {
		name := prefix + f.suffix
		lines := h.Values(name)
		switch len(lines) {
		case 0:
			continue
		case 1:
		default:
			return l, newError(name, joinLines(lines), "appears more than once; send one non-negative integer, e.g. "+name+": 60")
		}
		s := lines[0]
		if i := strings.IndexAny(s, ",;"); i >= 0 {
			s = s[:i]
		}
		s = trimOWS(s)
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || !isDigits(s) {
			return l, newError(name, lines[0], "is not a non-negative integer (at most 9223372036854775807), e.g. "+name+": 60")
		}
		*f.to = n
	}
	return l, nil
}

// unixResetThreshold separates the two meanings of a legacy reset value:
// no sensible window is 30 years long, and no server's clock is before
// 2000.
const unixResetThreshold = 946684800 // 2000-01-01T00:00:00Z

// ResetDelay is how long until the quota resets, as seen at now: Reset
// read as a Unix time if it is at least 946684800 (2000-01-01), else as
// seconds. 0 when Reset is absent or in the past.
func (l LegacyRateLimit) ResetDelay(now time.Time) time.Duration {
	switch {
	case l.Reset < 0:
		return 0
	case l.Reset >= unixResetThreshold:
		return max(0, time.Unix(l.Reset, 0).Sub(now))
	}
	return time.Duration(l.Reset) * time.Second
}
