package reply

import (
	"bytes"
	"encoding/json"
	"html"
	"strconv"
	"sync/atomic"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/status"
)

// codeTable holds each number's registry entry once it has been asked
// for: status.Lookup copies a Code per call, which the request path should
// not pay for, and filling the table lazily keeps start-up short.
var codeTable [600]atomic.Pointer[status.Code]

// Code returns the shared registry entry of number, which must be in
// 100-599 (it panics otherwise, as status.MustLookup does). The entry is
// shared by every caller: read it, never write to it.
func Code(number int) *status.Code {
	if number < 100 || number > 599 {
		panic(&status.RangeError{Number: number})
	}
	if c := codeTable[number].Load(); c != nil {
		return c
	}
	c := status.MustLookup(number)
	codeTable[number].CompareAndSwap(nil, &c)
	return codeTable[number].Load()
}

// Render produces the content that describes a status in a format: its
// registry entry and, when message is not empty, statuskit's explanation
// (why a request was refused, what an endpoint did). base is the path the
// handler is mounted under ("" at the root), for the links a page carries.
//
// The JSON form is status.Code's JSON form plus "message"; for 4xx and 5xx
// it also carries the RFC 9457 problem members type (about:blank, so title
// is the reason phrase), title, status and detail (the message), so one
// document serves clients that read statuskit's fields and clients that
// read problem details (RFC 9457, 3.1 and 3.2: extension members allowed).
func Render(f Format, number int, message, base string) []byte {
	c := Code(number)
	var b bytes.Buffer
	switch f {
	case JSON, Problem:
		b.WriteByte('{')
		if number >= 400 {
			b.WriteString(`"type":"about:blank","title":`)
			writeJSONString(&b, c.Phrase)
			b.WriteString(`,"status":` + strconv.Itoa(number))
			if message != "" {
				b.WriteString(`,"detail":`)
				writeJSONString(&b, message)
			}
			b.WriteByte(',')
		}
		code, _ := c.MarshalJSON() // a registry entry always encodes
		b.Write(code[1 : len(code)-1])
		if message != "" {
			b.WriteString(`,"message":`)
			writeJSONString(&b, message)
		}
		b.WriteString("}\n")
	case HTML:
		writeStatusPage(&b, c, message, base)
	default:
		b.WriteString(strconv.Itoa(number) + " " + c.Phrase + "\n")
		if message != "" {
			b.WriteString("\n" + message + "\n")
		}
		b.WriteString("\n" + c.Summary + "\n")
	}
	return b.Bytes()
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	b.Truncate(b.Len() - 1) // Encode's newline
}

// cachedBody is a precomputed default body: rendering once per code and
// format keeps the hot path free of encoding work and allocations.
type cachedBody struct {
	body          []byte
	contentType   []string
	contentLength []string
}

// defaultBodies[number][format], at the root, each rendered on first use:
// rendering all 2,000 up front (when the HTML ones went through
// html/template) was a third of a server's start-up.
var defaultBodies [600][numFormats]atomic.Pointer[cachedBody]

// defaultBody is the description of number in format with no message, at
// the root, rendered once.
func defaultBody(number int, f Format) *cachedBody {
	if cb := defaultBodies[number][f].Load(); cb != nil {
		return cb
	}
	b := Render(f, number, "", "")
	defaultBodies[number][f].CompareAndSwap(nil, &cachedBody{
		body:          b,
		contentType:   []string{contentType(f, number)},
		contentLength: []string{strconv.Itoa(len(b))},
	})
	return defaultBodies[number][f].Load()
}

// contentType is the media type of a format's content for a status:
// problem details describe errors, so a 2xx or 3xx in the Problem format is
// plain JSON.
func contentType(f Format, number int) string {
	if f == Problem && number < 400 {
		return JSON.ContentType()
	}
	return f.ContentType()
}

// The HTML pages are written by hand, not with html/template: executing
// a template calls reflect.Value.MethodByName with a name known only at
// run time, so the linker keeps every exported method of every type that
// reaches an interface anywhere in the program; that made the statuskit
// binary 26.5 MB instead of 17.3 MB. Every text and attribute value that
// carries data goes through html.EscapeString, every URL attribute through
// URLAttr; cmd/statuskit's TestNoTemplatePackageIsLinked keeps the
// template packages out.

// writeStatusPage writes the HTML description of c: phrase, class and
// standing, message when not empty, summary, description and links.
func writeStatusPage(b *bytes.Buffer, c *status.Code, message, base string) {
	num := strconv.Itoa(c.Number)
	phrase := html.EscapeString(c.Phrase)
	b.WriteString(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>` + num + ` ` + phrase + `</title>
<style>
:root { color-scheme: light dark; --fg:#1b1f24; --bg:#fff; --muted:#57606a; --accent:#0969da; }
@media (prefers-color-scheme: dark) { :root { --fg:#e6edf3; --bg:#0d1117; --muted:#9198a1; --accent:#4493f8; } }
body { font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); max-width: 40rem; margin: 3rem auto; padding: 0 1rem; }
h1 { font-size: 2rem; margin: 0 0 .5rem; }
.code { font-variant-numeric: tabular-nums; color: var(--accent); }
.muted { color: var(--muted); }
a { color: var(--accent); }
</style>
</head>
<body>
<main>
<h1><span class="code">` + num + `</span> ` + phrase + `</h1>
<p class="muted">` + c.Class().String() + ` · ` + html.EscapeString(string(c.Standing)) + `</p>
`)
	if message != "" {
		b.WriteString(`<p><strong>` + html.EscapeString(message) + `</strong></p>`)
	}
	b.WriteString(`
<p>` + html.EscapeString(c.Summary) + `</p>
<p>` + html.EscapeString(c.Description) + `</p>
<p><a href="` + URLAttr(c.Spec.URL) + `">Specification</a> · <a href="` + URLAttr(base+"/codes/"+num) + `">More about ` + num + `</a></p>
</main>
</body>
</html>
`)
}

// writeUnavailablePage writes the 503 page; when is "120 seconds", "a
// while (after DATE)" or empty for "a little while".
func writeUnavailablePage(b *bytes.Buffer, when, base string) {
	b.WriteString(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Temporarily unavailable</title>
<style>
:root { color-scheme: light dark; }
body { font: 16px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; }
</style>
</head>
<body>
<main>
<h1>This service is temporarily unavailable</h1>
<p>The server is overloaded or down for maintenance, and expects to be back soon.
`)
	if when != "" {
		b.WriteString(`Please try again in ` + html.EscapeString(when) + `.`)
	} else {
		b.WriteString(`Please try again in a little while.`)
	}
	b.WriteString(`</p>
<p>Nothing is wrong with your browser or your connection, and reloading the page
sooner will not help.</p>
<p><small>503 Service Unavailable · <a href="` + URLAttr(base+"/codes/503") + `">what this means</a></small></p>
</main>
</body>
</html>
`)
}

// UnavailablePage is the friendly 503 page a browser gets: what happened,
// when to come back (from retryAfter, delay-seconds or an HTTP-date; empty
// for "a little while"), and that reloading sooner will not help.
func UnavailablePage(retryAfter, base string) []byte {
	when := ""
	if ra, err := field.ParseRetryAfter(retryAfter); err == nil {
		if secs, ok := ra.Seconds(); ok {
			when = strconv.FormatInt(secs, 10) + " seconds"
		} else {
			when = "a while (after " + retryAfter + ")"
		}
	}
	var b bytes.Buffer
	writeUnavailablePage(&b, when, base)
	return b.Bytes()
}
