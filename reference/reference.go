// Package reference is statuskit's web reference: the page listing every
// status code (GET /), a page per code (GET /codes/{code}) with a live "Try
// it" against the server, and their representations for the JSON API and
// terminals. Everything the pages use (style sheet, script, icon) is
// embedded, so the reference works offline and loads nothing from other
// origins.
//
// The package renders; package server routes, negotiates and validates,
// and hands the parsed request here.
package reference

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/precondition"
	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/status"
)

//go:embed assets
var assetFS embed.FS

// ErrorWriter answers a request the reference cannot serve (an unknown
// asset) with a status and a message in the client's format.
type ErrorWriter func(w http.ResponseWriter, r *http.Request, code int, message string)

// Site renders the reference. Create it with New; it is safe for
// concurrent use.
type Site struct {
	onError ErrorWriter
	*prepared
}

// prepared is what every Site shares: compressed assets and the
// unfiltered list page are the same for the whole process, so a program
// (or test) that builds many servers prepares them once.
type prepared struct {
	assets map[string]*asset
	urls   assetURLs
	// fullIndex is the unfiltered list page, rendered on first use: the
	// registry does not change while the process runs.
	fullIndex sync.Once
	full      *page
}

var shared = sync.OnceValue(func() *prepared {
	p := &prepared{assets: loadAssets()}
	p.urls = assetURLs{
		Style:   p.assets["style.css"].url,
		Script:  p.assets["app.js"].url,
		Favicon: p.assets["favicon.svg"].url,
	}
	return p
})

// New builds the site. onError answers unknown asset paths; nil uses
// http.Error.
func New(onError ErrorWriter) *Site {
	if onError == nil {
		onError = func(w http.ResponseWriter, _ *http.Request, code int, msg string) { http.Error(w, msg, code) }
	}
	return &Site{onError: onError, prepared: shared()}
}

// assetURLs are the versioned URLs pages link to: the version is a hash of
// the content, so browsers may cache them for good.
type assetURLs struct{ Style, Script, Favicon string }

// under is the URLs under a base path.
func (u assetURLs) under(base string) assetURLs {
	return assetURLs{base + u.Style, base + u.Script, base + u.Favicon}
}

// asset is one embedded static file, with its gzip form made on first
// use (compressing every asset at the best level was a tenth of a
// server's start-up).
type asset struct {
	body        []byte
	contentType string
	etag        string
	version     string
	url         string
	compress    bool
	gzOnce      sync.Once
	gz          []byte
}

// gzipped is the asset's gzip form, nil when it is not worth it.
func (a *asset) gzipped() []byte {
	a.gzOnce.Do(func() {
		if a.compress {
			a.gz = gzipBytes(a.body, gzip.BestCompression)
		}
	})
	return a.gz
}

var assetTypes = map[string]string{
	".css": "text/css; charset=utf-8",
	".js":  "text/javascript; charset=utf-8",
	".svg": "image/svg+xml",
	".png": "image/png",
}

func loadAssets() map[string]*asset {
	out := make(map[string]*asset)
	err := fs.WalkDir(assetFS, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := assetFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		version := hex.EncodeToString(sum[:6])
		name := path.Base(p)
		a := &asset{
			body:        body,
			contentType: assetTypes[path.Ext(name)],
			etag:        `"` + version + `"`,
			version:     version,
			url:         "/static/" + name + "?v=" + version,
		}
		if a.contentType == "" {
			a.contentType = "application/octet-stream"
		}
		a.compress = !strings.HasPrefix(a.contentType, "image/png")
		out[name] = a
		return nil
	})
	if err != nil {
		panic("reference: embedded assets unreadable: " + err.Error())
	}
	return out
}

// Static serves the embedded assets at /static/{name}. A request carrying
// the current ?v= version may be cached for a year; any other (such as
// the unversioned preload links of /103) is revalidated with its ETag.
func (s *Site) Static() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		a, ok := s.assets[name]
		if !ok {
			names := make([]string, 0, len(s.assets))
			for n := range s.assets {
				names = append(names, n)
			}
			slices.Sort(names)
			s.onError(w, r, http.StatusNotFound, "no static asset named "+strconv.Quote(param.Clip(name, 40))+"; this server has "+strings.Join(names, ", "))
			return
		}
		cache := "no-cache"
		if r.URL.Query().Get("v") == a.version {
			cache = "public, max-age=31536000, immutable"
		}
		serveBytes(w, r, &page{body: a.body, gz: a.gzipped(), contentType: a.contentType, etag: a.etag}, cache)
	})
}

// page is a rendered response body, with its gzip form when worth it.
type page struct {
	body, gz    []byte
	contentType string
	etag        string
}

// newPage prepares a body for serving. level is the gzip level: the best
// compression for what is rendered once and kept, the fastest for what is
// rendered per request, so a request costs little CPU.
func newPage(body []byte, contentType string, level int) *page {
	sum := sha256.Sum256(body)
	p := &page{body: body, contentType: contentType, etag: `"` + hex.EncodeToString(sum[:10]) + `"`}
	if len(body) > 1024 {
		p.gz = gzipBytes(body, level)
	}
	return p
}

// Page is a response body prepared once (ETag computed, gzip form made)
// and served many times with ServePage.
type Page struct{ p *page }

// NewPage prepares body for ServePage, with the best compression: for
// bodies that do not change while the process runs.
func NewPage(body []byte, contentType string) Page {
	return Page{newPage(body, contentType, gzip.BestCompression)}
}

// ServePage writes a prepared page as ServeBytes writes a body.
func ServePage(w http.ResponseWriter, r *http.Request, p Page) {
	serveBytes(w, r, p.p, "no-cache")
}

// ServeBytes writes body with an ETag (so revalidation is a 304), gzip
// when the client accepts it, Range and HEAD support, and
// Cache-Control: no-cache: the registry only changes with a new build,
// and revalidating costs one round trip with no body.
func ServeBytes(w http.ResponseWriter, r *http.Request, body []byte, contentType string) {
	serveBytes(w, r, newPage(body, contentType, gzip.BestSpeed), "no-cache")
}

func serveBytes(w http.ResponseWriter, r *http.Request, p *page, cacheControl string) {
	h := w.Header()
	h.Set("Content-Type", p.contentType)
	h.Set("Cache-Control", cacheControl)
	h.Set("X-Content-Type-Options", "nosniff")
	body, etag := p.body, p.etag
	if p.gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			h.Set("Content-Encoding", "gzip")
			// A different representation needs a different strong
			// validator (RFC 9110, 8.8.3).
			body, etag = p.gz, strings.TrimSuffix(p.etag, `"`)+`-gzip"`
		}
	}
	h.Set("Etag", etag)
	// The one evaluation of conditional requests (package precondition)
	// decides 304, 412 and 400 for a malformed tag list, as on every
	// other endpoint; ServeContent is left the Range.
	tag, _ := field.ParseETag(etag)
	if done, err := reply.Conditional(w, r, precondition.Validators{ETag: tag, HasETag: true, Exists: true}); done {
		if err != nil {
			reply.WriteError(w, r, err)
		}
		return
	}
	if hasAny(r.Header, "If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since") {
		r = r.Clone(r.Context())
		for _, k := range []string{"If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since"} {
			r.Header.Del(k)
		}
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

func hasAny(h http.Header, names ...string) bool {
	for _, n := range names {
		if _, ok := h[n]; ok {
			return true
		}
	}
	return false
}

// acceptsGzip reads Accept-Encoding (RFC 9110, 12.5.3): gzip, x-gzip or
// * with a non-zero weight.
func acceptsGzip(accept string) bool {
	for part := range strings.SplitSeq(accept, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "x-gzip" && coding != "*" {
			continue
		}
		k, v, ok := strings.Cut(strings.TrimSpace(params), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
			if q, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && q == 0 {
				continue
			}
		}
		return true
	}
	return false
}

func gzipBytes(b []byte, level int) []byte {
	var out bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&out, level)
	_, _ = zw.Write(b)
	_ = zw.Close()
	if out.Len() >= len(b) {
		return nil
	}
	return out.Bytes()
}

// securityHeaders keep the pages to their own origin: no inline script,
// nothing fetched from elsewhere, not framed.
func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
}

// ServeIndex writes the list page filtered by q: every code is in the
// page, the ones q does not match carry the hidden attribute, so the
// page's script can filter further as the person types while the page
// stays complete without script.
func (s *Site) ServeIndex(w http.ResponseWriter, r *http.Request, q Query) {
	var p *page
	base := reply.Base(r)
	if q.Empty() && base == "" {
		s.fullIndex.Do(func() { s.full = s.renderIndex(q, "") })
		p = s.full
	} else {
		p = s.renderIndex(q, base)
	}
	securityHeaders(w.Header())
	serveBytes(w, r, p, "no-cache")
}

// ServeCode writes the page of one code. origin is the scheme and host the
// page's curl examples address ("http://localhost:8080"); the path the
// site is mounted under comes from the request (reply.Base).
func (s *Site) ServeCode(w http.ResponseWriter, r *http.Request, c status.Code, origin string) {
	var b bytes.Buffer
	writeCodePage(&b, newCodeData(c, origin, reply.Base(r), s.urls))
	securityHeaders(w.Header())
	serveBytes(w, r, newPage(b.Bytes(), "text/html; charset=utf-8", gzip.BestSpeed), "no-cache")
}

func (s *prepared) renderIndex(q Query, base string) *page {
	var b bytes.Buffer
	writeIndexPage(&b, newIndexData(q, base, s.urls))
	level := gzip.BestSpeed
	if q.Empty() {
		level = gzip.BestCompression // rendered once and kept
	}
	return newPage(b.Bytes(), "text/html; charset=utf-8", level)
}
