package reference

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/status"
)

// The registry's surface: the reference page (GET /), the JSON API (GET
// /codes, GET /codes/{code}) and the page's assets. The handlers route,
// validate and negotiate; the rest of the package renders.

// negotiateAPI is reply.Negotiate for the JSON API: JSON unless the client
// prefers HTML or plain text, so `curl /codes` gets JSON.
func negotiateAPI(accept string) reply.Format {
	if accept == "" || accept == "*/*" {
		return reply.JSON
	}
	return reply.Negotiate(accept)
}

// apiError is an error of the JSON API, in the API's default format: JSON
// for clients that did not say what they accept.
func apiError(r *http.Request, err error) error {
	if a := r.Header.Get("Accept"); a == "" || a == "*/*" {
		r.Header.Set("Accept", "application/json")
	}
	return err
}

var varyAccept = []string{"Accept"}

// Home serves GET /: the reference page for browsers, the list as text
// for curl, JSON for JSON clients. ?q= filters it. Other parameters are
// ignored: this is a page people share links to, and the links pick up
// tracking parameters.
func (s *Site) Home(w http.ResponseWriter, r *http.Request) error {
	text := r.URL.Query().Get("q")
	if err := checkSearch(text); err != nil {
		return err
	}
	q := ParseQuery(text)
	w.Header()["Vary"] = varyAccept
	switch f := reply.Negotiate(r.Header.Get("Accept")); {
	case f == reply.HTML:
		s.ServeIndex(w, r, q)
	case f.JSONLike():
		s.writeList(w, r, q, reply.JSON)
	default:
		base := reply.Base(r)
		body := "statuskit: every HTTP status code. " + base + "/{code} answers with that code (try " + base + "/503); " +
			base + "/codes/{code} explains it; " + base + "/codes is this list as JSON; browsers get the reference page here.\n\n"
		ServeBytes(w, r, append([]byte(body), TextList(q.Filter(status.All()))...), reply.Text.ContentType())
	}
	return nil
}

// listParams are the query parameters of GET /codes.
var listParams = []string{"class", "q", "standing"}

// standings a ?standing= may name.
var standings = []status.Standing{status.Official, status.Unofficial, status.Deprecated, status.Unused, status.Historic}

// Codes serves GET /codes: the registry, filtered by ?class=, ?q= and
// ?standing=, as JSON (the default), the reference page (browsers) or
// text.
func (s *Site) Codes(w http.ResponseWriter, r *http.Request) error {
	params, err := param.Query(r, "/codes", listParams, nil)
	if err != nil {
		return apiError(r, err)
	}
	text := params.Get("q")
	if err := checkSearch(text); err != nil {
		return apiError(r, err)
	}
	if params.Has("class") {
		class, err := status.ParseClass(params.Get("class"))
		if err != nil {
			return apiError(r, param.Errorf("?class=%v, e.g. %s/codes?class=4xx", err, reply.Base(r)))
		}
		// The search grammar has class words, so ?class=4xx&q=auth
		// is the search "4xx auth" and the page can show it.
		text = strings.TrimSpace(class.String() + " " + text)
	}
	q := ParseQuery(text)
	f := negotiateAPI(r.Header.Get("Accept"))
	if params.Has("standing") {
		st := params.Get("standing")
		if !validStanding(st) {
			return apiError(r, param.Errorf("?standing=%q is not a standing: use one of %s, e.g. %s/codes?standing=unofficial", param.Clip(st, 40), joinStandings(), reply.Base(r)))
		}
		if f == reply.HTML {
			// The page filters by its search box alone; standing is
			// one of the words it searches.
			q = ParseQuery(text + " " + st)
		} else {
			s.writeList(w, r, q, f, status.Standing(st))
			return nil
		}
	}
	if f == reply.HTML {
		s.ServeIndex(w, r, q)
		return nil
	}
	s.writeList(w, r, q, f)
	return nil
}

// checkSearch refuses searches longer than MaxQueryLength.
func checkSearch(q string) error {
	if len(q) > MaxQueryLength {
		return param.Errorf("?q= is %d bytes; a search is at most %d, a few words such as ?q=rate+limit", len(q), MaxQueryLength)
	}
	return nil
}

func validStanding(st string) bool {
	for _, s := range standings {
		if string(s) == st {
			return true
		}
	}
	return false
}

func joinStandings() string {
	names := make([]string, len(standings))
	for i, s := range standings {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// fullList is GET /codes unfiltered, prepared once: the registry does not
// change while the process runs, and it is the API's largest answer.
var fullList = sync.OnceValues(func() (Page, Page) {
	all := status.All()
	return NewPage(JSON(NewList(all)), reply.JSON.ContentType()),
		NewPage(TextList(all), reply.Text.ContentType())
})

// writeList answers with the codes q matches, in numeric order, keeping
// only the given standings if any.
func (s *Site) writeList(w http.ResponseWriter, r *http.Request, q Query, f reply.Format, only ...status.Standing) {
	w.Header()["Vary"] = varyAccept
	if q.Empty() && len(only) == 0 {
		asJSON, asText := fullList()
		if f == reply.Text {
			ServePage(w, r, asText)
		} else {
			ServePage(w, r, asJSON)
		}
		return
	}
	var codes []status.Code
	for _, c := range q.Filter(status.All()) {
		if len(only) == 0 || c.Standing == only[0] {
			codes = append(codes, c)
		}
	}
	if f == reply.Text {
		ServeBytes(w, r, TextList(codes), reply.Text.ContentType())
		return
	}
	ServeBytes(w, r, JSON(NewList(codes)), reply.JSON.ContentType())
}

// CodeInfo serves GET /codes/{code}: one code's entry as JSON (the
// default), its page (browsers) or text. A phrase or slug
// (/codes/not-found) redirects to the number, and a class (/codes/4xx) to
// the filtered list.
func (s *Site) CodeInfo(w http.ResponseWriter, r *http.Request) error {
	if _, err := param.Query(r, "/codes/{code}", nil, nil); err != nil {
		return apiError(r, err)
	}
	text := r.PathValue("code")
	c, err := findCode(text, reply.Base(r))
	var moved *movedError
	switch {
	case errors.As(err, &moved):
		return apiError(r, &reply.Error{Status: http.StatusMovedPermanently, Message: moved.message,
			Fields: []reply.Field{{Name: "Location", Value: reply.Link(r, moved.location)}}})
	case errors.Is(err, status.ErrNotFound):
		return apiError(r, reply.Errorf(http.StatusNotFound, "%v", err))
	case err != nil:
		return apiError(r, err)
	}
	w.Header()["Vary"] = varyAccept
	switch f := negotiateAPI(r.Header.Get("Accept")); {
	case f == reply.HTML:
		s.ServeCode(w, r, c, origin(r))
	case f == reply.Text:
		ServeBytes(w, r, Text(c), reply.Text.ContentType())
	default:
		ServeBytes(w, r, JSON(c), reply.JSON.ContentType())
	}
	return nil
}

// movedError says that a name for a code lives at another URL.
type movedError struct{ location, message string }

func (e *movedError) Error() string { return e.message }

// findCode reads the {code} of /codes/{code}: three digits from 100 to
// 599, else a phrase or class to redirect to. The paths its messages name
// are under base (reply.Base); a movedError's location is not, as
// reply.Link puts it there.
func findCode(text, base string) (status.Code, error) {
	if param.Digits(text) {
		n, err := param.Code(text, base+"/codes/")
		if err != nil {
			return status.Code{}, err
		}
		return status.MustLookup(n), nil
	}
	if class, err := status.ParseClass(text); err == nil && strings.HasSuffix(strings.ToLower(text), "xx") {
		return status.Code{}, &movedError{
			location: "/codes?class=" + class.String(),
			message:  fmt.Sprintf("%s is a class; its codes are listed at %s/codes?class=%s", class, base, class),
		}
	}
	c, err := status.Find(text)
	if err != nil {
		return status.Code{}, err
	}
	return status.Code{}, &movedError{
		location: "/codes/" + strconv.Itoa(c.Number),
		message:  fmt.Sprintf("%q is %s, which lives at %s/codes/%d", param.Clip(text, 60), c, base, c.Number),
	}
}

// origin is the scheme and host the client used, for the curl examples
// on code pages. Host comes from the request; the page escapes it
// (writeTry).
func origin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := r.Host
	if host == "" || strings.ContainsAny(host, " /\\@'\"") {
		host = "localhost:8080"
	}
	return (&url.URL{Scheme: scheme, Host: host}).String()
}
