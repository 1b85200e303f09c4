package field

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestParseLinks(t *testing.T) {
	for _, tc := range []struct {
		lines []string
		want  []Link
		out   string
	}{
		{[]string{`</style.css>; rel="preload"; as=style`},
			[]Link{{Target: "/style.css", Params: []LinkParam{{"rel", "preload", true}, {"as", "style", true}}}},
			`</style.css>; rel="preload"; as=style`},
		// RFC 8288, 3.5 examples.
		{[]string{`<http://example.com/TheBook/chapter2>; rel="previous"; title="previous chapter"`},
			[]Link{{Target: "http://example.com/TheBook/chapter2", Params: []LinkParam{{"rel", "previous", true}, {"title", "previous chapter", true}}}},
			`<http://example.com/TheBook/chapter2>; rel="previous"; title="previous chapter"`},
		{[]string{`</TheBook/chapter2>; rel="previous"; title*=UTF-8'de'letztes%20Kapitel, </TheBook/chapter4>; rel="next"; title*=UTF-8'de'n%c3%a4chstes%20Kapitel`},
			[]Link{
				{Target: "/TheBook/chapter2", Params: []LinkParam{{"rel", "previous", true}, {"title*", "UTF-8'de'letztes%20Kapitel", true}}},
				{Target: "/TheBook/chapter4", Params: []LinkParam{{"rel", "next", true}, {"title*", "UTF-8'de'n%c3%a4chstes%20Kapitel", true}}},
			},
			`</TheBook/chapter2>; rel="previous"; title*=UTF-8'de'letztes%20Kapitel, </TheBook/chapter4>; rel="next"; title*=UTF-8'de'n%c3%a4chstes%20Kapitel`},
		{[]string{`<http://example.org/>; rel="start http://example.net/relation/other"`},
			[]Link{{Target: "http://example.org/", Params: []LinkParam{{"rel", "start http://example.net/relation/other", true}}}},
			`<http://example.org/>; rel="start http://example.net/relation/other"`},
		// Commas and semicolons inside <> and quotes; several lines;
		// BWS around "="; a parameter without a value; empty elements.
		{[]string{`<https://a.example/x,y;z>;REL = "a,b;c" ; crossorigin`, ` , <b>;rel=next,`},
			[]Link{
				{Target: "https://a.example/x,y;z", Params: []LinkParam{{"rel", "a,b;c", true}, {"crossorigin", "", false}}},
				{Target: "b", Params: []LinkParam{{"rel", "next", true}}},
			},
			`<https://a.example/x,y;z>; rel="a,b;c"; crossorigin, <b>; rel="next"`},
		{[]string{`<>`}, []Link{{Target: ""}}, `<>`},
		{[]string{`<a>;;rel=x;`}, []Link{{Target: "a", Params: []LinkParam{{"rel", "x", true}}}}, `<a>; rel="x"`},
		{nil, nil, ""},
	} {
		got, err := ParseLinks(tc.lines)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseLinks(%q) = %+v, %v\nwant %+v", tc.lines, got, err, tc.want)
			continue
		}
		out, err := FormatLinks(got)
		if err != nil || out != tc.out {
			t.Errorf("FormatLinks(ParseLinks(%q)) = %q, %v; want %q", tc.lines, out, err, tc.out)
		}
	}
}

func TestParseLinksRejectsMalformedLinks(t *testing.T) {
	for _, tc := range []struct {
		lines []string
		why   string
	}{
		{[]string{`/style.css; rel=preload`}, "angle brackets"},
		{[]string{`</style.css; rel=preload`}, "not closed"},
		{[]string{`</a b>; rel=x`}, "whitespace"},
		{[]string{`</a> rel=x`}, `where ";" or "," belongs`},
		{[]string{`</a>; rel="x`}, "unterminated"},
		{[]string{`</a>; rel=`}, "has no value"},
		{[]string{`</a>; =x`}, "parameter name"},
		{[]string{`</a>; rel=x y`}, `where ";" or "," belongs`},
		{[]string{strings.Repeat("<a>,", MaxListMembers+1)}, "more than 1024"},
	} {
		_, err := ParseLinks(tc.lines)
		if err == nil || !strings.Contains(err.Error(), tc.why) || !strings.HasPrefix(err.Error(), "Link: ") || !strings.Contains(err.Error(), "RFC 8288") && !strings.Contains(err.Error(), "1024") {
			t.Errorf("ParseLinks(%.30q) error = %v; want one mentioning %q", tc.lines, err, tc.why)
		}
	}
}

func TestLinkRelAndParam(t *testing.T) {
	links, err := ParseLinks([]string{`</f.woff2>; rel="Preload prefetch"; as=font; rel=ignored; crossorigin`})
	if err != nil {
		t.Fatal(err)
	}
	l := links[0]
	// Only the first rel counts (RFC 8288, 3.3).
	if !slices.Equal(l.Rel(), []string{"Preload", "prefetch"}) || !l.HasRel("preload") || l.HasRel("ignored") {
		t.Errorf("Rel = %q", l.Rel())
	}
	if v, ok := l.Param("AS"); !ok || v != "font" {
		t.Errorf("Param(AS) = %q, %v", v, ok)
	}
	if v, ok := l.Param("crossorigin"); !ok || v != "" {
		t.Errorf("Param(crossorigin) = %q, %v", v, ok)
	}
	if _, ok := l.Param("media"); ok {
		t.Error("Param(media) found")
	}
}

func TestFormatLinksRejectsWhatCannotBeWritten(t *testing.T) {
	for _, l := range []Link{
		{Target: "/a b"},
		{Target: "/a>"},
		{Target: "/a", Params: []LinkParam{{"r el", "x", true}}},
		{Target: "/a", Params: []LinkParam{{"rel", "x\ny", true}}},
	} {
		if _, err := FormatLinks([]Link{l}); err == nil {
			t.Errorf("FormatLinks(%+v) = nil error", l)
		}
	}
}
