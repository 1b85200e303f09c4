package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/statuskit/statuskit/status"
)

// handleCode serves /{code}: any code 100-599 with any standard method.
func (s *Server) handleCode() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		text := r.PathValue("code")
		n, err := strconv.Atoi(text)
		if errors.Is(err, strconv.ErrRange) && isDigits(text) {
			// All digits but too long for an int: a number out of
			// range (400 saying what is valid), not a missing page.
			s.writeError(w, r, http.StatusBadRequest, fmt.Sprintf(
				"%s is not an HTTP status code: status codes are three-digit numbers from 100 to 599 (RFC 9110, 15), e.g. /404", truncate(text, 20)))
			return
		}
		if err != nil || text[0] == '+' || text[0] == '-' {
			// Not a number: not a resource of this server.
			s.noRoute(w, r)
			return
		}
		if n < 100 || n > 599 {
			s.writeError(w, r, http.StatusBadRequest, (&status.RangeError{Number: n}).Error()+"; try /"+strconv.Itoa(clampCode(n)))
			return
		}
		if len(text) != 3 {
			s.writeError(w, r, http.StatusBadRequest, fmt.Sprintf("%q: write the status code as exactly three digits, from 100 to 599, e.g. /%d", truncate(text, 20), n))
			return
		}
		s.serveStatus(w, r, n)
	})
}

// handleCodeList serves /status/{codes}, httpbin's form: one code, a
// uniform list, or weights.
func (s *Server) handleCodeList() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		list, err := parseCodeList(r.PathValue("codes"))
		if err != nil {
			s.writeError(w, r, http.StatusBadRequest, err.Error())
			return
		}
		s.serveStatus(w, r, list.pick())
	})
}

func (s *Server) handleNoRoute() http.Handler {
	return http.HandlerFunc(s.noRoute)
}

func (s *Server) noRoute(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, http.StatusNotFound, fmt.Sprintf(
		"nothing here at %s; ask for a status code as /{code} (e.g. /404) or /status/{codes} (e.g. /status/200,503)", truncate(r.URL.Path, 60)))
}

func clampCode(n int) int { return min(599, max(100, n)) }

// serveStatus parses the modifiers from the request and answers with
// number.
func (s *Server) serveStatus(w http.ResponseWriter, r *http.Request, number int) {
	mods, err := parseModifiers(r.URL.RawQuery, r.Header, s.limits)
	if err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	s.answer(w, r, number, mods)
}

// answer waits if asked and answers with number following the behaviour
// table. Endpoints that build modifiers another way (a sequence element's
// "503;retry-after=1") call it directly.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, number int, mods modifiers) {
	x := exchanges.Get().(*exchange)
	defer releaseExchange(x)
	*x = exchange{
		s: s, w: w, r: r, number: number, mods: mods,
		code:   codeFor(number),
		beh:    behaviourFor(number),
		format: negotiate(field(r.Header, "Accept")),
	}
	if err := x.checkMethod(); err != nil {
		return
	}
	if mods.location != "" {
		loc, err := checkLocation(r, mods.location, s.cfg.RedirectHosts)
		if err != nil {
			s.writeError(w, r, http.StatusBadRequest, err.Error())
			return
		}
		x.mods.location = loc
	}
	// 1xx endpoints use the delay themselves, to send interim responses
	// while they wait.
	if mods.sleep > 0 && x.beh.interim == nil {
		if !s.sleep(w, r, mods.sleep) {
			return
		}
	}
	x.respond()
}

// exchanges recycles the exchanges answer uses: a fresh one per request was
// the largest allocation on the hot path (about a fifth of BenchmarkServe200's
// time). The pool is safe only because an exchange never outlives answer;
// see the exchange type.
var exchanges = sync.Pool{New: func() any { return new(exchange) }}

// releaseExchange clears x, so the pool keeps no request, writer or body
// alive, and returns it to the pool.
func releaseExchange(x *exchange) {
	*x = exchange{}
	exchanges.Put(x)
}

// errSaturated reports that the sleeping-request cap is reached.
var errSaturated = errors.New("too many sleeping requests")

// sleep waits d, bounded by the MaxSleeping semaphore. It reports false
// when it answered the request itself (saturated) or the client went away.
func (s *Server) sleep(w http.ResponseWriter, r *http.Request, d time.Duration) bool {
	if err := s.acquireSleep(); err != nil {
		w.Header().Set("Retry-After", retryAfterSeconds(d))
		s.writeError(w, r, http.StatusServiceUnavailable, fmt.Sprintf(
			"this server already has %d sleeping requests (--max-sleeping); retry later or without ?sleep=", s.cfg.MaxSleeping))
		return false
	}
	defer s.releaseSleep()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

func (s *Server) acquireSleep() error {
	select {
	case s.sleeping <- struct{}{}:
		return nil
	default:
		return errSaturated
	}
}

func (s *Server) releaseSleep() { <-s.sleeping }

// Sleeping reports how many requests are sleeping now (for metrics).
func (s *Server) Sleeping() int { return len(s.sleeping) }
