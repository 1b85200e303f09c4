package gateway

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/gateway/rule"
	"github.com/statuskit/statuskit/internal/spelling"
	"github.com/statuskit/statuskit/lifecycle"
	"github.com/statuskit/statuskit/origin"
	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/precondition"
	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/route"
)

// The admin API's paths. They exist on the admin listener only: on the
// proxy listener the same paths are forwarded like any other.
const (
	RulesPath = "/__statuskit/rules"
	LogPath   = "/__statuskit/log"
	ResetPath = "/__statuskit/reset"
)

// adminRoutes is the whole admin surface.
func (g *Gateway) adminRoutes() http.Handler {
	mux := http.NewServeMux()
	route.Resource(mux, RulesPath, route.GET(g.getRules), route.PUT(g.putRules))
	route.Resource(mux, LogPath, route.GET(g.getLog))
	route.Resource(mux, ResetPath, route.POST(g.reset))
	route.Resource(mux, "/healthz", route.GET(lifecycle.Health))
	route.Resource(mux, "/readyz", route.GET(g.state.Ready(g.cfg.DrainTimeout)))
	route.Resource(mux, "/metrics", route.GETHandler(g.metrics.Handler()))
	route.Any(mux, "/", func(w http.ResponseWriter, r *http.Request) error {
		return reply.Errorf(http.StatusNotFound, "%s is not an admin endpoint; the admin API has GET/PUT %s, GET %s, POST %s, GET /metrics, /healthz and /readyz",
			param.Clip(r.URL.Path, 80), RulesPath, LogPath, ResetPath)
	})
	return mux
}

// Media types of the rules document.
var yamlTypes = []string{"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"}

// prefersYAML reads Accept (RFC 9110, 12.5.1) for a choice between the
// two representations of the rules: YAML only when a YAML type is
// preferred over application/json; JSON otherwise, */* included.
func prefersYAML(accept []string) bool {
	jsonQ, yamlQ := -1.0, -1.0
	for _, line := range accept {
		for part := range strings.SplitSeq(line, ",") {
			mediaRange, params, _ := strings.Cut(part, ";")
			mediaRange = strings.ToLower(strings.TrimSpace(mediaRange))
			q := 1.0
			for p := range strings.SplitSeq(params, ";") {
				if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
					if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
						q = f
					}
				}
			}
			switch {
			case mediaRange == "application/json":
				jsonQ = max(jsonQ, q)
			case isYAML(mediaRange):
				yamlQ = max(yamlQ, q)
			}
		}
	}
	return yamlQ > 0 && yamlQ > jsonQ
}

func isYAML(mediaType string) bool {
	for _, t := range yamlTypes {
		if mediaType == t {
			return true
		}
	}
	return false
}

// putTypes are the media types PUT /__statuskit/rules takes, and what a
// 415 lists in Accept (RFC 9110, 15.5.16): JSON, and the YAML types in
// use (application/yaml is RFC 9512's; the others predate it).
var putTypes = []string{"application/json", "application/yaml", "application/x-yaml", "text/yaml"}

// putMediaType checks a PUT's Content-Type strictly: exactly one, one of
// putTypes, with no parameter but charset=utf-8 (the document is read as
// UTF-8). Anything else is 415 naming what is taken.
func putMediaType(lines []string, target string) error {
	refuse := func(why string) error {
		return (&reply.Error{Status: http.StatusUnsupportedMediaType, Close: true,
			Message: fmt.Sprintf("%s; the rules document is taken as %s; e.g. curl -X PUT -H 'Content-Type: application/yaml' --data-binary @rules.yaml '%s'",
				why, strings.Join(putTypes, ", "), target)}).
			WithField("Accept", strings.Join(putTypes, ", "))
	}
	if len(lines) != 1 {
		return refuse(fmt.Sprintf("the request has %d Content-Type fields, and needs exactly one", len(lines)))
	}
	mt, params, err := mime.ParseMediaType(lines[0])
	if err != nil {
		return refuse(fmt.Sprintf("Content-Type %q is not a media type", param.Clip(lines[0], 60)))
	}
	if !slices.Contains(putTypes, mt) {
		return refuse(fmt.Sprintf("Content-Type %s is not one the gateway reads", param.Clip(mt, 60)))
	}
	for k, v := range params {
		if k != "charset" || !strings.EqualFold(v, "utf-8") {
			return refuse(fmt.Sprintf("the parameter %s=%s of Content-Type is not taken (only charset=utf-8)", param.Clip(k, 30), param.Clip(v, 30)))
		}
	}
	return nil
}

// getRules is GET /__statuskit/rules: the rules in force, as the document
// PUT takes (JSON, or YAML by Accept), with an ETag for If-Match.
// putContentCoding refuses a rules document sent with a content coding:
// the admin API reads the document as it is, so a gzip or br one would be
// parsed as its coded bytes. 415 with Accept-Encoding: identity says what
// it takes (RFC 9110, 15.5.16 and 12.5.3).
func putContentCoding(lines []string, target string) error {
	if len(lines) == 0 {
		return nil
	}
	codings, err := field.ParseTokenList("Content-Encoding", lines)
	if err == nil && !slices.ContainsFunc(codings, func(c string) bool { return !strings.EqualFold(c, "identity") }) {
		return nil
	}
	return (&reply.Error{Status: http.StatusUnsupportedMediaType, Close: true,
		Message: fmt.Sprintf("the rules document came with Content-Encoding: %s, and the gateway takes it only as it is (identity); send it uncompressed, e.g. curl -X PUT -H 'Content-Type: application/yaml' --data-binary @rules.yaml '%s'",
			param.Clip(strings.Join(lines, ", "), 60), target)}).WithField("Accept-Encoding", "identity")
}

func (g *Gateway) getRules(w http.ResponseWriter, r *http.Request) error {
	if _, err := param.Query(r, RulesPath, nil, nil); err != nil {
		return err
	}
	rs := g.rules.Load()
	// The JSON and YAML documents are two representations of the rules,
	// each with its own entity tag (RFC 9110, 8.8.3): the representation
	// is chosen first, and the preconditions are about that one.
	yamlWanted := prefersYAML(r.Header["Accept"])
	tag := rs.etag
	if yamlWanted {
		tag = yamlETag(rs)
	}
	h := w.Header()
	g.rulesFields(h, rs, tag)
	res, err := precondition.Evaluate(r.Method, r.Header, validators(tag))
	if err != nil {
		return reply.BadRequest(err)
	}
	if res.Status != 0 {
		reply.Write(w, r, &reply.Response{Status: res.Status, Message: res.Reason})
		return nil
	}
	body, ct := rs.doc, "application/json"
	if yamlWanted {
		y, err := yaml.JSONToYAML(rs.doc)
		if err != nil {
			return err
		}
		body, ct = y, "application/yaml"
	}
	reply.Write(w, r, &reply.Response{Status: http.StatusOK, Content: body, ContentType: ct})
	return nil
}

// yamlETag is the entity tag of the YAML representation of rs: the JSON
// one's, marked, so the two never compare equal.
func yamlETag(rs *ruleSet) string { return rs.etag + "-yaml" }

func (g *Gateway) rulesFields(h http.Header, rs *ruleSet, tag string) {
	h.Set("ETag", `"`+tag+`"`)
	h.Set("Last-Modified", field.FormatHTTPDate(rs.loaded))
	h.Set("Cache-Control", "no-store")
	h.Set("Vary", "Accept")
	h.Set("X-Statuskit-Rules-Source", rs.source)
}

func validators(tag string) precondition.Validators {
	return precondition.Validators{ETag: field.ETag{Opaque: tag}, HasETag: true, Exists: true}
}

// putPreconditions evaluates a PUT's preconditions against the rules in
// force. Both representations stand for the same rules, so If-Match
// holds with the tag of either one the client read (JSON or YAML).
func putPreconditions(h http.Header, rs *ruleSet) (precondition.Result, error) {
	res, err := precondition.Evaluate(http.MethodPut, h, validators(rs.etag))
	if err != nil || res.Field != "If-Match" {
		return res, err
	}
	if alt, err := precondition.Evaluate(http.MethodPut, http.Header{"If-Match": h["If-Match"]}, validators(yamlETag(rs))); err != nil || alt.Status != 0 {
		return res, err
	}
	// If-Match holds for the YAML representation; the rest of the
	// preconditions (If-Unmodified-Since is skipped when If-Match is
	// given, RFC 9110, 13.2.2) are evaluated as for JSON.
	rest := h.Clone()
	delete(rest, "If-Match")
	delete(rest, "If-Unmodified-Since")
	return precondition.Evaluate(http.MethodPut, rest, validators(rs.etag))
}

// putRules is PUT /__statuskit/rules: replace the rules with the document
// in the content (application/json or application/yaml). A document with
// errors is 400 naming each field and line, and the rules in force stay.
// If-Match makes the replacement conditional on the rules read earlier.
func (g *Gateway) putRules(w http.ResponseWriter, r *http.Request) error {
	if _, err := param.Query(r, RulesPath, nil, nil); err != nil {
		return err
	}
	// The curl examples of the 415s name this admin API's own URL.
	u := origin.RequestURL(r)
	u.Path, u.RawPath, u.RawQuery = RulesPath, "", ""
	target := u.String()
	if err := putMediaType(r.Header["Content-Type"], target); err != nil {
		return err
	}
	if err := putContentCoding(r.Header["Content-Encoding"], target); err != nil {
		return err
	}
	limit := g.cfg.Limits.MaxBytes
	if r.ContentLength > limit {
		return &reply.Error{Status: http.StatusRequestEntityTooLarge, Close: true,
			Message: fmt.Sprintf("the rules document is %d bytes; the gateway takes at most %d (--max-rules-bytes)", r.ContentLength, limit)}
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return reply.Errorf(http.StatusBadRequest, "reading the rules document failed: %v", err)
	}
	if int64(len(data)) > limit {
		return &reply.Error{Status: http.StatusRequestEntityTooLarge, Close: true,
			Message: fmt.Sprintf("the rules document is more than %s, the most the gateway takes (--max-rules-bytes)", param.ByteCount(limit))}
	}
	g.parseMu.Lock()
	set, err := rule.Parse(data, "the request content", g.cfg.Limits)
	g.parseMu.Unlock()
	if err != nil {
		return reply.Errorf(http.StatusBadRequest, "the rules were not replaced: %v", err)
	}
	g.reloadMu.Lock()
	rs := g.rules.Load()
	res, err := putPreconditions(r.Header, rs)
	if err == nil && res.Status == 0 {
		g.install(set, "PUT "+RulesPath)
		rs = g.rules.Load()
	}
	g.reloadMu.Unlock()
	if err != nil {
		return reply.BadRequest(err)
	}
	if res.Status != 0 {
		return reply.Errorf(res.Status, "the rules were not replaced: %s", res.Reason)
	}
	g.log.Info("rules replaced", "source", "PUT "+RulesPath, "rules", len(set.Rules))
	g.rulesFields(w.Header(), rs, rs.etag)
	reply.Write(w, r, &reply.Response{Status: http.StatusOK, Content: rs.doc, ContentType: "application/json"})
	return nil
}

// logDocument is GET /__statuskit/log.
type logDocument struct {
	// Seed is the gateway's seed, to reproduce the run.
	Seed uint64 `json:"seed"`
	// Faults are the latest injected faults, oldest first, at most
	// Capacity; Dropped counts older ones no longer kept.
	Faults   []Fault `json:"faults"`
	Capacity int     `json:"capacity"`
	Dropped  int64   `json:"dropped"`
	// Counts are faults per rule and kind since the start or last reset.
	Counts map[string]map[string]int64 `json:"counts"`
}

// getLog is GET /__statuskit/log[?rule=ID]: the injected faults.
func (g *Gateway) getLog(w http.ResponseWriter, r *http.Request) error {
	q, err := adminQuery(r, LogPath, []string{"rule"})
	if err != nil {
		return err
	}
	// The log changes with every fault, and the known ids with every PUT.
	w.Header().Set("Cache-Control", "no-store")
	if id := q.Get("rule"); id != "" {
		known := slices.Clone(rule.Reserved)
		for _, r := range g.rules.Load().set.Rules {
			known = append(known, r.ID)
		}
		if !slices.Contains(known, id) {
			// An empty log would read as "no faults": say the id is
			// none the gateway knows.
			return reply.Errorf(http.StatusNotFound, "no rule has the id %q; the rules in force are %s (and the gateway's own, %s); e.g. %s?rule=%s",
				param.Clip(id, 70), ruleList(known[len(rule.Reserved):]), strings.Join(rule.Reserved, " and "), LogPath, known[len(known)-1])
		}
	}
	faults, dropped, counts := g.faults.snapshot(q.Get("rule"))
	return reply.WriteJSON(w, r, http.StatusOK, logDocument{Seed: g.cfg.Seed, Faults: faults, Capacity: g.cfg.MaxFaultLog, Dropped: dropped, Counts: counts})
}

// adminQuery is param.Query, and for a parameter that is a typo of a
// known one (?rul=), the one probably meant.
func adminQuery(r *http.Request, endpoint string, known []string) (url.Values, error) {
	q, err := param.Query(r, endpoint, known, nil)
	if err == nil {
		return q, nil
	}
	given, perr := url.ParseQuery(r.URL.RawQuery)
	if perr != nil {
		return nil, err
	}
	for k := range given {
		if slices.Contains(known, k) {
			continue
		}
		for _, w := range known {
			if spelling.Near(k, w) {
				e := *reply.BadRequest(err)
				e.Message += fmt.Sprintf("; did you mean ?%s=? e.g. %s?%s=%s", w, endpoint, w, param.Clip(given.Get(k), 40))
				return nil, &e
			}
		}
	}
	return nil, err
}

// ruleList names rule ids for a message: all of them, up to 20.
func ruleList(ids []string) string {
	switch {
	case len(ids) == 0:
		return "none"
	case len(ids) > 20:
		return strings.Join(ids[:20], ", ") + fmt.Sprintf(" and %d more (GET %s lists them)", len(ids)-20, RulesPath)
	}
	return strings.Join(ids, ", ")
}

// reset is POST /__statuskit/reset: every sequence starts over, the fault
// log and counts empty, and every rule's random stream starts again from
// the seed, so a test run after a reset draws what the first run drew.
func (g *Gateway) reset(w http.ResponseWriter, r *http.Request) error {
	if _, err := param.Query(r, ResetPath, nil, nil); err != nil {
		return err
	}
	keys := g.sequences.drain()
	for i, k := range keys {
		if err := g.store.ResetSequence(r.Context(), k); err != nil {
			for _, rest := range keys[i:] {
				g.sequences.add(rest)
			}
			return &reply.Error{Status: http.StatusServiceUnavailable, RetryAfter: "1",
				Message: fmt.Sprintf("the state store failed, so the sequences were not all reset (%d of %d were): %v", i, len(keys), err)}
		}
	}
	cleared := g.faults.reset()
	g.reloadMu.Lock()
	old := g.rules.Load()
	rs := newRuleSet(old.set, g.cfg.Seed, old.source)
	rs.loaded = old.loaded
	g.rules.Store(rs)
	g.reloadMu.Unlock()
	g.log.Info("reset", "sequences", len(keys), "faults", cleared)
	w.Header().Set("Cache-Control", "no-store")
	return reply.WriteJSON(w, r, http.StatusOK, struct {
		Sequences int       `json:"sequences_reset"`
		Faults    int       `json:"faults_cleared"`
		Time      time.Time `json:"time"`
	}{len(keys), cleared, time.Now().UTC()})
}
