package status

import (
	"encoding/csv"
	"fmt"
	"net/textproto"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// ianaRow is one assigned value of the IANA HTTP Status Code Registry as
// stored in testdata: an independent source of truth for the table.
type ianaRow struct {
	Value       int
	Description string
	Reference   string
}

const ianaCSVPath = "testdata/iana-http-status-codes.csv"

func readIANARegistry(t *testing.T) []ianaRow {
	t.Helper()
	f, err := os.Open(ianaCSVPath)
	if err != nil {
		t.Fatalf("open IANA registry copy: %v", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	r.FieldsPerRecord = 3
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read %s: %v", ianaCSVPath, err)
	}
	if len(records) == 0 || !slices.Equal(records[0], []string{"Value", "Description", "Reference"}) {
		t.Fatalf("%s: first record must be the IANA header Value,Description,Reference", ianaCSVPath)
	}
	var rows []ianaRow
	for _, rec := range records[1:] {
		n, err := strconv.Atoi(rec[0])
		if err != nil {
			t.Fatalf("%s: value %q is not a single code (unassigned ranges must be dropped)", ianaCSVPath, rec[0])
		}
		if strings.EqualFold(rec[1], "Unassigned") {
			t.Fatalf("%s: %d is listed as Unassigned; keep only assigned values", ianaCSVPath, n)
		}
		rows = append(rows, ianaRow{Value: n, Description: rec[1], Reference: rec[2]})
	}
	return rows
}

// registryEntry finds a code in the table by number without relying on any
// lookup helper, so these tests check the data and nothing else.
func registryEntry(number int) (Code, bool) {
	for _, c := range registry {
		if c.Number == number {
			return c, true
		}
	}
	return Code{}, false
}

func mustRegistryEntry(t *testing.T, number int) Code {
	t.Helper()
	c, ok := registryEntry(number)
	if !ok {
		t.Fatalf("%d is not in the registry", number)
	}
	return c
}

func TestEveryIANARegisteredCodeIsInTheRegistryUnderItsIANAName(t *testing.T) {
	t.Parallel()
	rows := readIANARegistry(t)
	if len(rows) < 60 {
		t.Fatalf("the IANA copy has only %d rows; it looks truncated", len(rows))
	}
	for _, row := range rows {
		t.Run(fmt.Sprintf("%d %s", row.Value, row.Description), func(t *testing.T) {
			c, ok := registryEntry(row.Value)
			if !ok {
				t.Fatalf("IANA registers %d %q but the registry has no entry", row.Value, row.Description)
			}
			if !c.Registered() {
				t.Errorf("%d has standing %q, but IANA registers it", c.Number, c.Standing)
			}
			name := c.Phrase
			if c.IANAName != "" {
				name = c.IANAName
			}
			if name != row.Description {
				t.Errorf("%d is registered as %q but the registry says %q (set Phrase, or IANAName when the status-line phrase differs)",
					c.Number, row.Description, name)
			}
		})
	}
}

// ianaReference matches the first bracketed reference of an IANA row:
// "[RFC9110, Section 15.5.5]", "[RFC2518]" or "[draft-...]".
var ianaReference = regexp.MustCompile(`^\[(RFC(\d+)(?:, Section ([0-9.]+))?|draft-[a-z0-9-]+)\]`)

func TestRegisteredCodesCiteTheDocumentIANACites(t *testing.T) {
	t.Parallel()
	for _, row := range readIANARegistry(t) {
		t.Run(fmt.Sprintf("%d cites %s", row.Value, row.Reference), func(t *testing.T) {
			c := mustRegistryEntry(t, row.Value)
			m := ianaReference.FindStringSubmatch(row.Reference)
			if m == nil {
				t.Fatalf("cannot read IANA reference %q", row.Reference)
			}
			if m[2] == "" { // an Internet-Draft
				if c.Spec.Title != m[1] {
					t.Errorf("%d: Spec.Title = %q, IANA cites %q", c.Number, c.Spec.Title, m[1])
				}
				return
			}
			if want := "RFC " + m[2]; c.Spec.Title != want {
				t.Errorf("%d: Spec.Title = %q, IANA cites %s", c.Number, c.Spec.Title, want)
			}
			if m[3] != "" && c.Spec.Section != m[3] {
				t.Errorf("%d: Spec.Section = %q, IANA cites section %s", c.Number, c.Spec.Section, m[3])
			}
			if want := rfc(m[2], c.Spec.Section).URL; c.Spec.URL != want {
				t.Errorf("%d: Spec.URL = %q, want %q", c.Number, c.Spec.URL, want)
			}
		})
	}
}

func TestOnlyIANARegisteredCodesClaimARegisteredStanding(t *testing.T) {
	t.Parallel()
	registered := make(map[int]bool)
	for _, row := range readIANARegistry(t) {
		registered[row.Value] = true
	}
	for _, c := range registry {
		if c.Registered() && !registered[c.Number] {
			t.Errorf("%s has standing %q but IANA does not register %d", c, c.Standing, c.Number)
		}
		if c.Standing == Unofficial && registered[c.Number] {
			t.Errorf("%s is unofficial but IANA registers %d; an unofficial code must not reuse a registered number", c, c.Number)
		}
	}
}

func TestRegistryIsSortedWithOneEntryPerNumber(t *testing.T) {
	t.Parallel()
	for i := 1; i < len(registry); i++ {
		prev, cur := registry[i-1].Number, registry[i].Number
		if cur == prev {
			t.Errorf("%d appears twice", cur)
		} else if cur < prev {
			t.Errorf("%d comes after %d; the table must be in ascending order", cur, prev)
		}
	}
}

func TestEveryCodeIsAThreeDigitNumberFrom100To599(t *testing.T) {
	t.Parallel()
	for _, c := range registry {
		if c.Number < 100 || c.Number > 599 {
			t.Errorf("%d is outside 100-599 (RFC 9110, 15)", c.Number)
		}
	}
}

func TestStandingsFollowTheSpecifications(t *testing.T) {
	t.Parallel()
	special := map[int]Standing{
		102: Historic,   // RFC 2518 defined it, RFC 4918 removed it
		305: Deprecated, // RFC 9110, 15.4.6
		306: Unused,     // RFC 9110, 15.4.7
		418: Unused,     // RFC 9110, 15.5.19
		510: Historic,   // RFC 2774 moved to Historic; IANA: (OBSOLETED)
	}
	for _, c := range registry {
		want, ok := special[c.Number]
		switch {
		case ok && c.Standing != want:
			t.Errorf("%s has standing %q, want %q", c, c.Standing, want)
		case !ok && c.Registered() && c.Standing != Official:
			t.Errorf("%s has standing %q, want %q", c, c.Standing, Official)
		case c.Standing == Unassigned:
			t.Errorf("%s: the table must not contain unassigned codes; Lookup synthesises them", c)
		}
	}
}

func TestUnofficialCodesNameTheirOriginAndVendorDocumentation(t *testing.T) {
	t.Parallel()
	n := 0
	for _, c := range registry {
		if c.Standing != Unofficial {
			if c.Origin != "" {
				t.Errorf("%s is registered but has Origin %q; Origin is for unofficial codes", c, c.Origin)
			}
			continue
		}
		n++
		if c.Origin == "" {
			t.Errorf("%s is unofficial but names no Origin", c)
		}
		if strings.Contains(c.Spec.URL, "wikipedia.org") {
			t.Errorf("%s cites Wikipedia; cite the vendor instead", c)
		}
	}
	if n == 0 {
		t.Error("the registry has no unofficial codes")
	}
}

func TestEveryCodeIsDocumented(t *testing.T) {
	t.Parallel()
	for _, c := range registry {
		t.Run(c.String(), func(t *testing.T) {
			if strings.TrimSpace(c.Phrase) == "" {
				t.Error("empty Phrase")
			}
			checkOneSentence(t, "Summary", c.Summary)
			if sentences(c.Description) < 2 {
				t.Errorf("Description should explain in two to five sentences, got %q", c.Description)
			}
			if c.Description == c.Summary {
				t.Error("Description repeats Summary")
			}
			if c.Spec.Title == "" {
				t.Error("Spec has no Title")
			}
			if !strings.HasPrefix(c.Spec.URL, "https://") {
				t.Errorf("Spec.URL %q is not https", c.Spec.URL)
			}
			if strings.TrimSpace(c.Advice.Text) == "" {
				t.Error("Advice.Text is empty")
			}
			if !slices.Contains([]RetryRule{NoRetry, RetryAfterChange, RetryAfterDelay, RetryImmediately, NotApplicable}, c.Advice.Retry) {
				t.Errorf("Advice.Retry %q is not a known rule", c.Advice.Retry)
			}
			if c.IANAName != "" && c.IANAName == c.Phrase {
				t.Errorf("IANAName %q repeats Phrase; set it only when they differ", c.IANAName)
			}
			for _, a := range c.AlsoKnownAs {
				if a == "" || a == c.Phrase {
					t.Errorf("AlsoKnownAs entry %q is empty or repeats Phrase", a)
				}
			}
		})
	}
}

func checkOneSentence(t *testing.T, field, s string) {
	t.Helper()
	switch {
	case strings.TrimSpace(s) == "":
		t.Errorf("%s is empty", field)
	case !strings.HasSuffix(s, "."):
		t.Errorf("%s %q does not end with a full stop", field, s)
	case sentences(s) != 1:
		t.Errorf("%s %q should be one sentence", field, s)
	}
}

// sentences counts full stops that end a sentence: at the end of the text or
// followed by a space.
func sentences(s string) int {
	s = strings.TrimSpace(s)
	n := strings.Count(s, ". ")
	if strings.HasSuffix(s, ".") {
		n++
	}
	return n
}

func TestContentIsForbiddenExactlyFor1xx204205And304(t *testing.T) {
	t.Parallel()
	for _, c := range registry {
		want := c.Class() == Informational || c.Number == 204 || c.Number == 205 || c.Number == 304
		if c.ContentForbidden != want {
			t.Errorf("%s: ContentForbidden = %v, want %v (RFC 9110, 6.4.1)", c, c.ContentForbidden, want)
		}
	}
}

func TestHeuristicallyCacheableCodesAreThoseTheRFCsName(t *testing.T) {
	t.Parallel()
	// RFC 9110, 15.1 names these (308 included, from RFC 7538); RFC 7725, 3
	// makes 451 cacheable by default too.
	want := []int{200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 451, 501}
	for _, c := range registry {
		if c.Cacheable != slices.Contains(want, c.Number) {
			t.Errorf("%s: Cacheable = %v, want %v", c, c.Cacheable, !c.Cacheable)
		}
	}
}

// headerNameExceptions are field names whose registered spelling is not the
// textproto canonical form.
var headerNameExceptions = []string{"WWW-Authenticate", "ETag"}

func TestHeaderRulesAreWellFormed(t *testing.T) {
	t.Parallel()
	for _, c := range registry {
		seen := make(map[string]bool)
		for _, h := range c.Headers {
			if textproto.CanonicalMIMEHeaderKey(h.Name) != h.Name && !slices.Contains(headerNameExceptions, h.Name) {
				t.Errorf("%s: header %q is not in canonical form (%q)", c, h.Name, textproto.CanonicalMIMEHeaderKey(h.Name))
			}
			if !slices.Contains([]Level{Must, Should, May}, h.Level) {
				t.Errorf("%s: header %s has level %q", c, h.Name, h.Level)
			}
			if strings.TrimSpace(h.Note) == "" {
				t.Errorf("%s: header %s has no Note", c, h.Name)
			}
			if h.Spec.Title == "" || !strings.HasPrefix(h.Spec.URL, "https://") {
				t.Errorf("%s: header %s has no usable Spec (%+v)", c, h.Name, h.Spec)
			}
			if seen[h.Name] {
				t.Errorf("%s: header %s is listed twice", c, h.Name)
			}
			seen[h.Name] = true
			if h.Name == "Date" {
				t.Errorf("%s: Date is required of every response (RFC 9110, 6.6.1); do not list it per code", c)
			}
		}
	}
}

func TestProtocolRequirementsOnHeaderFields(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		code   int
		header string
		level  Level
	}{
		{"101 Switching Protocols MUST send Upgrade", 101, "Upgrade", Must},
		{"201 Created after POST SHOULD send Location", 201, "Location", Should},
		{"206 Partial Content MUST send Content-Range for a single part", 206, "Content-Range", Must},
		{"206 Partial Content MUST send Content-Type multipart/byteranges for several parts", 206, "Content-Type", Must},
		{"226 IM Used MUST send ETag", 226, "ETag", Must},
		{"300 Multiple Choices SHOULD send Location for a preferred choice", 300, "Location", Should},
		{"301 Moved Permanently SHOULD send Location", 301, "Location", Should},
		{"302 Found SHOULD send Location", 302, "Location", Should},
		{"303 See Other SHOULD send Location", 303, "Location", Should},
		{"304 Not Modified MUST send ETag a 200 would have sent", 304, "ETag", Must},
		{"304 Not Modified MUST send Cache-Control a 200 would have sent", 304, "Cache-Control", Must},
		{"304 Not Modified MUST send Vary a 200 would have sent", 304, "Vary", Must},
		{"307 Temporary Redirect SHOULD send Location", 307, "Location", Should},
		{"308 Permanent Redirect SHOULD send Location", 308, "Location", Should},
		{"401 Unauthorized MUST send WWW-Authenticate", 401, "WWW-Authenticate", Must},
		{"405 Method Not Allowed MUST send Allow", 405, "Allow", Must},
		{"407 Proxy Authentication Required MUST send Proxy-Authenticate", 407, "Proxy-Authenticate", Must},
		{"413 Content Too Large SHOULD send Retry-After when temporary", 413, "Retry-After", Should},
		{"416 Range Not Satisfiable SHOULD send Content-Range", 416, "Content-Range", Should},
		{"426 Upgrade Required MUST send Upgrade", 426, "Upgrade", Must},
		{"429 Too Many Requests MAY send Retry-After", 429, "Retry-After", May},
		{"451 Unavailable For Legal Reasons SHOULD send Link rel=blocked-by", 451, "Link", Should},
		{"503 Service Unavailable MAY send Retry-After", 503, "Retry-After", May},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustRegistryEntry(t, tt.code)
			h, ok := c.Header(tt.header)
			if !ok {
				t.Fatalf("%s has no rule for %s", c, tt.header)
			}
			if h.Level != tt.level {
				t.Errorf("%s %s: level %s, want %s", c, tt.header, h.Level, tt.level)
			}
		})
	}
}

func TestCodesWithNoHeaderRequirements(t *testing.T) {
	t.Parallel()
	// RFC 9110 asks for no header field with these; 204 in particular must
	// not grow a Content-Type or Content-Length rule.
	for _, n := range []int{200, 204, 400, 404, 500} {
		if c := mustRegistryEntry(t, n); len(c.Headers) != 0 {
			t.Errorf("%s lists header rules %v; the RFC states none", c, c.Headers)
		}
	}
}

func TestRedirectsDescribeHowToFollowThem(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		code int
		want RedirectRule
	}{
		{"301 is permanent and may turn POST into GET", 301, RedirectRule{Permanent: true, MethodRule: MayChangeToGET}},
		{"302 is temporary and may turn POST into GET", 302, RedirectRule{Permanent: false, MethodRule: MayChangeToGET}},
		{"303 is temporary and always follows with GET", 303, RedirectRule{Permanent: false, MethodRule: ChangeToGET}},
		{"307 is temporary and keeps method and content", 307, RedirectRule{Permanent: false, MethodRule: KeepMethod}},
		{"308 is permanent and keeps method and content", 308, RedirectRule{Permanent: true, MethodRule: KeepMethod}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustRegistryEntry(t, tt.code)
			if c.Redirect == nil {
				t.Fatalf("%s has no Redirect rule", c)
			}
			if *c.Redirect != tt.want {
				t.Errorf("%s: Redirect = %+v, want %+v", c, *c.Redirect, tt.want)
			}
			if h, ok := c.Header("Location"); !ok || h.Level == "" {
				t.Errorf("%s is followed via Location but has no Location rule", c)
			}
		})
	}
	t.Run("no other code is followed automatically", func(t *testing.T) {
		for _, c := range registry {
			if c.Redirect != nil && !slices.Contains([]int{301, 302, 303, 307, 308}, c.Number) {
				t.Errorf("%s has a Redirect rule; only 301, 302, 303, 307 and 308 are followed", c)
			}
		}
	})
}

func TestRetryAdvice(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		code       int
		retry      RetryRule
		idempotent bool
		retryAfter bool
	}{
		{"404 Not Found will not change on retry", 404, NoRetry, false, false},
		{"410 Gone will not change on retry", 410, NoRetry, false, false},
		{"501 Not Implemented will not change on retry", 501, NoRetry, false, false},
		{"401 Unauthorized needs credentials first", 401, RetryAfterChange, false, false},
		{"409 Conflict needs the conflict resolved first", 409, RetryAfterChange, false, false},
		{"412 Precondition Failed needs fresh validators first", 412, RetryAfterChange, false, false},
		{"428 Precondition Required needs a conditional request", 428, RetryAfterChange, false, false},
		{"413 Content Too Large needs smaller content or the Retry-After wait", 413, RetryAfterChange, false, true},
		{"505 HTTP Version Not Supported needs another version", 505, RetryAfterChange, false, false},
		{"408 Request Timeout retries at once on a new connection, idempotent only", 408, RetryImmediately, true, false},
		{"421 Misdirected Request retries at once on another connection", 421, RetryImmediately, false, false},
		{"425 Too Early retries after the TLS handshake", 425, RetryAfterDelay, false, false},
		{"429 Too Many Requests waits for Retry-After", 429, RetryAfterDelay, false, true},
		{"500 Internal Server Error retries idempotent requests later", 500, RetryAfterDelay, true, false},
		{"502 Bad Gateway retries idempotent requests later", 502, RetryAfterDelay, true, false},
		{"503 Service Unavailable waits for Retry-After, idempotent only", 503, RetryAfterDelay, true, true},
		{"504 Gateway Timeout retries idempotent requests later", 504, RetryAfterDelay, true, false},
		{"499 Client Closed Request has nobody to advise", 499, NotApplicable, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := mustRegistryEntry(t, tt.code).Advice
			if a.Retry != tt.retry || a.IdempotentOnly != tt.idempotent || a.HonourRetryAfter != tt.retryAfter {
				t.Errorf("%d: Advice = {%s idempotent-only:%v honour-retry-after:%v}, want {%s %v %v}",
					tt.code, a.Retry, a.IdempotentOnly, a.HonourRetryAfter, tt.retry, tt.idempotent, tt.retryAfter)
			}
		})
	}
	t.Run("1xx 2xx and 3xx responses are not retried", func(t *testing.T) {
		for _, c := range registry {
			if c.Class() <= Redirection && c.Advice.Retry != NotApplicable {
				t.Errorf("%s: Advice.Retry = %q, want %q", c, c.Advice.Retry, NotApplicable)
			}
		}
	})
	t.Run("a code that can carry Retry-After tells clients to honour it", func(t *testing.T) {
		for _, c := range registry {
			if _, ok := c.Header("Retry-After"); ok && !c.Advice.HonourRetryAfter {
				t.Errorf("%s has a Retry-After rule but Advice.HonourRetryAfter is false", c)
			}
		}
	})
}

func Test418IsATeapotThatIANAReserves(t *testing.T) {
	t.Parallel()
	c := mustRegistryEntry(t, 418)
	if c.Phrase != "I'm a teapot" || c.IANAName != "(Unused)" || c.Standing != Unused {
		t.Errorf("418 = {%q, IANA %q, %s}, want {\"I'm a teapot\", IANA \"(Unused)\", unused}", c.Phrase, c.IANAName, c.Standing)
	}
	if c.Spec != rfc("9110", "15.5.19") {
		t.Errorf("418 Spec = %v, want RFC 9110, 15.5.19", c.Spec)
	}
	for _, story := range []string{"RFC 2324", "RFC 7168", "15.5.19"} {
		if !strings.Contains(c.Description, story) {
			t.Errorf("418 Description does not mention %s", story)
		}
	}
}

func TestOlderPhrasesAreKnownAliases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code  int
		alias string
	}{
		{302, "Moved Temporarily"},
		{306, "Switch Proxy"},
		{413, "Request Entity Too Large"},
		{413, "Payload Too Large"},
		{414, "Request-URI Too Long"},
		{416, "Requested Range Not Satisfiable"},
		{422, "Unprocessable Entity"},
		{499, "Token Required"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d was %s", tt.code, tt.alias), func(t *testing.T) {
			if c := mustRegistryEntry(t, tt.code); !slices.Contains(c.AlsoKnownAs, tt.alias) {
				t.Errorf("%s: AlsoKnownAs %q lacks %q", c, c.AlsoKnownAs, tt.alias)
			}
		})
	}
}

func TestEveryClassHasItsX00Code(t *testing.T) {
	t.Parallel()
	// Unassigned numbers are served with the meaning of their class's x00
	// (RFC 9110, 15), so those five entries must exist.
	for n := 100; n <= 500; n += 100 {
		if c, ok := registryEntry(n); !ok || !c.Registered() {
			t.Errorf("%d is missing or not registered", n)
		}
	}
}

// TestRegistryRFCSpecsHaveTheOneForm: the table writes RFC Specs as
// literals (see rfc); each must be exactly what rfc builds, in the Spec of
// the code and in each header rule's.
func TestRegistryRFCSpecsHaveTheOneForm(t *testing.T) {
	t.Parallel()
	check := func(where string, s Spec) {
		number, ok := strings.CutPrefix(s.Title, "RFC ")
		if !ok {
			return
		}
		if want := rfc(number, s.Section); s != want {
			t.Errorf("%s: %+v, want %+v (the form rfc builds)", where, s, want)
		}
	}
	for _, c := range registry {
		check(strconv.Itoa(c.Number), c.Spec)
		for _, h := range c.Headers {
			check(strconv.Itoa(c.Number)+" "+h.Name, h.Spec)
		}
	}
}
