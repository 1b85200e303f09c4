package field

import "strings"

// MaxDeltaSeconds is what a delta-seconds larger than any int64 a cache
// can represent becomes: RFC 9111, 1.2.2 has a cache treat such a value as
// 2147483648 (2^31). ParseDeltaSeconds saturates every larger value there.
const MaxDeltaSeconds = 2147483648

// ParseDeltaSeconds reads delta-seconds (1*DIGIT, RFC 9111, 1.2.2) as used
// by Age and by max-age and the other Cache-Control arguments: values
// above MaxDeltaSeconds become MaxDeltaSeconds, as 1.2.2 requires, so
// there is no overflow. A sign, a fraction or no digits is an error.
func ParseDeltaSeconds(s string) (int64, error) {
	n, ok := parseDigitsSaturating(s, MaxDeltaSeconds)
	if !ok {
		return 0, newError("", s, "is not delta-seconds: whole seconds, digits only, e.g. 3600 (RFC 9111, 1.2.2)")
	}
	return n, nil
}

// CacheDirective is one Cache-Control directive (RFC 9111, 5.2): a name,
// compared case-insensitively and kept here in lower case, and an optional
// argument in token or quoted-string form.
type CacheDirective struct {
	Name string
	// Value is the argument, unquoted; HasValue tells "no-cache" from
	// `no-cache=""`.
	Value    string
	HasValue bool
	// Quoted records that the argument was (or is to be) sent as a
	// quoted-string, which matters to a checker: max-age="5" is accepted
	// but a sender MUST NOT generate it (RFC 9111, 5.2.2.1).
	Quoted bool
}

// CacheControl is a parsed Cache-Control field, directives in the order
// received, duplicates kept. The accessors read the FIRST occurrence of a
// directive, the choice RFC 9111, 4.2.1 offers a cache ("either the first
// occurrence should be used or the response should be considered stale");
// Duplicates lists the names that repeat, for a checker or a cache that
// prefers "stale".
type CacheControl []CacheDirective

const cacheControlExample = `e.g. Cache-Control: max-age=60, must-revalidate or Cache-Control: no-cache="Set-Cookie" (RFC 9111, 5.2)`

// ParseCacheControl reads every Cache-Control field line: #cache-directive
// with cache-directive = token [ "=" ( token / quoted-string ) ] (RFC
// 9111, 5.2), empty list elements allowed, at most MaxListMembers
// elements. Syntax errors fail the whole field. Arguments are not checked
// against each directive's own syntax here; Validate does that, and the
// accessors read what they can.
func ParseCacheControl(lines []string) (CacheControl, error) {
	var out CacheControl
	invalid := func(why string) error {
		return newError("Cache-Control", joinLines(lines), "is not a list of cache directives: "+why+"; "+cacheControlExample)
	}
	directive := func(rest string) (string, error) {
		name, rest := scanToken(rest)
		if name == "" {
			return rest, invalid(showValue(rest[:1]) + " does not start a directive name (a token)")
		}
		d := CacheDirective{Name: strings.ToLower(name)}
		if rest != "" && rest[0] == '=' {
			rest = rest[1:]
			d.HasValue = true
			if rest != "" && rest[0] == '"' {
				v, after, ok := scanQuotedString(rest)
				if !ok {
					return rest, invalid("the argument of " + showPart(d.Name) + " is an unterminated or invalid quoted-string")
				}
				d.Value, d.Quoted, rest = v, true, after
			} else if d.Value, rest = scanToken(rest); d.Value == "" {
				return rest, invalid(showPart(d.Name) + "= has no argument; an argument is a token or a quoted-string")
			}
		}
		out = append(out, d)
		return rest, nil
	}
	noComma := func(rest string) error {
		return invalid(showValue(rest[:min(len(rest), 10)]) + " follows " + showPart(out[len(out)-1].Name) + " where a comma belongs")
	}
	if err := eachMember("Cache-Control", lines, directive, noComma); err != nil {
		return nil, err
	}
	return out, nil
}

// Get returns the first directive named name (case-insensitive).
func (c CacheControl) Get(name string) (CacheDirective, bool) {
	for _, d := range c {
		if strings.EqualFold(d.Name, name) {
			return d, true
		}
	}
	return CacheDirective{}, false
}

// Has reports whether the directive name is present.
func (c CacheControl) Has(name string) bool {
	_, ok := c.Get(name)
	return ok
}

// NoStore reports no-store (RFC 9111, 5.2.1.5 and 5.2.2.5).
func (c CacheControl) NoStore() bool { return c.Has("no-store") }

// Public reports public (RFC 9111, 5.2.2.9).
func (c CacheControl) Public() bool { return c.Has("public") }

// MustRevalidate reports must-revalidate (RFC 9111, 5.2.2.2).
func (c CacheControl) MustRevalidate() bool { return c.Has("must-revalidate") }

// NoCache reports no-cache (RFC 9111, 5.2.1.4 and 5.2.2.4) and, for the
// response directive's qualified form no-cache="Set-Cookie, X-Foo", the
// field names it lists (nil for the unqualified form).
func (c CacheControl) NoCache() (present bool, fields []string) {
	return c.qualified("no-cache")
}

// Private reports private (RFC 9111, 5.2.2.7) and the field names of its
// qualified form, like NoCache.
func (c CacheControl) Private() (present bool, fields []string) {
	return c.qualified("private")
}

func (c CacheControl) qualified(name string) (bool, []string) {
	d, ok := c.Get(name)
	if !ok || !d.HasValue {
		return ok, nil
	}
	var fields []string
	for f := range strings.SplitSeq(d.Value, ",") {
		if f = trimOWS(f); f != "" {
			fields = append(fields, f)
		}
	}
	return true, fields
}

// MaxAge returns max-age in seconds (RFC 9111, 5.2.1.1 and 5.2.2.1) and
// whether it is present. Both argument forms are accepted (5.2); a value
// above MaxDeltaSeconds saturates there. An invalid argument (none,
// not digits) is reported as present with 0 seconds: RFC 9111, 4.2.1
// encourages treating invalid freshness information as stale.
func (c CacheControl) MaxAge() (seconds int64, ok bool) { return c.deltaSeconds("max-age") }

// SMaxAge is MaxAge for s-maxage (RFC 9111, 5.2.2.10).
func (c CacheControl) SMaxAge() (seconds int64, ok bool) { return c.deltaSeconds("s-maxage") }

func (c CacheControl) deltaSeconds(name string) (int64, bool) {
	d, ok := c.Get(name)
	if !ok {
		return 0, false
	}
	n, err := ParseDeltaSeconds(d.Value)
	if err != nil {
		return 0, true
	}
	return n, true
}

// Duplicates returns the directive names that appear more than once, in
// order of first appearance.
func (c CacheControl) Duplicates() []string {
	var dup []string
	seen := make(map[string]int, len(c))
	for _, d := range c {
		if seen[d.Name]++; seen[d.Name] == 2 {
			dup = append(dup, d.Name)
		}
	}
	return dup
}

// cacheArguments says what argument each directive of RFC 9111, 5.2 and
// RFC 5861 / RFC 8246 takes.
var cacheArguments = map[string]struct {
	arg     string // "none", "delta", "optional-delta", "fields"
	section string
}{
	"max-age":                {"delta", "RFC 9111, 5.2.1.1 and 5.2.2.1"},
	"max-stale":              {"optional-delta", "RFC 9111, 5.2.1.2"},
	"min-fresh":              {"delta", "RFC 9111, 5.2.1.3"},
	"no-cache":               {"fields", "RFC 9111, 5.2.1.4 and 5.2.2.4"},
	"no-store":               {"none", "RFC 9111, 5.2.1.5 and 5.2.2.5"},
	"no-transform":           {"none", "RFC 9111, 5.2.1.6 and 5.2.2.6"},
	"only-if-cached":         {"none", "RFC 9111, 5.2.1.7"},
	"must-revalidate":        {"none", "RFC 9111, 5.2.2.2"},
	"must-understand":        {"none", "RFC 9111, 5.2.2.3"},
	"private":                {"fields", "RFC 9111, 5.2.2.7"},
	"proxy-revalidate":       {"none", "RFC 9111, 5.2.2.8"},
	"public":                 {"none", "RFC 9111, 5.2.2.9"},
	"s-maxage":               {"delta", "RFC 9111, 5.2.2.10"},
	"stale-while-revalidate": {"delta", "RFC 5861, 3"},
	"stale-if-error":         {"delta", "RFC 5861, 4"},
	"immutable":              {"none", "RFC 8246, 2"},
}

// Validate checks the arguments of the directives RFC 9111, RFC 5861 and
// RFC 8246 define, as a sender must generate them: delta-seconds in token
// form (max-age=60, not max-age="60"), no argument where none is defined,
// field names in quoted-string form for no-cache and private. It returns
// the first problem; unknown directives are extensions and pass (RFC
// 9111, 5.2.3).
func (c CacheControl) Validate() error {
	for _, d := range c {
		a, known := cacheArguments[d.Name]
		if !known {
			continue
		}
		bad := func(why string) error {
			return newError("Cache-Control", c.String(), "has "+showPart(d.String())+": "+why+" ("+a.section+")")
		}
		switch {
		case a.arg == "none" && d.HasValue:
			return bad(d.Name + " takes no argument")
		case a.arg == "delta" && !d.HasValue:
			return bad(d.Name + " needs delta-seconds, e.g. " + d.Name + "=60")
		case (a.arg == "delta" || a.arg == "optional-delta") && d.HasValue && !isDigits(d.Value):
			return bad("the argument of " + d.Name + " is not delta-seconds (digits), e.g. " + d.Name + "=60")
		case (a.arg == "delta" || a.arg == "optional-delta") && d.Quoted:
			return bad("a sender MUST NOT generate the quoted-string form; send " + d.Name + "=" + showPart(d.Value))
		case a.arg == "fields" && d.HasValue && !d.Quoted:
			return bad("the field names of " + d.Name + " are sent as a quoted-string, e.g. " + d.Name + `="Set-Cookie"`)
		case a.arg == "fields" && d.HasValue:
			if _, err := ParseTokenList(d.Name, []string{d.Value}); err != nil {
				return bad("the argument of " + d.Name + " is not a list of field names")
			}
		}
	}
	return nil
}

// String is the directive as a sender writes it: name, or name=value with
// the value as a token unless Quoted or not a token.
func (d CacheDirective) String() string {
	if !d.HasValue {
		return d.Name
	}
	if d.Quoted || !IsToken(d.Value) {
		return d.Name + "=" + quoteString(d.Value)
	}
	return d.Name + "=" + d.Value
}

// String is the field value, directives separated by ", ". It does not
// validate: a name that is not a token or a value with control
// characters writes an invalid field.
func (c CacheControl) String() string {
	var b strings.Builder
	for i, d := range c {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(d.String())
	}
	return b.String()
}
