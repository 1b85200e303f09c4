package reference

import (
	"strconv"
	"strings"

	"github.com/statuskit/statuskit/status"
)

// indexData is what the list page shows (writeIndexPage).
type indexData struct {
	// Base is the path the site is mounted under ("" at the root); every
	// link starts with it.
	Base   string
	Assets assetURLs
	Title  string
	// HeaderSearch puts a search box in the header; the list page has
	// its own.
	HeaderSearch bool
	Query        string
	Total        int
	Shown        int
	Best         *status.Code
	Classes      []classGroup
	// Examples are searches offered under the box.
	Examples []string
}

// classGroup is one section of the list.
type classGroup struct {
	ID     string // "c4xx", the anchor
	Label  string // "4xx"
	Name   string // "Client Error"
	Items  []item
	Shown  int
	Hidden bool
}

// item is one code in the list, with the words the page's script
// searches.
type item struct {
	status.Code
	Note   string
	Hidden bool
	// Search is the code's search words, space-separated.
	Search string
	// Names are the squashed number, phrase and aliases, for exact
	// matches.
	Names string
}

var classes = []status.Class{status.Informational, status.Successful, status.Redirection, status.ClientError, status.ServerError}

func newIndexData(q Query, base string, urls assetURLs) indexData {
	all := status.All()
	d := indexData{
		Base:     base,
		Assets:   urls.under(base),
		Title:    "HTTP status codes",
		Query:    q.String(),
		Total:    len(all),
		Examples: []string{"retry", "redirect", "4xx auth", "cache", "nginx"},
	}
	var matches []status.Code
	for _, cl := range classes {
		g := classGroup{ID: "c" + cl.String(), Label: cl.String(), Name: cl.Name()}
		for _, c := range status.InClass(cl) {
			ok := q.Match(c)
			if ok {
				matches = append(matches, c)
				g.Shown++
			}
			var sq []string
			for _, n := range names(c) {
				if s := status.Squash(n); s != "" {
					sq = append(sq, s)
				}
			}
			g.Items = append(g.Items, item{
				Code: c, Note: standingNote(c), Hidden: !ok,
				Search: strings.Join(searchTokens(c), " "),
				Names:  strings.Join(sq, " "),
			})
		}
		g.Hidden = g.Shown == 0
		d.Classes = append(d.Classes, g)
	}
	d.Shown = len(matches)
	if best, ok := q.Best(matches); ok {
		d.Best = &best
	}
	if !q.Empty() {
		d.Title = q.String() + " — HTTP status codes"
	}
	return d
}

// codeData is what a code's page shows (writeCodePage).
type codeData struct {
	Base         string
	Assets       assetURLs
	Title        string
	HeaderSearch bool
	Code         status.Code
	Note         string
	Class        string
	// Equivalent is, for an unassigned number, the code a client treats
	// it as.
	Equivalent  *status.Code
	Required    []status.HeaderRule
	Recommended []status.HeaderRule
	Facts       []fact
	Retry       string
	Examples    []example
	TryPath     string
	Interim     bool
	Redirect    bool
	Prev, Next  *status.Code
}

// example is one copy-able command.
type example struct {
	Title   string
	Command string
}

// headerExamples show off a code's header rules with the modifier that
// sets the field: the data decides which examples a page gets, the same
// way the server's behaviour follows the registry.
// A 405's Allow must not list the method it refuses (RFC 9110, 15.5.6),
// so its example refuses a method the list leaves out.
var headerExamples = map[string]struct{ title, query, flags string }{
	"Retry-After": {"choose the Retry-After value", "retry-after=120", ""},
	"Location":    {"choose where it points", "location=/201", ""},
	"Allow":       {"choose the Allow field", "allow=GET,HEAD", "-X DELETE "},
}

func newCodeData(c status.Code, origin, base string, urls assetURLs) codeData {
	num := strconv.Itoa(c.Number)
	d := codeData{
		Base: base, Assets: urls.under(base), Title: c.String(), HeaderSearch: true, Code: c, Note: standingNote(c), Class: c.Class().String() + " " + c.Class().Name(),
		Required: c.RequiredHeaders(), Recommended: c.RecommendedHeaders(),
		Facts: facts(c), Retry: retryText[c.Advice.Retry],
		TryPath: base + "/" + num, Interim: c.Class() == status.Informational, Redirect: c.Redirect != nil,
	}
	if c.Standing == status.Unassigned {
		eq := status.MustLookup(c.Equivalent())
		d.Equivalent = &eq
	}
	url := origin + base + "/" + num
	d.Examples = []example{
		{"See the status line and headers", "curl -i " + url},
		{"Ask for a JSON body", "curl -i -H 'Accept: application/json' " + url},
	}
	for _, h := range c.Headers {
		if ex, ok := headerExamples[h.Name]; ok {
			cmd := "curl -i " + ex.flags + "'" + url + "?" + ex.query + "'"
			if h.Name == "Location" && c.Redirect != nil {
				cmd = "curl -iL '" + url + "?" + ex.query + "'"
			}
			d.Examples = append(d.Examples, example{"With " + h.Name + ": " + ex.title, cmd})
		}
	}
	d.Examples = append(d.Examples,
		example{"Wait before answering", "curl -i '" + url + "?sleep=500ms'"},
		example{"This page's data as JSON", "curl " + origin + base + "/codes/" + num},
	)
	all := status.All()
	for i, k := range all {
		switch {
		case k.Number < c.Number:
			d.Prev = &all[i]
		case k.Number > c.Number && d.Next == nil:
			d.Next = &all[i]
		}
	}
	return d
}
