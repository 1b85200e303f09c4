package httpbin

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/policy"
	"github.com/statuskit/statuskit/reply"
)

// echoBody is httpbin's answer of /anything, /get-style endpoints and
// /delay/{n}: what arrived, as JSON. Field names are httpbin's, so a suite
// written against httpbin parses it unchanged.
type echoBody struct {
	Args    map[string]any    `json:"args"`
	Data    string            `json:"data"`
	Files   map[string]any    `json:"files"`
	Form    map[string]any    `json:"form"`
	Headers map[string]string `json:"headers"`
	JSON    any               `json:"json"`
	Method  string            `json:"method"`
	Origin  string            `json:"origin"`
	URL     string            `json:"url"`
}

// Anything serves /anything and /anything/{path...}: an echo of the
// request's method, query, fields and content, in httpbin's JSON shape.
// It takes every method, so it is the natural target for checking what a
// client sends after a 307 or 308 (the method and content kept, RFC 9110,
// 15.4.8) or a 303 (a GET without content, 15.4.4). The content is read up
// to the server's body limit (413 beyond).
func (e *Endpoints) Anything(w http.ResponseWriter, r *http.Request) error {
	body, err := echo(r, true)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return reply.WriteJSON(w, r, http.StatusOK, body)
}

// echo describes r; withContent reads and describes its content.
func echo(r *http.Request, withContent bool) (echoBody, error) {
	out := echoBody{
		Args: values(r.URL.Query()), Files: map[string]any{}, Form: map[string]any{},
		Headers: map[string]string{}, Method: r.Method, Origin: clientIP(r), URL: requestURL(r),
	}
	if r.Method == http.MethodHead {
		// HEAD sends GET's fields without the content (RFC 9110, 9.3.2),
		// and its Content-Length must be the GET content's length (8.6):
		// so the content not sent is GET's.
		out.Method = http.MethodGet
	}
	for name, vs := range r.Header {
		out.Headers[name] = strings.Join(vs, ",")
	}
	if r.Host != "" {
		out.Headers["Host"] = r.Host
	}
	if !withContent {
		return out, nil
	}
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return out, policy.ContentError(err)
	}
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case mt == "multipart/form-data" && params["boundary"] != "":
		if err := readMultipart(&out, data, params["boundary"]); err == nil {
			return out, nil
		}
	case mt == "application/x-www-form-urlencoded":
		if form, err := url.ParseQuery(string(data)); err == nil {
			out.Form = values(form)
			return out, nil
		}
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		var v any
		if json.Unmarshal(data, &v) == nil {
			out.JSON = v
		}
	}
	if utf8.Valid(data) {
		out.Data = string(data)
	} else {
		// httpbin's form for binary content.
		out.Data = "data:application/octet-stream;base64," + base64.StdEncoding.EncodeToString(data)
	}
	return out, nil
}

// values is a query or form as httpbin shows it: a string for a name
// given once, a list for one given several times.
func values(v url.Values) map[string]any {
	out := make(map[string]any, len(v))
	for k, vs := range v {
		if len(vs) == 1 {
			out[k] = vs[0]
		} else {
			out[k] = vs
		}
	}
	return out
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func requestURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + r.RequestURI
}

// maxDelaySeconds is httpbin's own cap on /delay/{n}.
const maxDelaySeconds = 10

// delayError is the 400 for a /delay/{n} this server will not wait: its
// examples lie inside limit (seconds), and with no sleeping allowed
// (--max-sleep 0) it says delays are off and which flag turns them on.
// Its paths are under base (reply.Base).
func delayError(text string, limit float64, base string) error {
	if limit <= 0 {
		return param.Errorf("%q in %[2]s/delay/{n}: delays are off on this server (--max-sleep 0), so only %[2]s/delay/0 answers; start the server with --max-sleep 10s to allow %[2]s/delay/{n} up to 10 seconds",
			param.Clip(text, 20), base)
	}
	whole := min(2, limit)
	if limit >= 1 {
		whole = min(2, math.Floor(limit))
	}
	sleep := min(250, int64(limit*1000))
	return param.Errorf("%[1]q in %[6]s/delay/{n} must be a number of seconds from 0 to %[2]g (httpbin's unit; at most 10, and --max-sleep), e.g. %[6]s/delay/%[3]g or %[6]s/delay/%[4]g; for milliseconds use %[6]s/200?sleep=%[5]d",
		param.Clip(text, 20), limit, whole, whole/4, sleep, base)
}

// Delay serves /delay/{n}: httpbin's delayed echo, n in SECONDS as
// httpbin has it (a path segment, not a parameter: statuskit's parameters
// take milliseconds, ?sleep=250), at most 10 and at most the server's sleep
// cap. The wait counts against the sleeping-request cap (503 beyond).
func (e *Endpoints) Delay(w http.ResponseWriter, r *http.Request) error {
	text := r.PathValue("n")
	secs, err := strconv.ParseFloat(text, 64)
	limit := min(float64(maxDelaySeconds), e.cfg.MaxSleep.Seconds())
	if err != nil || !(secs >= 0) || secs > limit || strings.ContainsAny(text, "eE+-") {
		return delayError(text, limit, reply.Base(r))
	}
	if e.cfg.Sleep != nil {
		if err := e.cfg.Sleep(r, time.Duration(secs*float64(time.Second))); err != nil {
			return err
		}
		if r.Context().Err() != nil {
			return nil // the client went away
		}
	}
	body, err := echo(r, true)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return reply.WriteJSON(w, r, http.StatusOK, body)
}

// equivalents name statuskit's way of doing what an httpbin endpoint it
// does not serve does, by the path's first segment.
var equivalents = map[string]string{
	"get":              "/anything (httpbin's echo, for every method) or /200",
	"post":             "/anything, which takes every method",
	"put":              "/anything, which takes every method",
	"patch":            "/anything, which takes every method",
	"delete":           "/anything, which takes every method",
	"headers":          "/anything, whose headers member echoes the request's fields",
	"ip":               "/anything, whose origin member is the client's address",
	"user-agent":       "/anything, whose headers member holds User-Agent",
	"response-headers": "/200?header=Name:Value (repeatable) or the X-Statuskit-Response-Name request field",
	"bytes":            "/range/{n}, n bytes with Range support",
	"stream-bytes":     "/range/{n}",
	"drip":             "/200?sleep=2s, or /102 for interim responses while waiting",
	"html":             "/200 with Accept: text/html",
	"json":             "/200 with Accept: application/json",
	"xml":              "/207, a WebDAV multistatus in XML",
	"digest-auth":      "/basic-auth/{user}/{pass} or /bearer (statuskit has no Digest authentication)",
	"uuid":             "/200?id=... (statuskit echoes no random data)",
	"deny":             "/403",
	"encoding":         "/200 with Accept: text/plain (UTF-8)",
}

// Equivalent names statuskit's equivalent of an httpbin path it does not
// serve, or "" when there is none. path is the path the mux sees; base is
// the mount the server is under (reply.Base, "" at the root), and the
// paths the text names are under it, as the client must write them.
func Equivalent(path, base string) string {
	first, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	return param.UnderBase(base, equivalents[first])
}

// forms are the path forms of the httpbin-style endpoints statuskit
// serves, by first segment, for the 404 of a path that starts like one of
// them but does not match its form (/basic-auth/, /etag/a/b).
var forms = map[string]string{
	"basic-auth":        "/basic-auth/{user}/{password}, e.g. /basic-auth/alice/secret",
	"hidden-basic-auth": "/hidden-basic-auth/{user}/{password}, e.g. /hidden-basic-auth/alice/secret",
	"cache":             "/cache, or /cache/{seconds}, e.g. /cache/60",
	"etag":              "/etag/{etag}, e.g. /etag/v1",
	"range":             "/range/{n}, e.g. /range/3",
	"redirect":          "/redirect/{n}, e.g. /redirect/3",
	"relative-redirect": "/relative-redirect/{n}, e.g. /relative-redirect/3",
	"absolute-redirect": "/absolute-redirect/{n}, e.g. /absolute-redirect/3",
	"delay":             "/delay/{seconds}, e.g. /delay/2",
	"bearer":            "/bearer, with Authorization: Bearer <token>",
	"redirect-to":       "/redirect-to?url={target}, e.g. /redirect-to?url=/200",
	"status":            "/status/{codes}, e.g. /status/200,503",
	"websocket":         "/websocket/echo",
}

// Form is the path form, with an example, of the httpbin-style endpoint
// that path starts like ("/basic-auth/{user}/{password}, e.g.
// /basic-auth/alice/secret" for "/basic-auth/"), or "" when path starts
// like none of them. Like Equivalent, its paths are under base.
func Form(path, base string) string {
	first, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	return param.UnderBase(base, forms[first])
}

// maxParts bounds the parts of a multipart/form-data content /anything
// reads.
const maxParts = 1000

// readMultipart fills form and files from multipart/form-data content, as
// httpbin shows them: a field's value as text, a file's content as text
// or, when it is not UTF-8, as a base64 data URL.
func readMultipart(out *echoBody, data []byte, boundary string) error {
	mr := multipart.NewReader(bytes.NewReader(data), boundary)
	form, files := url.Values{}, url.Values{}
	for range maxParts {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			out.Form, out.Files = values(form), values(files)
			return nil
		}
		if err != nil {
			return err
		}
		content, err := io.ReadAll(part)
		if err != nil {
			return err
		}
		text := string(content)
		if !utf8.Valid(content) {
			ctype := part.Header.Get("Content-Type")
			if ctype == "" {
				ctype = "application/octet-stream"
			}
			text = "data:" + ctype + ";base64," + base64.StdEncoding.EncodeToString(content)
		}
		if part.FileName() != "" {
			files.Add(part.FormName(), text)
		} else {
			form.Add(part.FormName(), text)
		}
	}
	return fmt.Errorf("more than %d parts", maxParts)
}
