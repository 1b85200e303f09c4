package grade

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/statuskit/statuskit/internal/spelling"
	"github.com/statuskit/statuskit/origin"
	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/policy"
	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/store"
)

// KeyHeader carries the run's key when ?key= does not.
const KeyHeader = "X-Statuskit-Key"

// MaxKeyLength bounds a run's key: it is part of every journal key and of
// every Location an exam sends.
const MaxKeyLength = 200

// DefaultMaxWindow caps ?window= when Config.MaxWindow is zero.
const DefaultMaxWindow = time.Hour

// minWindow is the shortest ?window=: shorter than any retry worth
// grading.
const minWindow = time.Second

// maxAttempts caps ?attempts= of gives-up.
const maxAttempts = 1000

// Clipping of what the journal keeps of a request: field values and the
// target are cut (param.Clip) so that one entry stays a few KB.
const (
	maxFieldValue = 256
	maxTarget     = 1024
)

// requestFields are the request fields the journal keeps: those the rules
// read (content fields left on a switched GET, Idempotency-Key, the
// conditional and range fields) and those that identify the client.
var requestFields = []string{
	"Content-Type", "Content-Encoding", "Content-Language", "Content-Location", "Content-Length", "Transfer-Encoding",
	"Idempotency-Key", "If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since", "If-Range", "Range",
	"Expect", "User-Agent",
}

// answerFields are the response fields the journal keeps.
var answerFields = []string{"Retry-After", "Location", "Etag", "Cache-Control", "Content-Length", "Ratelimit", "Ratelimit-Policy"}

// Config configures a Grader.
type Config struct {
	// Journal records the runs. Required.
	Journal store.Journal
	// MaxWindow caps ?window=, the observation window of one run. Zero
	// means DefaultMaxWindow.
	MaxWindow time.Duration
	// Logger receives journal failures; nil discards.
	Logger *slog.Logger
}

// Grader serves the exams (/exam/{name}), records every request of a run
// in the journal, and grades runs (/grade/{key}).
type Grader struct {
	cfg Config
}

// New returns a Grader.
func New(cfg Config) *Grader {
	if cfg.MaxWindow <= 0 {
		cfg.MaxWindow = DefaultMaxWindow
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Grader{cfg: cfg}
}

// call is one request to an exam as the exam's answer sees it.
type call struct {
	r       *http.Request
	exam    *Exam
	step    string
	key     string
	base    string
	arrived time.Time
	// history holds the earlier requests of this exam in this run.
	history []store.JournalEntry
}

// attempt is the number of earlier requests to this step: 0 for the
// first.
func (c *call) attempt() int { return count(c.history, c.step) }

// firstArrival is when the run first requested step.
func (c *call) firstArrival(step string) (time.Time, bool) {
	for _, e := range c.history {
		if e.Step == step {
			return e.Arrived, true
		}
	}
	return time.Time{}, false
}

// firstAnswer is when the first answer of the exam was sent.
func (c *call) firstAnswer() (time.Time, bool) {
	for _, e := range c.history {
		if !e.Answer.Sent.IsZero() {
			return e.Answer.Sent, true
		}
	}
	return time.Time{}, false
}

// link is the URL of a step of this exam, with the run's key: every
// Location an exam sends keeps the key, so a client that follows it stays
// on its run.
func (c *call) link(step string) string { return examLink(c.base, c.exam.Name, step, c.key) }

func examLink(base, name, step, key string) string {
	p := base + "/exam/" + name
	if step != "" {
		p += "/" + step
	}
	return p + "?key=" + url.QueryEscape(key)
}

// interim is one 1xx response sent before the final one.
type interim struct {
	status int
	fields http.Header
}

// answer is the response an exam chose.
type answer struct {
	status       int
	interim      []interim
	retryAfter   string
	noRetryAfter bool // send no Retry-After even with a 503
	location     string
	fields       []reply.Field
	message      string
	content      []byte
	contentType  string
	// err, when set, is written instead (bad input to the exam).
	err *reply.Error
}

// Exam serves /exam/{name} and /exam/{name}/{step}. An exam's own URL
// answers the methods of Exam.Methods (405 with Allow otherwise, RFC 9110,
// 15.5.6); a redirect target, an async job's result and the completion URL
// answer every method, since the method a redirect is followed with is
// what rule 7 grades.
func (g *Grader) Exam(w http.ResponseWriter, r *http.Request) error {
	// The arrival, stamped before anything can delay it (see store.Journal).
	arrived := time.Now()
	name, step := r.PathValue("name"), r.PathValue("step")
	ex := exam(name)
	if ex == nil {
		if guess := closest(name, examNames()); guess != "" {
			return reply.Errorf(http.StatusNotFound, "there is no exam %q; did you mean %s (exam names are lower case, words joined by -)? e.g. %s",
				param.Clip(name, 40), guess, sameQuery(r, "/exam/"+guess, step))
		}
		return reply.Errorf(http.StatusNotFound, "there is no exam %q; the exams are %s, e.g. %s/exam/retry-after-seconds?key=my-run",
			param.Clip(name, 40), strings.Join(examNames(), ", "), reply.Base(r))
	}
	if !ex.hasStep(step) {
		if guess := closest(step, append([]string{stepDone}, ex.Steps...)); guess != "" {
			return reply.Errorf(http.StatusNotFound, "exam %s has no resource %q; did you mean %s? e.g. %s", name, param.Clip(step, 40), guess, sameQuery(r, "/exam/"+name, guess))
		}
		return reply.Errorf(http.StatusNotFound, "exam %s has no resource %q; start it at %s/exam/%s?key=my-run", name, param.Clip(step, 40), reply.Base(r), name)
	}
	if refused, err := refuseMethod(w, r, ex, step); refused {
		return err
	}
	endpoint := "/exam/" + name
	known := []string{"key"}
	if step != stepStart {
		endpoint += "/" + step
	} else {
		known = append(known, "window")
		if name == "gives-up" {
			known = append(known, "attempts")
		}
	}
	q, err := param.Query(r, endpoint, known, nil)
	if err != nil {
		return err
	}
	key, err := runKey(r, q)
	if err != nil {
		return err
	}
	if _, err := param.Duration(q, "window", ex.Window, minWindow, g.cfg.MaxWindow, "--exam-max-window"); err != nil {
		return err
	}
	if _, err := attemptsParam(q); err != nil {
		return err
	}
	if step != stepStart {
		if err := g.started(r, ex, step, key); err != nil {
			return err
		}
	}
	var sent []int
	if name == "continue" && step == stepStart && reply.CanSendInterim(r) {
		// RFC 9110, 10.1.1: 100 before the content is read; the client
		// may be waiting for it (Expect: 100-continue) or not.
		reply.WriteInterim(w, r, http.StatusContinue, nil)
		sent = append(sent, http.StatusContinue)
	}
	length, hash, err := readContent(r)
	if err != nil {
		return err
	}
	entry := store.JournalEntry{Arrived: arrived, Exam: name, Step: step, Method: r.Method, Target: param.Clip(r.RequestURI, maxTarget),
		Proto: r.Proto, ContentLength: length, ContentHash: hash, Fields: keptFields(r.Header, requestFields)}
	if len(r.TransferEncoding) > 0 {
		entry.Fields["Transfer-Encoding"] = param.Clip(strings.Join(r.TransferEncoding, ", "), maxFieldValue)
	}
	ctx := context.WithoutCancel(r.Context())
	run, seq, err := g.cfg.Journal.Record(ctx, key, entry)
	if err != nil {
		return g.journalFailed(r, err)
	}
	c := &call{r: r, exam: ex, step: step, key: key, base: reply.Base(r), arrived: run.Now}
	for i, e := range run.Entries {
		if e.Exam == name && i != seq {
			c.history = append(c.history, e)
		}
	}
	if seq >= 0 {
		c.arrived = run.Entries[seq].Arrived
	}
	var a answer
	if step == stepDone {
		a = okay("exam " + name + " complete: its report card is at " + reply.Base(r) + "/grade/" + url.PathEscape(key))
	} else {
		a = ex.answer(c)
	}
	status, at := g.write(w, r, &a)
	recorded := store.JournalAnswer{Sent: at, Status: status, Fields: keptFields(w.Header(), answerFields)}
	recorded.Interim = append(sent, interimCodes(a.interim, r)...)
	if err := g.cfg.Journal.Answer(ctx, key, seq, recorded); err != nil {
		g.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "grade journal: answer not recorded", slog.String("error", err.Error()))
	}
	return nil
}

// closest is the name of names that a mistyped one most likely meant:
// the same but for case and separators, or within two edits of it; ""
// when none is that near.
func closest(typed string, names []string) string {
	norm := func(s string) string {
		return strings.Map(func(c rune) rune {
			switch c {
			case '_', ' ', '.':
				return '-'
			}
			return c
		}, strings.ToLower(s))
	}
	return spelling.Closest(typed, names, norm, 2)
}

// sameQuery is path (and step) with the request's own query, so that a
// suggestion keeps the run's key: "/exam/gives-up?key=ci-42".
func sameQuery(r *http.Request, path, step string) string {
	p := reply.Base(r) + path
	if step != "" {
		p += "/" + step
	}
	if r.URL.RawQuery == "" {
		return p + "?key=my-run"
	}
	return p + "?" + param.Clip(r.URL.RawQuery, 200)
}

// started refuses a request to a step of an exam the run has not
// started: 409 (RFC 9110, 15.5.10), saying how to start it, since a
// completion recorded without the exam would grade nothing. A run whose
// journal was full is let through: its start may be among the requests
// it only counted.
func (g *Grader) started(r *http.Request, ex *Exam, step, key string) error {
	run, err := g.cfg.Journal.Run(r.Context(), key)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return g.journalFailed(r, err)
	}
	if run.Dropped > 0 || slices.ContainsFunc(run.Entries, func(e store.JournalEntry) bool { return e.Exam == ex.Name && e.Step == stepStart }) {
		return nil
	}
	u := origin.RequestURL(r)
	return reply.Errorf(http.StatusConflict, "exam %s has not been started under key %q, so %s/exam/%s/%s has nothing to record; start it first (send: %s), e.g. %s '%s://%s%s', and follow its answers",
		ex.Name, param.Clip(key, 40), reply.Base(r), ex.Name, step, ex.Send, curlFor(ex), u.Scheme, u.Host, examLink(reply.Base(r), ex.Name, "", key))
}

// refuseMethod answers a method the exam's resource step does not take,
// and reports whether it did: OPTIONS gets 204 with Allow (written here),
// any other method the returned 405 with Allow (RFC 9110, 15.5.6) and an
// example of how the exam is taken. Neither is recorded: a run holds the
// requests the exam is about.
func refuseMethod(w http.ResponseWriter, r *http.Request, ex *Exam, step string) (bool, error) {
	allowed := ex.methods(step)
	if allowed == nil || slices.Contains(allowed, r.Method) {
		return false, nil
	}
	allow := strings.Join(append(slices.Clone(allowed), http.MethodOptions), ", ")
	if r.Method == http.MethodOptions {
		reply.Write(w, r, &reply.Response{Status: http.StatusNoContent, Fields: []reply.Field{{Name: "Allow", Value: allow}}})
		return true, nil
	}
	path := reply.Base(r) + "/exam/" + ex.Name
	if step != stepStart {
		path += "/" + step
	}
	msg := fmt.Sprintf("%s answers %s, not %s; this request was not recorded", path, strings.Join(allowed, " and "), param.Clip(r.Method, 20))
	if step == stepStart {
		u := origin.RequestURL(r)
		msg += fmt.Sprintf(". To take the exam, send: %s, e.g. %s '%s://%s%s'", ex.Send, curlFor(ex), u.Scheme, u.Host, examLink(reply.Base(r), ex.Name, "", "ci-42"))
	}
	return true, &reply.Error{Status: http.StatusMethodNotAllowed, Allow: allow, HasAllow: true, Message: msg}
}

// curlFor is the curl command that starts ex, less its URL.
func curlFor(ex *Exam) string {
	switch {
	case slices.Contains(ex.Methods, http.MethodPost):
		return `curl -H 'Content-Type: application/json' -d '{"order":42}'`
	case !slices.Contains(ex.Methods, http.MethodGet):
		return "curl -I -L"
	}
	return "curl --retry 3"
}

// write sends a and returns the final status and when it began to be
// written. That moment is the answer's Sent: the client cannot have the
// response sooner, so a gap measured from it is never shorter than the
// one the client left, and a server slowed down between writing and
// stamping errs towards passing a client, never failing one.
func (g *Grader) write(w http.ResponseWriter, r *http.Request, a *answer) (int, time.Time) {
	h := w.Header()
	// What an exam answers changes from one request to the next: no cache
	// may reuse it (revalidate says otherwise in its own fields).
	h.Set("Cache-Control", "no-store")
	if a.err != nil {
		at := time.Now()
		reply.WriteError(w, r, a.err)
		return a.err.Status, at
	}
	for _, im := range a.interim {
		reply.WriteInterim(w, r, im.status, im.fields)
	}
	var out http.ResponseWriter = w
	if a.noRetryAfter {
		out = withoutField{w, "Retry-After"}
	}
	at := time.Now()
	reply.Write(out, r, &reply.Response{Status: a.status, Content: a.content, ContentType: a.contentType,
		Message: a.message, Location: a.location, RetryAfter: a.retryAfter, Fields: a.fields})
	_ = http.NewResponseController(w).Flush()
	return a.status, at
}

// interimCodes are the 1xx of a that were sent (none to HTTP/1.0).
func interimCodes(ims []interim, r *http.Request) []int {
	if !reply.CanSendInterim(r) {
		return nil
	}
	var codes []int
	for _, im := range ims {
		codes = append(codes, im.status)
	}
	return codes
}

// withoutField is a ResponseWriter that removes one field just before the
// header section goes out: the no-retry-after exam must send a 503 with
// no Retry-After, which reply.Write otherwise supplies (3 s) as the
// registry recommends.
type withoutField struct {
	http.ResponseWriter
	name string
}

func (w withoutField) WriteHeader(code int) {
	w.Header().Del(w.name)
	w.ResponseWriter.WriteHeader(code)
}

func (w withoutField) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// readContent reads the request content, at most what the server's body
// limit allows (413 beyond, RFC 9110, 15.5.14), and returns its length and
// hash ("sha256:" and the first 16 hex digits; "" for none).
func readContent(r *http.Request) (int64, string, error) {
	if r.Body == nil {
		return 0, "", nil
	}
	h := sha256.New()
	n, err := io.Copy(h, r.Body)
	if err != nil {
		return 0, "", policy.ContentError(err)
	}
	if n == 0 {
		return 0, "", nil
	}
	return n, "sha256:" + hex.EncodeToString(h.Sum(nil)[:8]), nil
}

// keptFields copies the named fields of h, each clipped; repeated lines
// are joined as a list (RFC 9110, 5.3).
func keptFields(h http.Header, names []string) map[string]string {
	kept := make(map[string]string)
	for _, name := range names {
		if v := h.Values(name); len(v) > 0 {
			kept[name] = param.Clip(strings.Join(v, ", "), maxFieldValue)
		}
	}
	return kept
}

// runKey is the run's key: ?key= or the X-Statuskit-Key field. Given in
// both, the two must agree: a run recorded under one while the client
// believes it is the other would grade nothing the client expects.
func runKey(r *http.Request, q url.Values) (string, error) {
	fromField := r.Header.Values(KeyHeader)
	if len(fromField) > 1 {
		return "", param.Errorf("the %s field was given %d times; give the run key once, e.g. %s: ci-42", KeyHeader, len(fromField), KeyHeader)
	}
	key := q.Get("key")
	switch {
	case q.Has("key") && len(fromField) == 1 && fromField[0] != key:
		return "", param.Errorf("the run key is given twice, as ?key=%q and as %s: %q; give one of them (or the same key in both), e.g. ?key=%s alone",
			param.Clip(key, 40), KeyHeader, param.Clip(fromField[0], 40), url.QueryEscape(param.Clip(key, 40)))
	case !q.Has("key") && len(fromField) == 1:
		key = fromField[0]
	case !q.Has("key"):
		return "", param.Errorf("an exam needs the key of your run: add ?key= (or the %s field), e.g. %[2]s/exam/retry-after-seconds?key=ci-42, then read the report card at %[2]s/grade/ci-42", KeyHeader, reply.Base(r))
	}
	if err := checkKey(key); err != nil {
		return "", err
	}
	return key, nil
}

// checkKey refuses keys that cannot name a run. A key is 1 to
// MaxKeyLength visible ASCII characters (VCHAR, %x21-7E, RFC 5234, B.1):
// it reads the same in a URL, a field value, a log line and a report
// card, and cannot be confused with another by a space or a look-alike.
func checkKey(key string) error {
	ok := key != "" && len(key) <= MaxKeyLength
	for i := 0; ok && i < len(key); i++ {
		ok = key[i] > ' ' && key[i] < 0x7f
	}
	if !ok {
		return param.Errorf("the run key must be 1 to %d visible ASCII characters (letters, digits, punctuation; no spaces, controls or other characters), e.g. ci-42; got %q (%s)",
			MaxKeyLength, param.Clip(key, 40), quantity(len(key), "byte"))
	}
	return nil
}

// attemptsParam reads ?attempts= of gives-up: 1 to maxAttempts.
func attemptsParam(q url.Values) (int, error) {
	if !q.Has("attempts") {
		return defaultAttempts, nil
	}
	v := q.Get("attempts")
	n, err := strconv.Atoi(v)
	if err != nil || !param.Digits(v) || n < 1 || n > maxAttempts {
		return 0, param.Errorf("?attempts=%q must be the most requests a client may make against 500 forever, 1 to %d, e.g. ?attempts=5", param.Clip(v, 20), maxAttempts)
	}
	return n, nil
}

// journalFailed answers a request whose journal operation failed: 503
// with Retry-After when the journal is unreachable, 500 otherwise.
func (g *Grader) journalFailed(r *http.Request, err error) error {
	g.cfg.Logger.LogAttrs(r.Context(), slog.LevelError, "grade journal failed", slog.String("error", err.Error()))
	if errors.Is(err, store.ErrUnavailable) {
		return &reply.Error{Status: http.StatusServiceUnavailable, RetryAfter: "1",
			Message: "the journal that records exam runs is unreachable; this request was not graded. Retry in a second."}
	}
	return err
}

func examNames() []string {
	names := make([]string, len(Exams))
	for i, e := range Exams {
		names[i] = e.Name
	}
	return names
}

// Card serves GET /grade/{key}: the report card as JSON, as a page for a
// browser, or as text (Accept: text/plain).
func (g *Grader) Card(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("key")
	if err := checkKey(key); err != nil {
		return err
	}
	if _, err := param.Query(r, "/grade/{key}", nil, nil); err != nil {
		return err
	}
	run, err := g.cfg.Journal.Run(r.Context(), key)
	if errors.Is(err, store.ErrNotFound) {
		u := origin.RequestURL(r)
		return reply.Errorf(http.StatusNotFound, "no run is recorded under key %q (never used, or expired); take an exam with it first, e.g. curl --retry 3 '%s://%s%s'",
			param.Clip(key, 40), u.Scheme, u.Host, examLink(reply.Base(r), "retry-after-seconds", "", key))
	}
	if err != nil {
		return g.journalFailed(r, err)
	}
	card := Grade(run)
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Vary", "Accept")
	accept := r.Header.Get("Accept")
	switch format := reply.Negotiate(accept); {
	case format == reply.HTML:
		var b strings.Builder
		if err := card.WriteHTML(&b, reply.Base(r)); err != nil {
			return err
		}
		reply.Write(w, r, &reply.Response{Status: http.StatusOK, Content: []byte(b.String()), ContentType: reply.HTML.ContentType()})
	case format == reply.Text && strings.Contains(strings.ToLower(accept), "text/"):
		var b strings.Builder
		card.WriteText(&b)
		reply.Write(w, r, &reply.Response{Status: http.StatusOK, Content: []byte(b.String()), ContentType: reply.Text.ContentType()})
	default:
		return reply.WriteJSON(w, r, http.StatusOK, card)
	}
	return nil
}

// NoKey serves /grade and /grade/, which name no run: a 404 that says a
// report card is at /grade/{key}, with an example.
func (g *Grader) NoKey(w http.ResponseWriter, r *http.Request) error {
	u := origin.RequestURL(r)
	base := u.Scheme + "://" + u.Host + reply.Base(r)
	return reply.Errorf(http.StatusNotFound, "a report card is at %s/grade/{key}, with the key your client sent in ?key= or %s, e.g. %s/grade/ci-42 after %s/exam/retry-after-seconds?key=ci-42 (or statuskit grade --key ci-42); %s/exam lists the exams",
		reply.Base(r), KeyHeader, base, base, base)
}

// Forget serves DELETE /grade/{key}: the run is dropped, so the key can be
// used for a fresh run.
func (g *Grader) Forget(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("key")
	if err := checkKey(key); err != nil {
		return err
	}
	if err := g.cfg.Journal.Forget(r.Context(), key); err != nil {
		return g.journalFailed(r, err)
	}
	reply.Write(w, r, &reply.Response{Status: http.StatusNoContent})
	return nil
}

// Index serves GET /exam: the exams, their URLs and what they grade, as
// text or JSON.
func (g *Grader) Index(w http.ResponseWriter, r *http.Request) error {
	if _, err := param.Query(r, "/exam", nil, nil); err != nil {
		return err
	}
	type row struct {
		Name    string   `json:"name"`
		URL     string   `json:"url"`
		Send    string   `json:"send"`
		Methods []string `json:"methods"`
		Script  string   `json:"script"`
		Rules   []int    `json:"rules"`
		Window  string   `json:"window"`
	}
	rows := make([]row, len(Exams))
	for i, e := range Exams {
		rows[i] = row{e.Name, reply.Base(r) + "/exam/" + e.Name + "?key=KEY", e.Send, e.Methods, e.Script, e.Rules, e.Window.String()}
	}
	if reply.Negotiate(r.Header.Get("Accept")).JSONLike() {
		return reply.WriteJSON(w, r, http.StatusOK, rows)
	}
	var b strings.Builder
	b.WriteString("statuskit exams: point a client at one with a key of your choosing, then read " + reply.Base(r) + "/grade/KEY\n\n")
	for _, x := range rows {
		fmt.Fprintf(&b, "%-20s %s\n%20s send: %s; rules %v; observed %s\n", x.Name, x.Script, "", x.Send, x.Rules, x.Window)
	}
	reply.Write(w, r, &reply.Response{Status: http.StatusOK, Content: []byte(b.String()), ContentType: reply.Text.ContentType()})
	return nil
}
