package server

import (
	"bytes"
	"encoding/json"
	"html/template"
	"strconv"
	"sync"

	"github.com/statuskit/statuskit/status"
)

// statusBody is the JSON form of a status response. Field names are part of
// the public API: clients parse them.
type statusBody struct {
	Code        int    `json:"code"`
	Phrase      string `json:"phrase"`
	Class       string `json:"class"`
	Standing    string `json:"standing"`
	Summary     string `json:"summary"`
	Description string `json:"description"`
	Spec        string `json:"spec"`
	// Message is statuskit's own explanation: why a request was refused,
	// or what an endpoint did.
	Message string `json:"message,omitempty"`
}

func newStatusBody(c status.Code, number int, message string) statusBody {
	return statusBody{
		Code: number, Phrase: c.Phrase, Class: c.Class().String(), Standing: string(c.Standing),
		Summary: c.Summary, Description: c.Description, Spec: c.Spec.URL, Message: message,
	}
}

// render produces the body of a status response in a format. message is
// optional extra text (an error explanation).
func render(f format, c status.Code, number int, message string) []byte {
	var b bytes.Buffer
	switch f {
	case formatJSON:
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(newStatusBody(c, number, message))
	case formatHTML:
		_ = pageTemplate.Execute(&b, newStatusBody(c, number, message))
	default:
		b.WriteString(strconv.Itoa(number) + " " + c.Phrase + "\n")
		if message != "" {
			b.WriteString("\n" + message + "\n")
		}
		b.WriteString("\n" + c.Summary + "\n")
	}
	return b.Bytes()
}

// cachedBody is a precomputed default body: rendering once per code and
// format keeps the hot path free of encoding work and allocations.
type cachedBody struct {
	body          []byte
	contentType   []string
	contentLength []string
}

// defaultBodies[number][format] for every number 100-599.
var defaultBodies = sync.OnceValue(func() *[600][numFormats]cachedBody {
	var out [600][numFormats]cachedBody
	for n := 100; n < 600; n++ {
		c := status.MustLookup(n)
		for f := range numFormats {
			b := render(f, c, n, "")
			out[n][f] = cachedBody{
				body:          b,
				contentType:   []string{f.contentType()},
				contentLength: []string{strconv.Itoa(len(b))},
			}
		}
	}
	return &out
})

var pageTemplate = template.Must(template.New("status").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Code}} {{.Phrase}}</title>
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
<h1><span class="code">{{.Code}}</span> {{.Phrase}}</h1>
<p class="muted">{{.Class}} · {{.Standing}}</p>
{{if .Message}}<p><strong>{{.Message}}</strong></p>{{end}}
<p>{{.Summary}}</p>
<p>{{.Description}}</p>
<p><a href="{{.Spec}}">Specification</a> · <a href="/codes/{{.Code}}">More about {{.Code}}</a></p>
</main>
</body>
</html>
`))
