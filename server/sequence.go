package server

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// sequenceElement is one step of /sequence/{codes}: a status and the
// modifiers it is answered with.
type sequenceElement struct {
	code int
	mods modifiers
}

// sequenceParams are the query parameters of /sequence/{codes} besides the
// modifiers, which apply to every element.
var sequenceParams = []string{"key", "cycle"}

// handleSequence serves /sequence/{codes}: successive requests with the
// same key and path get the codes in order, the last repeating (or, with
// ?cycle=true, the sequence restarting). DELETE resets it.
func (s *Server) handleSequence(w http.ResponseWriter, r *http.Request) {
	q, base, err := s.sequenceQuery(r)
	if err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	elems, err := parseSequence(r.PathValue("codes"), base, s.limits)
	if err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	scope, _, err := clientKey(r, q)
	if err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	cycle, err := parseBool(q, "cycle")
	if err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	// The path is part of the state's identity: one key can drive several
	// sequences independently.
	key := scope + "\n" + r.URL.Path
	n := len(elems)
	if r.Method == http.MethodDelete {
		if err := s.cfg.Store.ResetSequence(r.Context(), key); err != nil {
			s.stateFailed(w, r, err)
			return
		}
		s.answer(w, r, http.StatusNoContent, modifiers{final: http.StatusOK,
			headers: []headerField{{"X-Statuskit-Sequence", "0/" + strconv.Itoa(n)}}})
		return
	}
	pos, err := s.cfg.Store.NextInSequence(r.Context(), key, n, cycle, s.cfg.StateTTL)
	if err != nil {
		s.stateFailed(w, r, err)
		return
	}
	e := elems[pos]
	// The element's own headers were copied for it, so appending here
	// never touches another element's.
	e.mods.headers = append(e.mods.headers, headerField{"X-Statuskit-Sequence", strconv.Itoa(pos+1) + "/" + strconv.Itoa(n)})
	s.answer(w, r, e.code, e.mods)
}

// sequenceQuery splits the query into the sequence's own parameters and
// the modifiers every element starts from.
func (s *Server) sequenceQuery(r *http.Request) (url.Values, modifiers, error) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, modifiers{}, badInput("the query string is not valid URL encoding (%v); encode values with percent-escapes, e.g. ?header=X-Test:a%%20b", err)
	}
	own := url.Values{}
	for _, k := range sequenceParams {
		if v, ok := q[k]; ok {
			if len(v) > 1 {
				return nil, modifiers{}, badInput("?%s= was given %d times; give it once", k, len(v))
			}
			own[k] = v
			delete(q, k)
		}
	}
	for k := range q {
		if !slices.Contains(knownParams, k) {
			return nil, modifiers{}, badInput("unknown query parameter %q; /sequence/{codes} takes %s, and the modifiers %s",
				truncate(k, 40), strings.Join(sequenceParams, ", "), strings.Join(knownParams, ", "))
		}
	}
	base, err := parseModifiers(q.Encode(), r.Header, s.limits)
	return own, base, err
}

// parseSequence reads "503;retry-after=1,503,200;sleep=100ms": elements
// separated by commas, each a code and ;name=value modifiers. A comma not
// followed by a code continues the previous value, so "405;allow=GET,HEAD"
// keeps its list. Every element is checked before any is served.
func parseSequence(spec string, base modifiers, lim modifierLimits) ([]sequenceElement, error) {
	if spec == "" {
		return nil, badInput("no status codes given; use /sequence/503,503,200 (each element may carry modifiers: /sequence/503;retry-after=1,200)")
	}
	var texts []string
	for part := range strings.SplitSeq(spec, ",") {
		if len(texts) > 0 && !startsWithCode(part) {
			texts[len(texts)-1] += "," + part
			continue
		}
		texts = append(texts, part)
	}
	if len(texts) > maxChoices {
		return nil, badInput("too many elements in the sequence: %d, at most %d", len(texts), maxChoices)
	}
	elems := make([]sequenceElement, len(texts))
	for i, text := range texts {
		e, err := parseSequenceElement(text, base, lim)
		if err != nil {
			return nil, badInput("element %d of the sequence, %q: %v", i+1, truncate(text, 60), err)
		}
		elems[i] = e
	}
	return elems, nil
}

// startsWithCode reports whether s begins with three digits followed by
// the end or a ';'.
func startsWithCode(s string) bool {
	return len(s) >= 3 && isDigits(s[:3]) && (len(s) == 3 || s[3] == ';')
}

func parseSequenceElement(text string, base modifiers, lim modifierLimits) (sequenceElement, error) {
	codeText, rest, _ := strings.Cut(text, ";")
	codeText = strings.TrimSpace(codeText)
	n, err := strconv.Atoi(codeText)
	if err != nil || len(codeText) != 3 || n < 100 || n > 599 {
		return sequenceElement{}, badInput("%q is not a status code; give a number from 100 to 599, e.g. 503", truncate(codeText, 20))
	}
	e := sequenceElement{code: n, mods: base}
	// Each element owns its header list.
	e.mods.headers = slices.Clone(base.headers)
	if rest == "" {
		return e, nil
	}
	for mod := range strings.SplitSeq(rest, ";") {
		name, value, ok := strings.Cut(mod, "=")
		if !ok {
			return e, badInput("modifier %q must be name=value, e.g. 503;retry-after=1", truncate(mod, 40))
		}
		if !slices.Contains(knownParams, name) {
			return e, badInput("unknown modifier %q; an element takes %s", truncate(name, 40), strings.Join(knownParams, ", "))
		}
		if err := e.mods.set(name, []string{value}, lim); err != nil {
			return e, err
		}
	}
	return e, nil
}
