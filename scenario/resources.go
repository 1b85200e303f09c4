package scenario

import (
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
	"strconv"
	"strings"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/internal/spelling"
	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/policy"
	"github.com/statuskit/statuskit/precondition"
	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/responder"
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
	// location is the URL of the resource under the request's base, with
	// ?key= when the request named its key that way.
	location string
	// requirePrecondition refuses unconditional writes with 428.
	requirePrecondition bool
}

// parseResourceRequest reads the name and the key.
func parseResourceRequest(r *http.Request) (resourceRequest, error) {
	var rr resourceRequest
	q, err := query(r, "/resources/{name}", "key", "require-precondition")
	if err != nil {
		return rr, err
	}
	if rr.requirePrecondition, err = param.Bool(q, "require-precondition"); err != nil {
		return rr, err
	}
	rr.name = r.PathValue("name")
	if err := checkResourceName(rr.name, reply.Base(r)); err != nil {
		return rr, err
	}
	var fromQuery bool
	if rr.ns, fromQuery, err = clientKey(r, q); err != nil {
		return rr, err
	}
	rr.location = resourceLocation(r, rr.name, q.Get("key"), fromQuery)
	return rr, nil
}

func resourceLocation(r *http.Request, name, key string, withKey bool) string {
	loc := reply.Link(r, "/resources/"+url.PathEscape(name))
	if withKey {
		loc += "?key=" + url.QueryEscape(key)
	}
	return loc
}

// checkResourceName allows names that need no escaping in a URL path. Its
// example path is under base (reply.Base).
func checkResourceName(name, base string) error {
	ok := name != "" && name != "." && name != ".." && len(name) <= maxResourceName
	for i := 0; ok && i < len(name); i++ {
		c := name[i]
		ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0
	}
	if !ok {
		return param.Errorf("resource name %q must be 1 to %d letters, digits, '-', '.', '_' or '~' (not . or ..), e.g. %s/resources/user-42",
			param.Clip(name, 40), maxResourceName, base)
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
	return field.ETag{Opaque: base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:15])}.String()
}

// setValidators puts the fields a 200 and a 304 for res share (RFC 9110,
// 15.4.5). no-cache makes caches revalidate on every use, which is what
// exercises a client's conditional requests. Last-Modified is left to the
// 200: a 304 with an ETag should not carry it (15.4.5).
func setValidators(h http.Header, res store.Resource) {
	h.Set("Etag", res.ETag)
	h.Set("Cache-Control", "no-cache")
}

// validatorsOf is res's state for the one evaluation of preconditions.
func validatorsOf(res store.Resource) precondition.Validators {
	tag, err := field.ParseETag(res.ETag)
	return precondition.Validators{ETag: tag, HasETag: err == nil, LastModified: res.Modified, Exists: true}
}

// ResourceGet serves GET and HEAD /resources/{name}: 200 with ETag and
// Last-Modified, 304 when If-None-Match or If-Modified-Since says the
// client's copy is current, 412 when If-Match or If-Unmodified-Since
// fails, 404 for nothing, 410 while a deleted resource's tombstone lasts.
// Preconditions are evaluated only for a resource that exists: without
// them the answer would be 404 or 410 (RFC 9110, 13.2.1).
func (s *Scenarios) ResourceGet(w http.ResponseWriter, r *http.Request) error {
	rr, err := parseResourceRequest(r)
	if err != nil {
		return err
	}
	res, err := s.cfg.Store.Resource(r.Context(), rr.ns, rr.name)
	if err != nil {
		return s.resourceMissing(r, rr, err)
	}
	h := w.Header()
	setValidators(h, res)
	if done, err := reply.Conditional(w, r, validatorsOf(res)); done {
		return err
	}
	h.Set("Last-Modified", field.FormatHTTPDate(res.Modified))
	h["X-Content-Type-Options"] = []string{"nosniff"}
	reply.Write(w, r, &reply.Response{Status: http.StatusOK, Content: res.Body, HasContent: true, ContentType: res.ContentType})
	return nil
}

// resourceMissing is the answer to a request for a name with no live
// resource: 404, 410 while its tombstone lasts, or a store failure.
func (s *Scenarios) resourceMissing(r *http.Request, rr resourceRequest, err error) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return reply.Errorf(http.StatusNotFound,
			"no resource %s in this namespace; create it with PUT %s (namespaces are per ?key=, %s, or client address)",
			rr.name, rr.location, KeyHeader)
	case errors.Is(err, store.ErrGone):
		return reply.Errorf(http.StatusGone,
			"resource %s was deleted; it answers 410 for --tombstone-ttl (%s) after deletion, then 404; PUT creates it again",
			rr.name, s.cfg.TombstoneTTL)
	}
	return s.stateFailed(r, err)
}

// requirePrecondition is the 428 (RFC 6585, 3) to an unconditional write
// when the request asked for that.
func requirePrecondition(r *http.Request, rr resourceRequest) error {
	if !rr.requirePrecondition || precondition.Conditional(r.Header) {
		return nil
	}
	return reply.Errorf(http.StatusPreconditionRequired,
		"%s %s must be conditional (?require-precondition=true): GET it, then send If-Match: <its ETag> so that you cannot overwrite someone else's change (the lost update problem); or If-None-Match: * to create only",
		r.Method, rr.location)
}

// writePreconditions evaluates the preconditions of a PUT or DELETE
// against the current state and returns the store condition that makes
// the write happen only on that state, or the answer instead (412, 400,
// and for a DELETE of nothing 404 or 410: without preconditions that
// DELETE would not be a 2xx, so they are not evaluated, RFC 9110, 13.2.1).
func (s *Scenarios) writePreconditions(w http.ResponseWriter, r *http.Request, rr resourceRequest) (store.Condition, error) {
	if !precondition.Conditional(r.Header) {
		return store.Condition{}, nil
	}
	cur, err := s.cfg.Store.Resource(r.Context(), rr.ns, rr.name)
	switch {
	case errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrGone):
		if r.Method == http.MethodDelete {
			return store.Condition{}, s.resourceMissing(r, rr, err)
		}
		// A PUT would create it (201): the preconditions apply to "no
		// current representation", where If-Match (even *) is false and
		// If-None-Match: * is true (13.1.1, 13.1.2).
		if done, err := reply.Conditional(w, r, precondition.Validators{}); done {
			return store.Condition{}, err
		}
		return store.Condition{Absent: true}, nil
	case err != nil:
		return store.Condition{}, s.stateFailed(r, err)
	}
	if done, err := reply.Conditional(w, r, validatorsOf(cur)); done {
		if err == nil {
			// A 304 cannot answer a write (If-None-Match makes it 412);
			// reaching here would be a bug.
			err = reply.Errorf(http.StatusInternalServerError, "a precondition answered %s with 304", r.Method)
		}
		return store.Condition{}, err
	}
	return store.Condition{Version: cur.Version}, nil
}

// maxWriteAttempts bounds how often a conditional write re-evaluates its
// preconditions when another request changed the resource in between.
const maxWriteAttempts = 3

// ResourcePut serves PUT /resources/{name}: 201 with Location and ETag
// when it creates, 204 with ETag when it replaces (RFC 9110, 9.3.4).
func (s *Scenarios) ResourcePut(w http.ResponseWriter, r *http.Request) error {
	rr, err := parseResourceRequest(r)
	if err != nil {
		return err
	}
	ctype, err := acceptableContent(r, resourceTypes, "")
	if err != nil {
		return err
	}
	// Decided from the header section alone, so before the content is
	// read: a client that expects 100-continue gets the 428 instead.
	if err := requirePrecondition(r, rr); err != nil {
		return err
	}
	body, err := s.readResourceBody(r)
	if err != nil {
		return err
	}
	if ctype == "application/json" && !json.Valid(body) {
		return param.Errorf("the content is declared application/json but is not valid JSON; fix it, or send it as text/plain")
	}
	rep := store.Representation{ContentType: ctype, Body: body, ETag: resourceETag(ctype, body)}
	for range maxWriteAttempts {
		cond, err := s.writePreconditions(w, r, rr)
		if err != nil {
			return err
		}
		res, created, err := s.cfg.Store.PutResource(r.Context(), rr.ns, rr.name, rep, cond, s.cfg.StateTTL)
		if errors.Is(err, store.ErrConflict) {
			continue // changed since the preconditions were evaluated
		}
		if err != nil {
			return s.stateFailed(r, err)
		}
		mods := responder.Modifiers{Fields: []reply.Field{
			{Name: "Etag", Value: res.ETag}, {Name: "Last-Modified", Value: field.FormatHTTPDate(res.Modified)},
		}}
		if created {
			mods.Location = rr.location
			return s.codes.Answer(w, r, http.StatusCreated, mods)
		}
		return s.codes.Answer(w, r, http.StatusNoContent, mods)
	}
	return reply.Errorf(http.StatusPreconditionFailed,
		"resource %s kept changing while this conditional %s was evaluated; GET it again and retry with its new ETag", rr.name, r.Method)
}

// ResourceDelete serves DELETE /resources/{name}: 204, then the name
// answers 410 while its tombstone lasts.
func (s *Scenarios) ResourceDelete(w http.ResponseWriter, r *http.Request) error {
	rr, err := parseResourceRequest(r)
	if err != nil {
		return err
	}
	if err := requirePrecondition(r, rr); err != nil {
		return err
	}
	for range maxWriteAttempts {
		cond, err := s.writePreconditions(w, r, rr)
		if err != nil {
			return err
		}
		err = s.cfg.Store.DeleteResource(r.Context(), rr.ns, rr.name, cond, s.cfg.TombstoneTTL)
		switch {
		case errors.Is(err, store.ErrConflict):
			continue
		case err != nil:
			return s.resourceMissing(r, rr, err)
		}
		return s.codes.Answer(w, r, http.StatusNoContent, responder.Modifiers{})
	}
	return reply.Errorf(http.StatusPreconditionFailed,
		"resource %s kept changing while this conditional DELETE was evaluated; GET it again and retry with its new ETag", rr.name)
}

// acceptableContent checks the request's Content-Encoding and Content-Type
// and refuses them with a 415 that says what is accepted (RFC 9110,
// 15.5.16): Accept-Encoding for a content coding, Accept (and, when
// acceptPost is set, Accept-Post, W3C LDP) for a media type.
func acceptableContent(r *http.Request, types []string, acceptPost string) (string, error) {
	accepted := strings.Join(types, ", ")
	if ce := r.Header.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
		return "", &reply.Error{Status: http.StatusUnsupportedMediaType,
			Fields:  []reply.Field{{Name: "Accept-Encoding", Value: "identity"}, {Name: "Accept", Value: accepted}},
			Message: fmt.Sprintf("Content-Encoding: %s is not accepted; send the content unencoded", param.Clip(ce, 40))}
	}
	raw := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(raw)
	if err == nil && slices.Contains(types, mt) {
		return mt, nil
	}
	fields := []reply.Field{{Name: "Accept", Value: accepted}, {Name: "Accept-Encoding", Value: "identity"}}
	if acceptPost != "" {
		fields = append(fields, reply.Field{Name: "Accept-Post", Value: acceptPost})
	}
	got := "no Content-Type"
	if raw != "" {
		got = "Content-Type: " + param.Clip(raw, 60)
	}
	return "", &reply.Error{Status: http.StatusUnsupportedMediaType, Fields: fields, Message: fmt.Sprintf(
		"%s %s with %s; send one of %s", r.Method, reply.Base(r)+r.URL.Path, got, accepted)}
}

// readResourceBody reads at most MaxResourceSize bytes, refusing more with
// 413 (RFC 9110, 15.5.14).
func (s *Scenarios) readResourceBody(r *http.Request) ([]byte, error) {
	tooLarge := &reply.Error{Status: http.StatusRequestEntityTooLarge, Close: true, Message: fmt.Sprintf(
		"a sandbox resource holds at most %d bytes (--max-resource-size)", s.cfg.MaxResourceSize)}
	if r.ContentLength > s.cfg.MaxResourceSize {
		// Not read; closing stops the client sending it.
		return nil, tooLarge
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, s.cfg.MaxResourceSize+1))
	var maxErr *http.MaxBytesError
	switch {
	case errors.As(err, &maxErr) || int64(len(body)) > s.cfg.MaxResourceSize:
		return nil, tooLarge
	case err != nil:
		return nil, param.Errorf("the request content could not be read: %v", err)
	}
	return body, nil
}

// batchItem is one element of a POST /resources array.
type batchItem struct {
	Name  *string         `json:"name"`
	Value json.RawMessage `json:"value"`
}

// parseBatchItem reads item i of a batch, or says what is wrong with it:
// not an object, a member other than name and value (named, with the
// member it is near), no name, a name that is not a string.
func parseBatchItem(i int, raw json.RawMessage) (batchItem, string) {
	const form = `{"name": "a", "value": <any JSON>}`
	var members map[string]json.RawMessage
	if err := json.Unmarshal(raw, &members); err != nil || members == nil {
		return batchItem{}, fmt.Sprintf(`item %d must be an object %s, e.g. {"name":"a","value":{"n":1}}`, i, form)
	}
	var unknown []string
	for name := range members {
		if name != "name" && name != "value" {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		hint := ""
		for _, u := range unknown {
			for _, known := range []string{"name", "value"} {
				if _, given := members[known]; !given && spelling.Near(strings.ToLower(u), known) {
					hint = fmt.Sprintf(" (did you mean %q for %q?)", known, u)
				}
			}
		}
		noun := "member"
		if len(unknown) > 1 {
			noun = "members"
		}
		return batchItem{}, fmt.Sprintf(`item %d has the unknown %s %s%s; an item has only "name" and "value", e.g. {"name":"a","value":{"n":1}}`,
			i, noun, quoteAll(unknown), hint)
	}
	nameRaw, ok := members["name"]
	if !ok {
		return batchItem{}, fmt.Sprintf(`item %d has no "name"; give the resource name, e.g. {"name":"a","value":{"n":1}}`, i)
	}
	var name string
	if err := json.Unmarshal(nameRaw, &name); err != nil {
		return batchItem{}, fmt.Sprintf(`item %d has a "name" that is not a string (%s); give the resource name as a string, e.g. {"name":"a","value":{"n":1}}`, i, param.Clip(string(nameRaw), 20))
	}
	return batchItem{Name: &name, Value: members["value"]}, ""
}

// quoteAll is names quoted and joined with ", ".
func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(param.Clip(n, 40))
	}
	return strings.Join(q, ", ")
}

// batchResult is one member of the 207 response, in request order.
type batchResult struct {
	Index   int    `json:"index"`
	Href    string `json:"href,omitempty"`
	Status  int    `json:"status"`
	ETag    string `json:"etag,omitempty"`
	Message string `json:"message,omitempty"`
}

// ResourceBatch serves POST /resources with a JSON array of {"name": ...,
// "value": <any JSON>}: each item is created as the JSON resource name, or
// fails on its own, and the answer is 207 Multi-Status with one status per
// item (RFC 4918, 13): 201 created, 400 malformed, 409 the name exists,
// 413 too large.
func (s *Scenarios) ResourceBatch(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "POST /resources", "key")
	if err != nil {
		return err
	}
	ns, fromQuery, err := clientKey(r, q)
	if err != nil {
		return err
	}
	if _, err := acceptableContent(r, []string{"application/json"}, "application/json"); err != nil {
		return err
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return policy.ContentError(err)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(body, &items); err != nil || items == nil {
		return param.Errorf(`the content must be a JSON array of items {"name": "a", "value": <any JSON>}, e.g. [{"name":"a","value":{"n":1}}]`)
	}
	if len(items) == 0 || len(items) > maxBatchItems {
		return param.Errorf("a batch holds 1 to %d items, not %d", maxBatchItems, len(items))
	}
	results := make([]batchResult, len(items))
	for i, raw := range items {
		results[i] = s.createBatchItem(r, ns, q.Get("key"), fromQuery, i, raw)
		if results[i].Status == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", storeUnavailableRetry)
		}
	}
	return reply.WriteJSON(w, r, http.StatusMultiStatus, map[string]any{"responses": results})
}

func (s *Scenarios) createBatchItem(r *http.Request, ns, key string, withKey bool, i int, raw json.RawMessage) batchResult {
	res := batchResult{Index: i}
	fail := func(status int, format string, args ...any) batchResult {
		res.Status, res.Message = status, fmt.Sprintf(format, args...)
		return res
	}
	item, problem := parseBatchItem(i, raw)
	if problem != "" {
		return fail(http.StatusBadRequest, "%s", problem)
	}
	if err := checkResourceName(*item.Name, reply.Base(r)); err != nil {
		return fail(http.StatusBadRequest, "%v", err)
	}
	res.Href = resourceLocation(r, *item.Name, key, withKey)
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
