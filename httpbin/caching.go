package httpbin

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/precondition"
	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/sample"
)

// validatorsBody is the JSON of /cache, /cache/{seconds} and
// /etag/{etag}. It is the same for every request to a URL, so a strong
// entity-tag for it is honest (RFC 9110, 8.8.3).
type validatorsBody struct {
	ETag         string `json:"etag"`
	LastModified string `json:"last_modified,omitempty"`
	CacheControl string `json:"cache_control,omitempty"`
	Message      string `json:"message"`
}

// Cache serves /cache: a representation with an ETag and a Last-Modified
// and Cache-Control: no-cache, so a cache stores it and revalidates on
// every use. A request whose If-None-Match matches the ETag (or, without
// If-None-Match, whose If-Modified-Since is not older than Last-Modified)
// gets 304 (RFC 9110, 13.2.2).
func (e *Endpoints) Cache(w http.ResponseWriter, r *http.Request) error {
	return serveCacheable(w, r, "no-cache")
}

// CacheSeconds serves /cache/{seconds}: /cache with Cache-Control: public,
// max-age=seconds (RFC 9111, 5.2.2.1 and 5.2.2.9).
func (e *Endpoints) CacheSeconds(w http.ResponseWriter, r *http.Request) error {
	text := r.PathValue("seconds")
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil || !param.Digits(text) || n > field.MaxDeltaSeconds {
		return param.Errorf("%[1]q in %[3]s/cache/{seconds} must be a whole number of seconds from 0 to %[2]d (RFC 9111, 1.2.2), e.g. %[3]s/cache/60",
			param.Clip(text, 20), int64(field.MaxDeltaSeconds), reply.Base(r))
	}
	return serveCacheable(w, r, "public, max-age="+strconv.FormatInt(n, 10))
}

func serveCacheable(w http.ResponseWriter, r *http.Request, cacheControl string) error {
	if _, err := query(r); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Cache-Control", cacheControl)
	h.Set("Etag", sample.ETag)
	if done, err := reply.Conditional(w, r, sample.Validators); done {
		return err
	}
	h.Set("Last-Modified", sample.LastModified)
	return reply.WriteJSON(w, r, http.StatusOK, validatorsBody{
		ETag: sample.ETag, LastModified: sample.LastModified, CacheControl: cacheControl,
		Message: fmt.Sprintf("repeat the request with If-None-Match: %s or If-Modified-Since: %s to get 304 Not Modified",
			sample.ETag, sample.LastModified),
	})
}

// maxETagLength bounds /etag/{etag}.
const maxETagLength = 256

// etagFromPath reads the {etag} of /etag/{etag}: bare text becomes a strong
// tag ("abc", as httpbin does); a full entity-tag, such as W/"abc" for a
// weak one, is taken as it is. The paths its errors name are under base
// (reply.Base).
func etagFromPath(v, base string) (field.ETag, error) {
	const want = `give the tag's text (%[3]s/etag/abc for "abc") or a full entity-tag (%[3]s/etag/W%%2F%%22abc%%22 for W/"abc"): visible ASCII without spaces, at most %[2]d characters`
	if v == "" || len(v) > maxETagLength {
		return field.ETag{}, param.Errorf("%[1]q in %[3]s/etag/{etag} is not an entity-tag: "+want, param.Clip(v, 40), maxETagLength, base)
	}
	if strings.HasPrefix(v, `"`) || strings.HasPrefix(v, `W/"`) {
		t, err := field.ParseETag(v)
		if err != nil || !isVisibleASCII(t.Opaque) {
			return field.ETag{}, param.Errorf("%[1]q in %[3]s/etag/{etag} is not an entity-tag: "+want, param.Clip(v, 40), maxETagLength, base)
		}
		return t, nil
	}
	if strings.Contains(v, `"`) || !isVisibleASCII(v) {
		return field.ETag{}, param.Errorf("%[1]q in %[3]s/etag/{etag} is not an entity-tag: "+want, param.Clip(v, 40), maxETagLength, base)
	}
	return field.ETag{Opaque: v}, nil
}

func isVisibleASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// ETag serves /etag/{etag}: a resource whose current entity-tag is {etag}.
// If-None-Match naming it (weak comparison) or "*" gets 304; If-Match not
// naming it (strong comparison, so a weak tag never matches) gets 412;
// otherwise 200 with that ETag (RFC 9110, 13.1.1, 13.1.2 and 13.2.2). It
// has no modification date, so If-Modified-Since and If-Unmodified-Since
// are ignored, as 13.1.3 and 13.1.4 require.
func (e *Endpoints) ETag(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	tag, err := etagFromPath(r.PathValue("etag"), reply.Base(r))
	if err != nil {
		return err
	}
	w.Header().Set("Etag", tag.String())
	if done, err := reply.Conditional(w, r, precondition.Validators{ETag: tag, HasETag: true, Exists: true}); done {
		return err
	}
	return reply.WriteJSON(w, r, http.StatusOK, validatorsBody{
		ETag: tag.String(),
		Message: fmt.Sprintf("If-None-Match: %s gets 304 Not Modified; If-Match with any other tag gets 412 Precondition Failed",
			tag),
	})
}

// Range serves /range/{n}: n bytes of the sample with Accept-Ranges:
// bytes, an ETag and a Last-Modified: one range gets 206 with
// Content-Range, several get multipart/byteranges, none satisfiable gets
// 416 with Content-Range: bytes */n, a stale If-Range gets the whole 200,
// and no usable Range a full 200 (RFC 9110, 14 and 13.1.5). Preconditions
// are evaluated first, as for every representation (13.2.2).
func (e *Endpoints) Range(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	n, err := param.Count(r, "n", e.cfg.MaxRangeSize, "--max-range-size")
	if err != nil {
		return err
	}
	w.Header().Set("Etag", sample.ETag)
	if done, err := reply.Conditional(w, r, sample.Validators); done {
		return err
	}
	resp := sample.Ranges(w, r, n, nil)
	reply.Write(w, r, &resp)
	return nil
}
