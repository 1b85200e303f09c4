package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/statuskit/statuskit/reference"
	"github.com/statuskit/statuskit/status"
)

// The registry's surface: the reference page (GET /), the JSON API (GET
// /codes, GET /codes/{code}) and the page's assets. Package reference
// renders; this file routes, validates and negotiates.

// negotiateAPI is negotiate for the JSON API: JSON unless the client
// prefers HTML or plain text, so `curl /codes` gets JSON.
func negotiateAPI(accept string) format {
	if accept == "" || accept == "*/*" {
		return formatJSON
	}
	return negotiate(accept)
}

// writeAPIError is writeError in the API's default format: JSON for
// clients that did not say what they accept.
func (s *Server) writeAPIError(w http.ResponseWriter, r *http.Request, number int, message string) {
	if a := r.Header.Get("Accept"); a == "" || a == "*/*" {
		r = r.Clone(r.Context())
		r.Header.Set("Accept", "application/json")
	}
	s.writeError(w, r, number, message)
}

// handleHome is GET /: the reference page for browsers, the list as text
// for curl, JSON for JSON clients. ?q= filters it. Other parameters are
// ignored: this is a page people share links to, and the links pick up
// tracking parameters.
func (s *Server) handleHome() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		text := r.URL.Query().Get("q")
		if err := checkSearch(text); err != nil {
			s.writeError(w, r, http.StatusBadRequest, err.Error())
			return
		}
		q := reference.ParseQuery(text)
		w.Header()["Vary"] = varyAccept
		switch negotiate(r.Header.Get("Accept")) {
		case formatHTML:
			s.site.ServeIndex(w, r, q)
		case formatJSON:
			s.writeList(w, r, q, formatJSON)
		default:
			body := "statuskit: every HTTP status code. /{code} answers with that code (try /503); " +
				"/codes/{code} explains it; /codes is this list as JSON; browsers get the reference page here.\n\n"
			reference.ServeBytes(w, r, append([]byte(body), reference.TextList(q.Filter(status.All()))...), formatText.contentType())
		}
	})
}

// listParams are the query parameters of GET /codes.
var listParams = []string{"class", "q", "standing"}

// standings a ?standing= may name.
var standings = []status.Standing{status.Official, status.Unofficial, status.Deprecated, status.Unused, status.Historic}

// handleCodes is GET /codes: the registry, filtered by ?class=, ?q= and
// ?standing=, as JSON (the default), the reference page (browsers) or
// text.
func (s *Server) handleCodes() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		params, err := endpointParams(r, listParams...)
		if err != nil {
			s.writeAPIError(w, r, http.StatusBadRequest, err.Error())
			return
		}
		text := params.Get("q")
		if err := checkSearch(text); err != nil {
			s.writeAPIError(w, r, http.StatusBadRequest, err.Error())
			return
		}
		if params.Has("class") {
			class, err := status.ParseClass(params.Get("class"))
			if err != nil {
				s.writeAPIError(w, r, http.StatusBadRequest, "?class="+err.Error()+", e.g. /codes?class=4xx")
				return
			}
			// The search grammar has class words, so ?class=4xx&q=auth
			// is the search "4xx auth" and the page can show it.
			text = strings.TrimSpace(class.String() + " " + text)
		}
		q := reference.ParseQuery(text)
		f := negotiateAPI(r.Header.Get("Accept"))
		if params.Has("standing") {
			st := params.Get("standing")
			if !validStanding(st) {
				s.writeAPIError(w, r, http.StatusBadRequest, fmt.Sprintf(
					"?standing=%q is not a standing: use one of %s, e.g. /codes?standing=unofficial", truncate(st, 40), joinStandings()))
				return
			}
			if f == formatHTML {
				// The page filters by its search box alone; standing is
				// one of the words it searches.
				q = reference.ParseQuery(text + " " + st)
			} else {
				s.writeList(w, r, q, f, status.Standing(st))
				return
			}
		}
		if f == formatHTML {
			s.site.ServeIndex(w, r, q)
			return
		}
		s.writeList(w, r, q, f)
	})
}

// checkSearch refuses searches longer than reference.MaxQueryLength.
func checkSearch(q string) error {
	if len(q) > reference.MaxQueryLength {
		return badInput("?q= is %d bytes; a search is at most %d, a few words such as ?q=rate+limit", len(q), reference.MaxQueryLength)
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
var fullList = sync.OnceValues(func() (reference.Page, reference.Page) {
	all := status.All()
	return reference.NewPage(reference.JSON(reference.NewList(all)), formatJSON.contentType()),
		reference.NewPage(reference.TextList(all), formatText.contentType())
})

// writeList answers with the codes q matches, in numeric order, keeping
// only the given standings if any.
func (s *Server) writeList(w http.ResponseWriter, r *http.Request, q reference.Query, f format, only ...status.Standing) {
	w.Header()["Vary"] = varyAccept
	if q.Empty() && len(only) == 0 {
		asJSON, asText := fullList()
		if f == formatText {
			reference.ServePage(w, r, asText)
		} else {
			reference.ServePage(w, r, asJSON)
		}
		return
	}
	var codes []status.Code
	for _, c := range q.Filter(status.All()) {
		if len(only) == 0 || c.Standing == only[0] {
			codes = append(codes, c)
		}
	}
	if f == formatText {
		reference.ServeBytes(w, r, reference.TextList(codes), formatText.contentType())
		return
	}
	reference.ServeBytes(w, r, reference.JSON(reference.NewList(codes)), formatJSON.contentType())
}

// handleCodeInfo is GET /codes/{code}: one code's entry as JSON (the
// default), its page (browsers) or text. A phrase or slug
// (/codes/not-found) redirects to the number, and a class (/codes/4xx) to
// the filtered list.
func (s *Server) handleCodeInfo() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := endpointParams(r); err != nil {
			s.writeAPIError(w, r, http.StatusBadRequest, err.Error())
			return
		}
		text := r.PathValue("code")
		c, err := s.findCode(text)
		var moved *movedError
		switch {
		case errors.As(err, &moved):
			w.Header().Set("Location", moved.location)
			s.writeAPIError(w, r, http.StatusMovedPermanently, moved.message)
			return
		case errors.Is(err, status.ErrNotFound):
			s.writeAPIError(w, r, http.StatusNotFound, err.Error())
			return
		case err != nil:
			s.writeAPIError(w, r, http.StatusBadRequest, err.Error())
			return
		}
		w.Header()["Vary"] = varyAccept
		switch negotiateAPI(r.Header.Get("Accept")) {
		case formatHTML:
			s.site.ServeCode(w, r, c, baseURL(r))
		case formatText:
			reference.ServeBytes(w, r, reference.Text(c), formatText.contentType())
		default:
			reference.ServeBytes(w, r, reference.JSON(reference.NewEntry(c)), formatJSON.contentType())
		}
	})
}

// movedError says that a name for a code lives at another URL.
type movedError struct{ location, message string }

func (e *movedError) Error() string { return e.message }

// findCode reads the {code} of /codes/{code}: three digits from 100 to
// 599, else a phrase or class to redirect to.
func (s *Server) findCode(text string) (status.Code, error) {
	if isDigits(text) {
		n, err := strconv.Atoi(text)
		if err != nil {
			return status.Code{}, fmt.Errorf("%s is not an HTTP status code: status codes are three-digit numbers from 100 to 599 (RFC 9110, 15), e.g. /codes/404", truncate(text, 20))
		}
		if n < 100 || n > 599 {
			return status.Code{}, fmt.Errorf("%s; try /codes/%d", (&status.RangeError{Number: n}).Error(), clampCode(n))
		}
		if len(text) != 3 {
			return status.Code{}, fmt.Errorf("%q: write the status code as exactly three digits, e.g. /codes/%d", truncate(text, 20), n)
		}
		return status.MustLookup(n), nil
	}
	if class, err := status.ParseClass(text); err == nil && strings.HasSuffix(strings.ToLower(text), "xx") {
		return status.Code{}, &movedError{
			location: "/codes?class=" + class.String(),
			message:  fmt.Sprintf("%s is a class; its codes are listed at /codes?class=%s", class, class),
		}
	}
	c, err := status.Find(text)
	if err != nil {
		return status.Code{}, err
	}
	return status.Code{}, &movedError{
		location: "/codes/" + strconv.Itoa(c.Number),
		message:  fmt.Sprintf("%q is %s, which lives at /codes/%d", truncate(text, 60), c, c.Number),
	}
}

// baseURL is the scheme and host the client used, for the curl examples
// on code pages. Host comes from the request; html/template escapes it.
func baseURL(r *http.Request) string {
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
