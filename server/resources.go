package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/statuskit/statuskit/store"
)

// The resource sandbox: /resources/{name} in a namespace per client key,
// for testing conditional requests (RFC 9110, 13), creation and deletion
// semantics, and batch writes.

// resourceTypes are the media types a sandbox resource may have. HTML and
// XML are left out on purpose: served from this origin, client-supplied
// markup could run script in a browser.
var resourceTypes = []string{"application/json", "text/plain", "application/octet-stream"}

// maxBatchItems bounds a POST /resources batch.
const maxBatchItems = 100

// maxResourceName bounds a resource name.
const maxResourceName = 128

// resourceRequest is what every /resources/{name} handler parses first.
type resourceRequest struct {
	ns, name string
	// location is the URL of the resource, with ?key= when the request
	// named its key that way.
	location string
	// requirePrecondition refuses unconditional writes with 428.
	requirePrecondition bool
}

// parseResourceRequest reads the name and the key; it has answered 400
// when it returns false.
func (s *Server) parseResourceRequest(w http.ResponseWriter, r *http.Request) (resourceRequest, bool) {
	var rr resourceRequest
	q, err := scenarioParams(r, "/resources/{name}", "key", "require-precondition")
	if err == nil {
		rr.requirePrecondition, err = parseBool(q, "require-precondition")
	}
	if err == nil {
		rr.name = r.PathValue("name")
		err = checkResourceName(rr.name)
	}
	var fromQuery bool
	if err == nil {
		rr.ns, fromQuery, err = clientKey(r, q)
	}
	if err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return rr, false
	}
	rr.location = resourceLocation(rr.name, q.Get("key"), fromQuery)
	return rr, true
}

func resourceLocation(name, key string, withKey bool) string {
	loc := "/resources/" + url.PathEscape(name)
	if withKey {
		loc += "?key=" + url.QueryEscape(key)
	}
	return loc
}

// checkResourceName allows names that need no escaping in a URL path.
func checkResourceName(name string) error {
	ok := name != "" && name != "." && name != ".." && len(name) <= maxResourceName
	for i := 0; ok && i < len(name); i++ {
		c := name[i]
		ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0
	}
	if !ok {
		return badInput("resource name %q must be 1 to %d letters, digits, '-', '.', '_' or '~' (not . or ..), e.g. /resources/user-42",
			truncate(name, 40), maxResourceName)
	}
	return nil
}

// resourceETag is a strong entity-tag of the representation: the same
// bytes and type always get the same tag, different ones (almost surely)
// not, which is what a strong validator promises (RFC 9110, 8.8.3).
func resourceETag(ctype string, body []byte) string {
	h := sha256.New()
	h.Write([]byte(ctype))
	h.Write([]byte{0})
	h.Write(body)
	return `"` + base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:15]) + `"`
}

// setValidators puts the fields a 200 and a 304 for res share (RFC 9110,
// 15.4.5). no-cache makes caches revalidate on every use, which is what
// exercises a client's conditional requests. Last-Modified is left to the
// 200: a 304 with an ETag should not carry it (15.4.5).
func setValidators(h http.Header, res store.Resource) {
	h.Set("Etag", res.ETag)
	h.Set("Cache-Control", "no-cache")
}

func validatorsOf(res store.Resource) validators {
	// Last-Modified has one-second resolution; compare at that resolution
	// or a resource would always look modified since its own date.
	return validators{etag: entityTag{opaque: res.ETag}, lastModified: res.Modified.UTC().Truncate(1e9)}
}

// handleResourceGet serves GET and HEAD /resources/{name}: 200 with ETag
// and Last-Modified, 304 when If-None-Match or If-Modified-Since says the
// client's copy is current, 412 when If-Match or If-Unmodified-Since
// fails, 404 for nothing, 410 while a deleted resource's tombstone lasts.
func (s *Server) handleResourceGet(w http.ResponseWriter, r *http.Request) {
	rr, ok := s.parseResourceRequest(w, r)
	if !ok {
		return
	}
	res, err := s.cfg.Store.Resource(r.Context(), rr.ns, rr.name)
	if err != nil {
		s.resourceMissing(w, r, rr, err)
		return
	}
	h := w.Header()
	setValidators(h, res)
	if s.conditionalResponse(w, r, validatorsOf(res)) {
		return
	}
	h.Set("Last-Modified", res.Modified.UTC().Format(http.TimeFormat))
	h["X-Content-Type-Options"] = nosniff
	x := s.newExchange(w, r, http.StatusOK)
	x.body, x.ctype = res.Body, res.ContentType
	x.send()
}

// resourceMissing answers a read of a name with no live resource.
func (s *Server) resourceMissing(w http.ResponseWriter, r *http.Request, rr resourceRequest, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.writeError(w, r, http.StatusNotFound, fmt.Sprintf(
			"no resource %s in this namespace; create it with PUT %s (namespaces are per ?key=, %s, or client address)",
			rr.name, rr.location, keyHeader))
	case errors.Is(err, store.ErrGone):
		s.writeError(w, r, http.StatusGone, fmt.Sprintf(
			"resource %s was deleted; it answers 410 for --tombstone-ttl (%s) after deletion, then 404; PUT creates it again",
			rr.name, s.cfg.TombstoneTTL))
	default:
		s.stateFailed(w, r, err)
	}
}

// conditional reports whether the request carries a precondition that
// protects a write (RFC 9110, 13.1).
func conditional(r *http.Request) bool {
	h := r.Header
	return len(h.Values("If-Match")) > 0 || len(h.Values("If-None-Match")) > 0 || len(h.Values("If-Unmodified-Since")) > 0
}

// requirePrecondition answers 428 (RFC 6585, 3) to an unconditional write
// when the request asked for that; it reports whether it did.
func (s *Server) requirePrecondition(w http.ResponseWriter, r *http.Request, rr resourceRequest) bool {
	if !rr.requirePrecondition || conditional(r) {
		return false
	}
	s.writeError(w, r, http.StatusPreconditionRequired, fmt.Sprintf(
		"%s %s must be conditional (?require-precondition=true): GET it, then send If-Match: <its ETag> so that you cannot overwrite someone else's change (the lost update problem); or If-None-Match: * to create only",
		r.Method, rr.location))
	return true
}

// writePreconditions evaluates the preconditions of a PUT or DELETE
// against the current state and returns the store condition that makes
// the write happen only on that state. It has answered (412 or 400) when
// ok is false.
func (s *Server) writePreconditions(w http.ResponseWriter, r *http.Request, rr resourceRequest) (cond store.Condition, ok bool) {
	if !conditional(r) {
		return cond, true
	}
	cur, err := s.cfg.Store.Resource(r.Context(), rr.ns, rr.name)
	switch {
	case errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrGone):
		// No current representation: If-Match (even *) is false (RFC
		// 9110, 13.1.1); If-None-Match is true; the dates have no
		// modification date to compare and are ignored (13.1.4).
		if lines := r.Header.Values("If-Match"); len(lines) > 0 {
			if _, perr := parseETagCondition("If-Match", lines); perr != nil {
				s.writeError(w, r, http.StatusBadRequest, perr.Error())
				return cond, false
			}
			s.writeError(w, r, http.StatusPreconditionFailed, fmt.Sprintf(
				"If-Match: %s cannot match: there is no resource %s (RFC 9110, 13.1.1); to create it, send If-None-Match: * instead",
				truncate(strings.Join(lines, ", "), 80), rr.name))
			return cond, false
		}
		if lines := r.Header.Values("If-None-Match"); len(lines) > 0 {
			if _, perr := parseETagCondition("If-None-Match", lines); perr != nil {
				s.writeError(w, r, http.StatusBadRequest, perr.Error())
				return cond, false
			}
		}
		return store.Condition{Absent: true}, true
	case err != nil:
		s.stateFailed(w, r, err)
		return cond, false
	}
	if s.conditionalResponse(w, r, validatorsOf(cur)) {
		return cond, false
	}
	return store.Condition{Version: cur.Version}, true
}

// maxWriteAttempts bounds how often a conditional write re-evaluates its
// preconditions when another request changed the resource in between.
const maxWriteAttempts = 3

// handleResourcePut serves PUT /resources/{name}: 201 with Location and
// ETag when it creates, 204 with ETag when it replaces (RFC 9110, 9.3.4).
func (s *Server) handleResourcePut(w http.ResponseWriter, r *http.Request) {
	rr, ok := s.parseResourceRequest(w, r)
	if !ok {
		return
	}
	ctype, ok := s.acceptableContent(w, r, resourceTypes, "")
	if !ok {
		return
	}
	body, ok := s.readResourceBody(w, r)
	if !ok {
		return
	}
	if ctype == "application/json" && !json.Valid(body) {
		s.writeError(w, r, http.StatusBadRequest, "the content is declared application/json but is not valid JSON; fix it, or send it as text/plain")
		return
	}
	if s.requirePrecondition(w, r, rr) {
		return
	}
	rep := store.Representation{ContentType: ctype, Body: body, ETag: resourceETag(ctype, body)}
	for range maxWriteAttempts {
		cond, ok := s.writePreconditions(w, r, rr)
		if !ok {
			return
		}
		res, created, err := s.cfg.Store.PutResource(r.Context(), rr.ns, rr.name, rep, cond, s.cfg.StateTTL)
		if errors.Is(err, store.ErrConflict) {
			continue // changed since the preconditions were evaluated
		}
		if err != nil {
			s.stateFailed(w, r, err)
			return
		}
		mods := modifiers{final: http.StatusOK, headers: []headerField{
			{"Etag", res.ETag}, {"Last-Modified", res.Modified.UTC().Format(http.TimeFormat)},
		}}
		if created {
			mods.location = rr.location
			s.answer(w, r, http.StatusCreated, mods)
		} else {
			s.answer(w, r, http.StatusNoContent, mods)
		}
		return
	}
	s.writeError(w, r, http.StatusPreconditionFailed, fmt.Sprintf(
		"resource %s kept changing while this conditional %s was evaluated; GET it again and retry with its new ETag", rr.name, r.Method))
}

// handleResourceDelete serves DELETE /resources/{name}: 204, then the name
// answers 410 while its tombstone lasts.
func (s *Server) handleResourceDelete(w http.ResponseWriter, r *http.Request) {
	rr, ok := s.parseResourceRequest(w, r)
	if !ok || s.requirePrecondition(w, r, rr) {
		return
	}
	for range maxWriteAttempts {
		cond, ok := s.writePreconditions(w, r, rr)
		if !ok {
			return
		}
		if cond.Absent {
			// Only If-None-Match held, because nothing is there.
			s.resourceMissing(w, r, rr, store.ErrNotFound)
			return
		}
		err := s.cfg.Store.DeleteResource(r.Context(), rr.ns, rr.name, cond, s.cfg.TombstoneTTL)
		switch {
		case errors.Is(err, store.ErrConflict):
			continue
		case err != nil:
			s.resourceMissing(w, r, rr, err)
		default:
			s.answer(w, r, http.StatusNoContent, modifiers{final: http.StatusOK})
		}
		return
	}
	s.writeError(w, r, http.StatusPreconditionFailed, fmt.Sprintf(
		"resource %s kept changing while this conditional DELETE was evaluated; GET it again and retry with its new ETag", rr.name))
}

// acceptableContent checks the request's Content-Encoding and Content-Type
// and answers 415 saying what is accepted (RFC 9110, 15.5.16) when they
// are not; acceptPost, when set, also goes in Accept-Post (W3C LDP).
func (s *Server) acceptableContent(w http.ResponseWriter, r *http.Request, types []string, acceptPost string) (string, bool) {
	if ce := r.Header.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
		w.Header().Set("Accept-Encoding", "identity")
		s.writeError(w, r, http.StatusUnsupportedMediaType, fmt.Sprintf(
			"Content-Encoding: %s is not accepted; send the content unencoded", truncate(ce, 40)))
		return "", false
	}
	raw := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(raw)
	if err == nil && slices.Contains(types, mt) {
		return mt, true
	}
	if acceptPost != "" {
		w.Header().Set("Accept-Post", acceptPost)
	}
	got := "no Content-Type"
	if raw != "" {
		got = "Content-Type: " + truncate(raw, 60)
	}
	s.writeError(w, r, http.StatusUnsupportedMediaType, fmt.Sprintf(
		"%s %s with %s; send one of %s", r.Method, r.URL.Path, got, strings.Join(types, ", ")))
	return "", false
}

// readResourceBody reads at most MaxResourceSize bytes, answering 413
// beyond (RFC 9110, 15.5.14).
func (s *Server) readResourceBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	tooLarge := func() ([]byte, bool) {
		s.writeError(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf(
			"a sandbox resource holds at most %d bytes (--max-resource-size)", s.cfg.MaxResourceSize))
		return nil, false
	}
	if r.ContentLength > s.cfg.MaxResourceSize {
		// Not read; closing stops the client sending it.
		w.Header().Set("Connection", "close")
		return tooLarge()
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, s.cfg.MaxResourceSize+1))
	var maxErr *http.MaxBytesError
	switch {
	case errors.As(err, &maxErr) || int64(len(body)) > s.cfg.MaxResourceSize:
		w.Header().Set("Connection", "close")
		return tooLarge()
	case err != nil:
		s.writeError(w, r, http.StatusBadRequest, "the request content could not be read: "+err.Error())
		return nil, false
	}
	return body, true
}

// batchItem is one element of a POST /resources array.
type batchItem struct {
	Name  *string         `json:"name"`
	Value json.RawMessage `json:"value"`
}

// batchResult is one member of the 207 response, in request order.
type batchResult struct {
	Index   int    `json:"index"`
	Href    string `json:"href,omitempty"`
	Status  int    `json:"status"`
	ETag    string `json:"etag,omitempty"`
	Message string `json:"message,omitempty"`
}

// handleResourceBatch serves POST /resources with a JSON array of
// {"name": ..., "value": <any JSON>}: each item is created as the JSON
// resource name, or fails on its own, and the answer is 207 Multi-Status
// with one status per item (RFC 4918, 13): 201 created, 400 malformed, 409
// the name exists, 413 too large.
func (s *Server) handleResourceBatch(w http.ResponseWriter, r *http.Request) {
	q, err := scenarioParams(r, "POST /resources", "key")
	if err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	ns, fromQuery, err := clientKey(r, q)
	if err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	if _, ok := s.acceptableContent(w, r, []string{"application/json"}, "application/json"); !ok {
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			w.Header().Set("Connection", "close")
			s.writeError(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("the batch is larger than %d bytes (--max-body)", s.cfg.MaxBody))
			return
		}
		s.writeError(w, r, http.StatusBadRequest, "the request content could not be read: "+err.Error())
		return
	}
	var items []json.RawMessage
	if err := json.Unmarshal(body, &items); err != nil || items == nil {
		s.writeError(w, r, http.StatusBadRequest,
			`the content must be a JSON array of items {"name": "a", "value": <any JSON>}, e.g. [{"name":"a","value":{"n":1}}]`)
		return
	}
	if len(items) == 0 || len(items) > maxBatchItems {
		s.writeError(w, r, http.StatusBadRequest, fmt.Sprintf("a batch holds 1 to %d items, not %d", maxBatchItems, len(items)))
		return
	}
	results := make([]batchResult, len(items))
	for i, raw := range items {
		results[i] = s.createBatchItem(r, ns, q.Get("key"), fromQuery, i, raw)
		if results[i].Status == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", storeUnavailableRetry)
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(map[string]any{"responses": results})
	x := s.newExchange(w, r, http.StatusMultiStatus)
	x.body, x.ctype = b.Bytes(), "application/json"
	x.send()
}

func (s *Server) createBatchItem(r *http.Request, ns, key string, withKey bool, i int, raw json.RawMessage) batchResult {
	res := batchResult{Index: i}
	fail := func(status int, format string, args ...any) batchResult {
		res.Status, res.Message = status, fmt.Sprintf(format, args...)
		return res
	}
	var item batchItem
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&item); err != nil || item.Name == nil {
		return fail(http.StatusBadRequest, `item %d must be an object {"name": "a", "value": <any JSON>}`, i)
	}
	if err := checkResourceName(*item.Name); err != nil {
		return fail(http.StatusBadRequest, "%v", err)
	}
	res.Href = resourceLocation(*item.Name, key, withKey)
	if item.Value == nil {
		return fail(http.StatusBadRequest, `item %d has no "value"; give any JSON value, e.g. {"name": %q, "value": {"n": 1}}`, i, *item.Name)
	}
	if int64(len(item.Value)) > s.cfg.MaxResourceSize {
		return fail(http.StatusRequestEntityTooLarge, "the value is %d bytes; a resource holds at most %d (--max-resource-size)", len(item.Value), s.cfg.MaxResourceSize)
	}
	const ctype = "application/json"
	rep := store.Representation{ContentType: ctype, Body: item.Value, ETag: resourceETag(ctype, item.Value)}
	stored, _, err := s.cfg.Store.PutResource(r.Context(), ns, *item.Name, rep, store.Condition{Absent: true}, s.cfg.StateTTL)
	switch {
	case errors.Is(err, store.ErrConflict):
		return fail(http.StatusConflict, "resource %s already exists; POST only creates (use PUT to replace it)", *item.Name)
	case errors.Is(err, store.ErrUnavailable):
		return fail(http.StatusServiceUnavailable, "the state store is unreachable; retry this item later")
	case err != nil:
		return fail(http.StatusInternalServerError, "the state store failed: %v", err)
	}
	res.Status, res.ETag = http.StatusCreated, stored.ETag
	return res
}
