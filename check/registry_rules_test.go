package check

import (
	"net/http"
	"strings"

	"github.com/statuskit/statuskit/status"
)

// fieldValues are valid values of the fields registry rules ask for.
var fieldValues = map[string]string{
	"Allow":              "POST",
	"WWW-Authenticate":   `Bearer realm="api"`,
	"Proxy-Authenticate": `Basic realm="proxy"`,
	"Location":           "/ok",
	"Upgrade":            "h2c",
	"Link":               `</why>; rel="blocked-by"`,
	"Retry-After":        "5",
	"ETag":               `"x"`,
}

func fieldValue(name string) string {
	if v, ok := fieldValues[name]; ok {
		return v
	}
	return "x"
}

// withFields answers code with every field the registry always asks of
// it except skip, and answers its own validators' preconditions (a 2xx
// with an ETag gets conditional probes).
func withFields(code status.Code, skip string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var fields []string
		for _, h := range code.Headers {
			if h.When == status.Always && h.Name != skip {
				fields = append(fields, h.Name, fieldValue(h.Name))
			}
		}
		if code.Advice.Retry == status.RetryAfterDelay {
			fields = append(fields, "Cache-Control", "no-store")
		}
		etag := ""
		for i := 0; i < len(fields); i += 2 {
			if fields[i] == "ETag" {
				etag = fields[i+1]
			}
		}
		switch {
		case etag != "" && r.Header.Get("If-None-Match") == etag:
			answer(http.StatusNotModified, "", "ETag", etag)(w, r)
		case etag != "" && r.Header.Get("If-Match") != "":
			answer(http.StatusPreconditionFailed, "")(w, r)
		default:
			answer(code.Number, "", fields...)(w, r)
		}
	}
}

// dropping deletes a field when the status it is written with is code.
type dropping struct {
	http.ResponseWriter
	code  int
	field string
}

func (d dropping) WriteHeader(code int) {
	if code == d.code {
		d.Header().Del(d.field)
	}
	d.ResponseWriter.WriteHeader(code)
}

// richResource is /r with every field a 304 or 206 must repeat.
func richResource(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Expires", "Thu, 01 Jan 2099 00:00:00 GMT")
	w.Header().Set("Content-Location", "/r")
	w.Header().Set("Vary", "Accept")
	resource(w, r)
}

// registryCases make a broken and a correct fixture for every registry
// rule, by its condition.
func registryCases() []ruleCase {
	var out []ruleCase
	for _, code := range status.All() {
		for _, h := range code.Headers {
			if !evaluable(h.When) {
				continue
			}
			id := strings.ToLower(h.Name) + "-on-" + itoa(code.Number)
			rc := ruleCase{rule: id, correct: api(nil)}
			switch {
			case code.Number == 101:
				rc.broken = api(on("/r", raw("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n\r\n"), getHead...))
				rc.also = []string{"switching-without-upgrade"} // no probe asks for an Upgrade
			case code.Number == 103:
				rc.broken = api(on("/r", func(w http.ResponseWriter, r *http.Request) {
					w.WriteHeader(http.StatusEarlyHints)
					resource(w, r)
				}, getHead...))
				rc.correct = api(on("/r", func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Link", "</style.css>; rel=preload; as=style")
					w.WriteHeader(http.StatusEarlyHints)
					w.Header().Del("Link")
					resource(w, r)
				}, getHead...))
			case h.When == status.Always:
				rc.broken = api(on("/r", withFields(code, h.Name), getHead...))
				rc.correct = api(on("/r", withFields(code, ""), getHead...))
			case h.When == status.WhenCreated:
				rc.paths, rc.cfg = []string{"/collection"}, withUnsafe
				rc.broken = api(on("/collection", answer(http.StatusCreated, ""), http.MethodPost))
			case h.When == status.WhenMediaTypeRefused:
				rc.paths, rc.cfg = []string{"/collection"}, withUnsafe
				rc.broken = api(on("/collection", answer(http.StatusUnsupportedMediaType, "", "Accept-Post", "application/json"), http.MethodPost))
			case h.When == status.WhenByteRange:
				rc.broken = api(func(w http.ResponseWriter, r *http.Request) bool {
					if r.Header.Get("Range") != "bytes=999999999999999-" {
						return false
					}
					answer(http.StatusRequestedRangeNotSatisfiable, "")(w, r)
					return true
				})
			case h.When == status.WhenSinglePart:
				rc.broken = api(ranged(answer(http.StatusPartialContent, "h", "ETag", `"v1"`, "Cache-Control", "no-cache")))
			case h.When == status.WhenSentOn200:
				code, name := code.Number, h.Name
				rc.broken = api(on("/r", func(w http.ResponseWriter, r *http.Request) {
					richResource(dropping{w, code, name}, r)
				}, getHead...))
				rc.correct = api(on("/r", richResource, getHead...))
			default:
				continue
			}
			out = append(out, rc)
		}
	}
	return out
}
