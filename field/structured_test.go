package field

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseSFListReadsEveryBareItemType(t *testing.T) {
	for _, tc := range []struct {
		lines []string
		want  SFList
		out   string // FormatSFList of the result
	}{
		{[]string{`"default";q=100;w=60`},
			SFList{{Value: "default", Params: SFParams{{"q", int64(100)}, {"w", int64(60)}}}},
			`"default";q=100;w=60`},
		// RFC 9651, 3.1: a List split over field lines.
		{[]string{"sugar, tea", "rum"},
			SFList{{Value: SFToken("sugar")}, {Value: SFToken("tea")}, {Value: SFToken("rum")}},
			"sugar, tea, rum"},
		{[]string{`("foo" "bar"), ("baz"), ("bat" "one"), ()`},
			SFList{
				{Value: SFInnerList{{Value: "foo"}, {Value: "bar"}}},
				{Value: SFInnerList{{Value: "baz"}}},
				{Value: SFInnerList{{Value: "bat"}, {Value: "one"}}},
				{Value: SFInnerList{}},
			},
			`("foo" "bar"), ("baz"), ("bat" "one"), ()`},
		{[]string{`("foo"; a=1;b=2);lvl=5, ("bar" "baz");lvl=1`},
			SFList{
				{Value: SFInnerList{{Value: "foo", Params: SFParams{{"a", int64(1)}, {"b", int64(2)}}}}, Params: SFParams{{"lvl", int64(5)}}},
				{Value: SFInnerList{{Value: "bar"}, {Value: "baz"}}, Params: SFParams{{"lvl", int64(1)}}},
			},
			`("foo";a=1;b=2);lvl=5, ("bar" "baz");lvl=1`},
		{[]string{`abc;a=1;b=2; cde_456, (ghi;jk=4 l);q="9";r=w`},
			SFList{
				{Value: SFToken("abc"), Params: SFParams{{"a", int64(1)}, {"b", int64(2)}, {"cde_456", true}}},
				{Value: SFInnerList{{Value: SFToken("ghi"), Params: SFParams{{"jk", int64(4)}}}, {Value: SFToken("l")}},
					Params: SFParams{{"q", "9"}, {"r", SFToken("w")}}},
			},
			`abc;a=1;b=2;cde_456, (ghi;jk=4 l);q="9";r=w`},
		{[]string{`-42, 999999999999999, 4.5, -0.001, 123456789012.123, 1.50`},
			SFList{{Value: int64(-42)}, {Value: int64(999999999999999)}, {Value: SFDecimal(4500)}, {Value: SFDecimal(-1)},
				{Value: SFDecimal(123456789012123)}, {Value: SFDecimal(1500)}},
			`-42, 999999999999999, 4.5, -0.001, 123456789012.123, 1.5`},
		{[]string{`"hello \"world\" \\", ""`}, SFList{{Value: `hello "world" \`}, {Value: ""}}, `"hello \"world\" \\", ""`},
		{[]string{`foo123/456, *tok:en`}, SFList{{Value: SFToken("foo123/456")}, {Value: SFToken("*tok:en")}}, `foo123/456, *tok:en`},
		{[]string{`:cHJldGVuZCB0aGlzIGlzIGJpbmFyeSBjb250ZW50Lg==:, ::`},
			SFList{{Value: []byte("pretend this is binary content.")}, {Value: []byte{}}},
			`:cHJldGVuZCB0aGlzIGlzIGJpbmFyeSBjb250ZW50Lg==:, ::`},
		{[]string{`:cHJldGVuZA:`}, SFList{{Value: []byte("pretend")}}, `:cHJldGVuZA==:`}, // padding synthesized (4.2.7)
		{[]string{`?1, ?0;a=?0`}, SFList{{Value: true}, {Value: false, Params: SFParams{{"a", false}}}}, `?1, ?0;a=?0`},
		{[]string{`@1659578233, @-1`}, SFList{{Value: SFDate(1659578233)}, {Value: SFDate(-1)}}, `@1659578233, @-1`},
		{[]string{`%"This is intended for display to %c3%bcsers."`},
			SFList{{Value: SFDisplayString("This is intended for display to üsers.")}},
			`%"This is intended for display to %c3%bcsers."`},
		{[]string{`a;x=1;y=2;x=3`}, SFList{{Value: SFToken("a"), Params: SFParams{{"x", int64(3)}, {"y", int64(2)}}}}, `a;x=3;y=2`},
		{[]string{"  1 ,\t2"}, SFList{{Value: int64(1)}, {Value: int64(2)}}, `1, 2`},
		{[]string{""}, nil, ""},
		{nil, nil, ""},
	} {
		got, err := ParseSFList("X", tc.lines)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseSFList(%q) = %#v, %v\nwant %#v", tc.lines, got, err, tc.want)
			continue
		}
		out, err := FormatSFList(got)
		if err != nil || out != tc.out {
			t.Errorf("FormatSFList(ParseSFList(%q)) = %q, %v; want %q (RFC 9651, 4.1)", tc.lines, out, err, tc.out)
		}
	}
}

func TestParseSFListFailsTheWholeField(t *testing.T) {
	// RFC 9651, 4.2: any parse error fails the field.
	for _, tc := range []struct {
		lines []string
		why   string
	}{
		{[]string{`1,`}, "a comma ends the List"},
		{[]string{`1,,2`}, "does not start"},
		{[]string{"1", "", "2"}, "does not start"}, // an empty line is an empty member
		{[]string{`1 2`}, "separated by commas"},
		{[]string{"\t1"}, "does not start"},
		{[]string{`1000000000000000`}, "more than 15 digits"},
		{[]string{`1234567890123.1`}, "more than 12 integer digits"},
		{[]string{`1.1234`}, "more than 3 fractional"},
		{[]string{`1.`}, `ends with "."`},
		{[]string{`-`}, "no digits"},
		{[]string{`-a`}, "no digits"},
		{[]string{`"abc`}, "not closed"},
		{[]string{`"a\b"`}, "escapes only"},
		{[]string{"\"caf\xc3\xa9\""}, "printable ASCII"},
		{[]string{`:abc`}, "not closed"},
		{[]string{`:a=bc:`}, "padding"},
		{[]string{`:a===:`}, "padding"},
		{[]string{`:a$:`}, "only base64"},
		{[]string{`:a:`}, "not valid base64"},
		{[]string{`?2`}, "?0 or ?1"},
		{[]string{`@1.5`}, "a Date is @ and an Integer"},
		{[]string{`%"a`}, "not closed"},
		{[]string{`%"%C3%BC"`}, "lower-case hex"},
		{[]string{`%"%ff"`}, "UTF-8"},
		{[]string{`%a`}, `starts with %"`},
		{[]string{`a;A=1`}, "lower-case letter"},
		{[]string{`a;1=1`}, "lower-case letter"},
		{[]string{`a;b=`}, "missing"},
		{[]string{`(1 2 `}, "not closed"},
		{[]string{`(1 2`}, `ends with ")"`},
		{[]string{`(1,2)`}, "separated by spaces"},
		{[]string{`((1))`}, "does not start"},
		{[]string{`a;b=(1)`}, "does not start"},
		{[]string{`{}`}, "does not start"},
		{[]string{strings.Repeat("1,", MaxSFMembers) + "1"}, "more than 1024 members"},
		{[]string{"(" + strings.Repeat("1 ", MaxSFInnerItems+1) + ")"}, "more than 256 Items"},
		{[]string{"a" + strings.Repeat(";k", 1) + func() string {
			var b strings.Builder
			for i := 0; i <= MaxSFParams; i++ {
				b.WriteString(";k")
				b.WriteString(strings.Repeat("a", i%20))
				b.WriteString(string(rune('a' + i%26)))
				b.WriteString(string(rune('a' + i/26)))
			}
			return b.String()
		}()}, "more than 256 parameters"},
		{[]string{"a;" + strings.Repeat("k", MaxSFKeyLength+1)}, "longer than 64"},
		{[]string{`"` + strings.Repeat("s", MaxSFStringLength+1) + `"`}, "longer than 1024"},
		{[]string{strings.Repeat("t", MaxSFTokenLength+1)}, "longer than 512"},
		{[]string{":" + strings.Repeat("AAAA", MaxSFByteSequenceLength/3+2) + ":"}, "longer than 16384"},
	} {
		_, err := ParseSFList("X-Test", tc.lines)
		if err == nil || !strings.Contains(err.Error(), tc.why) || !strings.HasPrefix(err.Error(), "X-Test: ") || !strings.Contains(err.Error(), "RFC 9651") {
			t.Errorf("ParseSFList(%.40q) error = %v; want one mentioning %q", tc.lines, err, tc.why)
		}
	}
}

func TestFormatSFListRejectsWhatRFC9651CannotExpress(t *testing.T) {
	for _, tc := range []struct {
		list SFList
		why  string
	}{
		{SFList{{Value: int64(1_000_000_000_000_000)}}, "outside"},
		{SFList{{Value: SFDecimal(1_000_000_000_000_000)}}, "12 integer digits"},
		{SFList{{Value: "caf\u00e9"}}, "not printable ASCII"},
		{SFList{{Value: "a\nb"}}, "not printable ASCII"},
		{SFList{{Value: SFToken("1abc")}}, "not a Structured Field Token"},
		{SFList{{Value: SFToken("")}}, "not a Structured Field Token"},
		{SFList{{Value: SFToken("a b")}}, "not a Structured Field Token"},
		{SFList{{Value: SFDisplayString("\xff")}}, "not valid UTF-8"},
		{SFList{{Value: SFDate(1e16)}}, "outside"},
		{SFList{{Value: 3}}, "int is not a Structured Field bare item"},
		{SFList{{Value: nil}}, "missing"},
		{SFList{{Value: SFInnerList{{Value: SFInnerList{}}}}}, "not a Structured Field bare item"},
		{SFList{{Value: int64(1), Params: SFParams{{"A", true}}}}, "not a Structured Field key"},
		{SFList{{Value: int64(1), Params: SFParams{{"a", true}, {"a", false}}}}, "appears twice"},
		{SFList{{Value: int64(1), Params: SFParams{{"a", SFInnerList{}}}}}, "not a Structured Field bare item"},
		{make(SFList, MaxSFMembers+1), "more than 1024"},
	} {
		_, err := FormatSFList(tc.list)
		if err == nil || !strings.Contains(err.Error(), tc.why) {
			t.Errorf("FormatSFList(%.60v) error = %v; want one mentioning %q", tc.list, err, tc.why)
		}
	}
}

func TestSFDecimalString(t *testing.T) {
	for _, tc := range []struct {
		d    SFDecimal
		want string
	}{{0, "0.0"}, {1, "0.001"}, {-1500, "-1.5"}, {1230, "1.23"}, {999999999999999, "999999999999.999"}} {
		if got := tc.d.String(); got != tc.want {
			t.Errorf("SFDecimal(%d) = %q, want %q (RFC 9651, 4.1.5)", int64(tc.d), got, tc.want)
		}
	}
}

func TestSFParamsGet(t *testing.T) {
	p := SFParams{{"q", int64(1)}, {"w", true}}
	if v, ok := p.Get("w"); !ok || v != true {
		t.Errorf("Get(w) = %v, %v", v, ok)
	}
	if _, ok := p.Get("x"); ok {
		t.Error("Get(x) found a parameter")
	}
}

func TestParseSFListReplacesRepeatedParametersInPlace(t *testing.T) {
	// RFC 9651, 4.2.3.2: a repeated key overwrites the earlier value and
	// keeps its position, however many parameters there are.
	var in strings.Builder
	in.WriteString("a")
	for i := 0; i < 20; i++ {
		in.WriteString(";k" + string(rune('a'+i)) + "=1")
	}
	in.WriteString(";kc=2;kt=3;new")
	l, err := ParseSFList("X", []string{in.String()})
	if err != nil {
		t.Fatal(err)
	}
	p := l[0].Params
	if len(p) != 21 || p[2].Key != "kc" || p[2].Value != int64(2) || p[19].Value != int64(3) || p[20].Key != "new" {
		t.Errorf("params = %v", p)
	}
}

func TestParseSFListAcceptsEverySizeRFC9651Requires(t *testing.T) {
	// RFC 9651, 3: parsers MUST support at least these sizes.
	var params strings.Builder
	for i := 0; i < MaxSFParams; i++ {
		params.WriteString(";k" + strings.Repeat("x", i/26) + string(rune('a'+i%26)))
	}
	for _, in := range []string{
		strings.Repeat("1, ", MaxSFMembers-1) + "1",
		"(" + strings.Repeat("1 ", MaxSFInnerItems) + ")",
		"a" + params.String(),
		"a;" + strings.Repeat("k", MaxSFKeyLength),
		`"` + strings.Repeat("s", MaxSFStringLength) + `"`,
		strings.Repeat("t", MaxSFTokenLength),
		":" + strings.Repeat("AAAA", MaxSFByteSequenceLength/3) + "AA==:",
	} {
		l, err := ParseSFList("X", []string{in})
		if err != nil {
			t.Errorf("ParseSFList(%.30q...) = %v; RFC 9651, 3 requires it", in, err)
			continue
		}
		if _, err := FormatSFList(l); err != nil {
			t.Errorf("FormatSFList(ParseSFList(%.30q...)) = %v", in, err)
		}
	}
}
