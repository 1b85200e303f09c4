package scenario

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/responder"
	"github.com/statuskit/statuskit/status"
)

// sequenceElement is one step of /sequence/{codes}: a status and the
// modifiers it is answered with.
type sequenceElement struct {
	code int
	mods responder.Modifiers
}

// maxElements bounds a sequence so a long URL cannot make the server do
// unbounded work per request.
const maxElements = 100

// sequenceParams are the query parameters of /sequence/{codes} besides the
// modifiers, which apply to every element.
var sequenceParams = []string{"key", "cycle"}

// Sequence serves /sequence/{codes}: successive requests with the same key
// and path get the codes in order, the last repeating (or, with
// ?cycle=true, the sequence restarting). DELETE resets it.
func (s *Scenarios) Sequence(w http.ResponseWriter, r *http.Request) error {
	q, base, err := s.sequenceQuery(r)
	if err != nil {
		return err
	}
	elems, err := parseSequence(r.PathValue("codes"), base, s.codes.Limits(), reply.Base(r))
	if err != nil {
		return err
	}
	scope, _, err := clientKey(r, q)
	if err != nil {
		return err
	}
	cycle, err := param.Bool(q, "cycle")
	if err != nil {
		return err
	}
	// The path is part of the state's identity: one key can drive several
	// sequences independently.
	key := scope + "\n" + r.URL.Path
	n := len(elems)
	if r.Method == http.MethodDelete {
		if err := s.cfg.Store.ResetSequence(r.Context(), key); err != nil {
			return s.stateFailed(r, err)
		}
		return s.codes.Answer(w, r, http.StatusNoContent, responder.Modifiers{
			Fields: []reply.Field{{Name: "X-Statuskit-Sequence", Value: "0/" + strconv.Itoa(n)}}})
	}
	// Every element must be able to answer this method, checked before
	// the sequence moves on: a 405 whose ?allow= lists the request's own
	// method would contradict itself (RFC 9110, 15.5.6).
	for i, e := range elems {
		if err := e.mods.CheckMethod(e.code, r); err != nil {
			return param.Errorf("element %d of the sequence: %v", i+1, err)
		}
	}
	pos, err := s.cfg.Store.NextInSequence(r.Context(), key, n, cycle, s.cfg.StateTTL)
	if err != nil {
		return s.stateFailed(r, err)
	}
	e := elems[pos]
	// The element's own fields were copied for it, so appending here never
	// touches another element's.
	e.mods.Fields = append(e.mods.Fields, reply.Field{Name: "X-Statuskit-Sequence", Value: strconv.Itoa(pos+1) + "/" + strconv.Itoa(n)})
	e.mods.Message = sequenceMessage(pos, n, cycle)
	return s.codes.Answer(w, r, e.code, e.mods)
}

// sequenceMessage says where in its sequence an answer is and what the
// next request gets.
func sequenceMessage(pos, n int, cycle bool) string {
	next := fmt.Sprintf("the next request with this key gets element %d", pos+2)
	switch {
	case pos+1 < n:
	case cycle:
		next = "the next request with this key starts the sequence again (?cycle=true)"
	default:
		next = "the sequence is over: every further request with this key gets this last element again; DELETE the same URL to start over"
	}
	return fmt.Sprintf("element %d of %d of this sequence; %s", pos+1, n, next)
}

// sequenceQuery splits the query into the sequence's own parameters and
// the modifiers every element starts from.
func (s *Scenarios) sequenceQuery(r *http.Request) (url.Values, responder.Modifiers, error) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, responder.Modifiers{}, param.Errorf("the query string is not valid URL encoding (%v); encode values with percent-escapes, e.g. ?header=X-Test:a%%20b", err)
	}
	own := url.Values{}
	for _, k := range sequenceParams {
		if v, ok := q[k]; ok {
			if len(v) > 1 {
				return nil, responder.Modifiers{}, param.Errorf("?%s= was given %d times; give it once, e.g. ?%s=%s", k, len(v), k, param.Clip(v[0], 40))
			}
			own[k] = v
			delete(q, k)
		}
	}
	for k := range q {
		if !slices.Contains(responder.Params, k) {
			return nil, responder.Modifiers{}, param.Errorf("unknown query parameter %q; %s/sequence/{codes} takes %s, and the modifiers %s",
				param.Clip(k, 40), reply.Base(r), strings.Join(sequenceParams, ", "), strings.Join(responder.Params, ", "))
		}
	}
	base, err := responder.ParseModifiers(q.Encode(), r.Header, s.codes.Limits(), reply.Base(r))
	return own, base, err
}

// parseSequence reads "503;retry-after=1,503,200;sleep=100ms": elements
// separated by commas, each a code and ;name=value modifiers. A comma not
// followed by a code continues the previous value, so "405;allow=GET,HEAD"
// keeps its list. Every element is checked before any is served.
func parseSequence(spec string, base responder.Modifiers, lim responder.Limits, mount string) ([]sequenceElement, error) {
	if spec == "" {
		return nil, param.Errorf("no status codes given; use %[1]s/sequence/503,503,200 (each element may carry modifiers: %[1]s/sequence/503;retry-after=1,200)", mount)
	}
	var texts []string
	for part := range strings.SplitSeq(spec, ",") {
		if strings.Trim(part, " \t") == "" && (len(texts) == 0 || !inListValue(texts[len(texts)-1])) {
			return nil, param.Errorf("element %d of the sequence is empty (two commas in a row, or a comma at an end); give a code for every element, e.g. %s/sequence/503,503,200", len(texts)+1, mount)
		}
		if len(texts) > 0 && !startsWithCode(part) {
			texts[len(texts)-1] += "," + part
			continue
		}
		texts = append(texts, part)
		if len(texts) > maxElements {
			return nil, param.Errorf("too many elements in the sequence: more than %d; a sequence has at most %d", maxElements, maxElements)
		}
	}
	elems := make([]sequenceElement, len(texts))
	for i, text := range texts {
		e, err := parseSequenceElement(text, base, lim, mount)
		if err != nil {
			return nil, param.Errorf("element %d of the sequence, %q: %v", i+1, param.Clip(text, 60), err)
		}
		elems[i] = e
	}
	return elems, nil
}

// inListValue reports whether the last modifier of an element text is one
// whose value may hold commas, so that an empty part after it belongs to
// the value (and that value's own check reports it): allow='s method list,
// a header='s field value, a body=.
func inListValue(text string) bool {
	i := strings.LastIndexByte(text, ';')
	if i < 0 {
		return false
	}
	name, _, _ := strings.Cut(text[i+1:], "=")
	return name == "allow" || name == "header" || name == "body"
}

// startsWithCode reports whether s begins with three digits followed by
// the end or a ';'.
func startsWithCode(s string) bool {
	return len(s) >= 3 && param.Digits(s[:3]) && (len(s) == 3 || s[3] == ';')
}

func parseSequenceElement(text string, base responder.Modifiers, lim responder.Limits, mount string) (sequenceElement, error) {
	codeText, rest, _ := strings.Cut(text, ";")
	codeText = strings.TrimSpace(codeText)
	n, err := status.ParseCode(codeText)
	if err != nil {
		return sequenceElement{}, param.Errorf("%q is not a status code; give three digits from 100 to 599, e.g. 503", param.Clip(codeText, 20))
	}
	e := sequenceElement{code: n, mods: base}
	// Each element owns its field list.
	e.mods.Fields = slices.Clone(base.Fields)
	if rest == "" {
		return e, e.mods.CheckFor(n, mount)
	}
	seen := map[string]string{} // the first value of each modifier
	for mod := range strings.SplitSeq(rest, ";") {
		name, value, ok := strings.Cut(mod, "=")
		if !ok {
			return e, param.Errorf("modifier %q must be name=value, e.g. 503;retry-after=1", param.Clip(mod, 40))
		}
		if first, ok := seen[name]; ok && name != "header" {
			return e, param.Errorf("modifier %s= is given twice in one element; give it once, e.g. %s;%s=%s", param.Clip(name, 40), codeText, param.Clip(name, 40), param.Clip(first, 40))
		}
		seen[name] = value
		if !slices.Contains(responder.Params, name) {
			return e, param.Errorf("unknown modifier %q; an element takes %s", param.Clip(name, 40), strings.Join(responder.Params, ", "))
		}
		if err := e.mods.Set(name, value, lim, mount); err != nil {
			return e, err
		}
	}
	return e, e.mods.CheckFor(n, mount)
}
