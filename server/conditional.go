package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// entityTag is one entity-tag (RFC 9110, 8.8.3); opaque keeps its double
// quotes.
type entityTag struct {
	weak   bool
	opaque string
}

func (t entityTag) String() string {
	if t.weak {
		return "W/" + t.opaque
	}
	return t.opaque
}

// strongMatch and weakMatch are the two comparison functions of RFC 9110,
// 8.8.3.2: strong needs both tags strong and equal, weak only the opaque
// tags equal.
func (t entityTag) strongMatch(o entityTag) bool {
	return !t.weak && !o.weak && t.opaque == o.opaque
}

func (t entityTag) weakMatch(o entityTag) bool { return t.opaque == o.opaque }

// scanEntityTag reads one entity-tag at the start of s and returns the
// rest: [ "W/" ] DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E / obs-text.
func scanEntityTag(s string) (entityTag, string, bool) {
	var t entityTag
	if strings.HasPrefix(s, "W/") {
		t.weak, s = true, s[2:]
	}
	if len(s) < 2 || s[0] != '"' {
		return t, s, false
	}
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			t.opaque = s[:i+1]
			return t, s[i+1:], true
		case c < 0x21 || c == 0x7f:
			return t, s, false
		}
	}
	return t, s, false
}

// etagCondition is a parsed If-Match or If-None-Match: "*" or a list of
// entity-tags (RFC 9110, 13.1.1 and 13.1.2).
type etagCondition struct {
	any  bool
	tags []entityTag
}

// parseETagCondition reads every line of the field named name. A
// malformed list is an error: a tag sent without its quotes (If-None-Match:
// abc) is a common client bug that would otherwise never match, silently.
func parseETagCondition(name string, lines []string) (etagCondition, error) {
	var c etagCondition
	v := strings.Join(lines, ",")
	if strings.TrimSpace(v) == "*" {
		c.any = true
		return c, nil
	}
	rest := v
	for {
		rest = strings.TrimLeft(rest, " \t,")
		if rest == "" {
			break
		}
		t, after, ok := scanEntityTag(rest)
		if !ok {
			return c, badInput(`%s: %s is not "*" or a list of entity-tags; an entity-tag is in double quotes, e.g. %s: "abc", W/"xyz" (RFC 9110, 8.8.3)`,
				name, truncate(v, 80), name)
		}
		c.tags = append(c.tags, t)
		after = strings.TrimLeft(after, " \t")
		if after != "" && after[0] != ',' {
			return c, badInput(`%s: %s is not "*" or a list of entity-tags; separate entity-tags with commas, e.g. %s: "abc", W/"xyz" (RFC 9110, 8.8.3)`,
				name, truncate(v, 80), name)
		}
		rest = after
	}
	// An empty list is valid (#entity-tag, RFC 9110, 5.6.1) and matches
	// nothing.
	return c, nil
}

func (c etagCondition) matches(current entityTag, strong bool) bool {
	if c.any {
		return true // the representation exists
	}
	for _, t := range c.tags {
		if strong && t.strongMatch(current) || !strong && t.weakMatch(current) {
			return true
		}
	}
	return false
}

// validators are what a representation offers conditional requests (RFC
// 9110, 8.8): an entity-tag and a modification date (zero when the
// resource has none).
type validators struct {
	etag         entityTag
	lastModified time.Time
}

// conditionDate reads If-Modified-Since or If-Unmodified-Since; ok is false
// when the field must be ignored: absent, not a valid HTTP-date, or more
// than one member (RFC 9110, 13.1.3 and 13.1.4).
func conditionDate(h http.Header, name string) (time.Time, bool) {
	lines := h.Values(name)
	if len(lines) != 1 {
		return time.Time{}, false
	}
	t, err := http.ParseTime(lines[0])
	return t, err == nil
}

// evaluate applies the request's preconditions in the order of RFC 9110,
// 13.2.2 and returns the status that replaces the normal response (412
// Precondition Failed or 304 Not Modified), or 0 to go on; why says which
// condition decided. If-Range, step 5, belongs to serveRanges. err is a
// malformed entity-tag list, for 400.
func (v validators) evaluate(r *http.Request) (number int, why string, err error) {
	h := r.Header
	get := r.Method == http.MethodGet || r.Method == http.MethodHead
	// Step 1: If-Match, strong comparison (13.1.1).
	if lines := h.Values("If-Match"); len(lines) > 0 {
		c, err := parseETagCondition("If-Match", lines)
		if err != nil {
			return 0, "", err
		}
		if !c.matches(v.etag, true) {
			return http.StatusPreconditionFailed, fmt.Sprintf(
				"If-Match: %s does not match the current entity-tag %s; If-Match uses strong comparison, so weak tags never match (RFC 9110, 13.1.1)",
				truncate(strings.Join(lines, ", "), 80), v.etag), nil
		}
	} else if t, ok := conditionDate(h, "If-Unmodified-Since"); ok && !v.lastModified.IsZero() {
		// Step 2: If-Unmodified-Since, only without If-Match (13.1.4).
		if v.lastModified.After(t) {
			return http.StatusPreconditionFailed, fmt.Sprintf(
				"the representation was modified (Last-Modified: %s) after If-Unmodified-Since: %s (RFC 9110, 13.1.4)",
				v.lastModified.Format(http.TimeFormat), t.UTC().Format(http.TimeFormat)), nil
		}
	}
	// Step 3: If-None-Match, weak comparison (13.1.2).
	if lines := h.Values("If-None-Match"); len(lines) > 0 {
		c, err := parseETagCondition("If-None-Match", lines)
		if err != nil {
			return 0, "", err
		}
		if c.matches(v.etag, false) {
			if get {
				return http.StatusNotModified, "", nil
			}
			return http.StatusPreconditionFailed, fmt.Sprintf(
				"If-None-Match: %s matches the current entity-tag %s, and %s is not GET or HEAD (RFC 9110, 13.1.2)",
				truncate(strings.Join(lines, ", "), 80), v.etag, r.Method), nil
		}
	} else if t, ok := conditionDate(h, "If-Modified-Since"); ok && get && !v.lastModified.IsZero() {
		// Step 4: If-Modified-Since, only without If-None-Match and only
		// for GET and HEAD (13.1.3).
		if !v.lastModified.After(t) {
			return http.StatusNotModified, "", nil
		}
	}
	return 0, "", nil
}

// representationModified is Last-Modified of the server's generated
// representations, as a time.
var representationModified, _ = http.ParseTime(rangeLastModified)

// representation is the validator pair of /cache, /cache/{seconds} and
// /range/{n}: the same fixed values /206 and /304 send.
var representation = validators{
	etag:         entityTag{opaque: representationETag},
	lastModified: representationModified,
}

// conditionalResponse answers a precondition that decided the response:
// 304 with the fields a 200 would have carried that the caller has already
// set (ETag, Cache-Control; RFC 9110, 15.4.5), or 412 saying which
// condition failed. It reports false when the request should go on.
func (s *Server) conditionalResponse(w http.ResponseWriter, r *http.Request, v validators) bool {
	number, why, err := v.evaluate(r)
	switch {
	case err != nil:
		// The validators describe a representation this 400 is not.
		w.Header().Del("Etag")
		s.writeError(w, r, http.StatusBadRequest, err.Error())
	case number == http.StatusNotModified:
		s.newExchange(w, r, number).send()
	case number == http.StatusPreconditionFailed:
		s.writeError(w, r, number, why)
	default:
		return false
	}
	return true
}

// validatorsBody is the JSON of /cache, /cache/{seconds} and
// /etag/{etag}. It is the same for every request to a URL, so a strong
// entity-tag for it is honest (RFC 9110, 8.8.3).
type validatorsBody struct {
	ETag         string `json:"etag"`
	LastModified string `json:"last_modified,omitempty"`
	CacheControl string `json:"cache_control,omitempty"`
	Message      string `json:"message"`
}

// maxCacheSeconds is the largest /cache/{seconds}: RFC 9111, 1.2.2 has
// caches treat any larger delta-seconds as 2147483648 anyway.
const maxCacheSeconds = 2147483648

// handleCache serves /cache: a representation with an ETag and a
// Last-Modified and Cache-Control: no-cache, so a cache stores it and
// revalidates on every use. A request whose If-None-Match matches the ETag
// (or, without If-None-Match, whose If-Modified-Since is not older than
// Last-Modified) gets 304 (RFC 9110, 13.2.2).
func (s *Server) handleCache(w http.ResponseWriter, r *http.Request) {
	s.serveCacheable(w, r, "no-cache")
}

// handleCacheSeconds serves /cache/{seconds}: /cache with
// Cache-Control: public, max-age=seconds (RFC 9111, 5.2.2.1 and 5.2.2.9).
func (s *Server) handleCacheSeconds(w http.ResponseWriter, r *http.Request) {
	text := r.PathValue("seconds")
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil || !isDigits(text) || n > maxCacheSeconds {
		s.writeError(w, r, http.StatusBadRequest, fmt.Sprintf(
			"%q in /cache/{seconds} must be a whole number of seconds from 0 to %d (RFC 9111, 1.2.2), e.g. /cache/60", truncate(text, 20), int64(maxCacheSeconds)))
		return
	}
	s.serveCacheable(w, r, "public, max-age="+strconv.FormatInt(n, 10))
}

func (s *Server) serveCacheable(w http.ResponseWriter, r *http.Request, cacheControl string) {
	if _, err := endpointParams(r); err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	h := w.Header()
	h.Set("Cache-Control", cacheControl)
	h["Etag"] = etagValue
	if s.conditionalResponse(w, r, representation) {
		return
	}
	h.Set("Last-Modified", rangeLastModified)
	s.replyJSON(w, r, http.StatusOK, validatorsBody{
		ETag: representationETag, LastModified: rangeLastModified, CacheControl: cacheControl,
		Message: fmt.Sprintf("repeat the request with If-None-Match: %s or If-Modified-Since: %s to get 304 Not Modified",
			representationETag, rangeLastModified),
	})
}

// maxETagLength bounds /etag/{etag}.
const maxETagLength = 256

// etagFromPath reads the {etag} of /etag/{etag}: bare text becomes a strong
// tag ("abc", as httpbin does); a full entity-tag, such as W/"abc" for a
// weak one, is taken as it is.
func etagFromPath(v string) (entityTag, error) {
	const want = `give the tag's text (/etag/abc for "abc") or a full entity-tag (/etag/W%%2F%%22abc%%22 for W/"abc"): visible ASCII without spaces, at most %d characters`
	if v == "" || len(v) > maxETagLength {
		return entityTag{}, badInput("%q in /etag/{etag} is not an entity-tag: "+want, truncate(v, 40), maxETagLength)
	}
	if strings.HasPrefix(v, `"`) || strings.HasPrefix(v, `W/"`) {
		t, rest, ok := scanEntityTag(v)
		if !ok || rest != "" || !isVisibleASCII(t.opaque) {
			return entityTag{}, badInput("%q in /etag/{etag} is not an entity-tag: "+want, truncate(v, 40), maxETagLength)
		}
		return t, nil
	}
	if strings.Contains(v, `"`) || !isVisibleASCII(v) {
		return entityTag{}, badInput("%q in /etag/{etag} is not an entity-tag: "+want, truncate(v, 40), maxETagLength)
	}
	return entityTag{opaque: `"` + v + `"`}, nil
}

func isVisibleASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// handleETag serves /etag/{etag}: a resource whose current entity-tag is
// {etag}. If-None-Match naming it (weak comparison) or "*" gets 304;
// If-Match not naming it (strong comparison, so a weak tag never matches)
// gets 412; otherwise 200 with that ETag (RFC 9110, 13.1.1, 13.1.2 and
// 13.2.2). It has no modification date, so If-Modified-Since and
// If-Unmodified-Since are ignored, as 13.1.3 and 13.1.4 require.
func (s *Server) handleETag(w http.ResponseWriter, r *http.Request) {
	if _, err := endpointParams(r); err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	tag, err := etagFromPath(r.PathValue("etag"))
	if err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	w.Header().Set("Etag", tag.String())
	if s.conditionalResponse(w, r, validators{etag: tag}) {
		return
	}
	s.replyJSON(w, r, http.StatusOK, validatorsBody{
		ETag: tag.String(),
		Message: fmt.Sprintf("If-None-Match: %s gets 304 Not Modified; If-Match with any other tag gets 412 Precondition Failed",
			tag),
	})
}

// handleRange serves /range/{n}: n bytes of the generated alphabet with
// Accept-Ranges: bytes, an ETag and a Last-Modified. It is /206's range
// machinery (serveRanges) with a full 200 when there is no usable Range:
// one range gets 206 with Content-Range, several get multipart/byteranges,
// none satisfiable gets 416 with Content-Range: bytes */n, and a stale
// If-Range gets the whole 200 (RFC 9110, 14 and 13.1.5). Preconditions are
// evaluated first, as for every representation (13.2.2).
func (s *Server) handleRange(w http.ResponseWriter, r *http.Request) {
	if _, err := endpointParams(r); err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	n, err := pathCount(r, "n", s.cfg.MaxRangeSize, "--max-range-size")
	if err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	w.Header()["Etag"] = etagValue
	if s.conditionalResponse(w, r, representation) {
		return
	}
	x := s.newExchange(w, r, http.StatusOK)
	serveRanges(x, n, nil)
	x.send()
}
