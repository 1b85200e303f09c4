package grade

import (
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
)

// WriteText writes the card for a terminal: per exam, its requests (when
// each came, the gap since the previous answer, what it carried and what
// it got), then each rule with its verdict, evidence, section and fix.
func (c *Card) WriteText(w io.Writer) {
	fmt.Fprintf(w, "statuskit report card: key %s: %s\n", c.Key, c.Verdict)
	for _, ua := range c.Clients {
		fmt.Fprintf(w, "client: %s\n", ua)
	}
	fmt.Fprintf(w, "%d %s", c.Requests, plural(c.Requests, "request"))
	if c.Dropped > 0 {
		fmt.Fprintf(w, ", %d more not recorded (the run's journal was full)", c.Dropped)
	}
	if c.Pending {
		fmt.Fprintf(w, "; still observing, settled in %.1f s", float64(c.SettlesInMS)/1000)
	}
	fmt.Fprintln(w)
	for _, e := range c.Exams {
		fmt.Fprintf(w, "\n%s  %s  (%s; observed %.0f s)\n  %s\n", e.Exam, e.Verdict, e.State, float64(e.WindowMS)/1000, e.Script)
		for _, r := range e.Requests {
			gap := ""
			if r.GapMS != nil {
				gap = fmt.Sprintf("+%.3f s", *r.GapMS/1000)
			}
			fmt.Fprintf(w, "  %2d %8.3f s %10s  %s %s%s  -> %s\n", r.N, r.AtMS/1000, gap, r.Method, r.Target, requestNotes(r), answerText(r))
		}
		for _, res := range e.Rules {
			fmt.Fprintf(w, "  %-7s rule %d: %s (%s)\n", res.Verdict, res.Rule, res.Title, res.Spec)
			for _, ev := range res.Evidence {
				fmt.Fprintf(w, "          %s\n", ev)
			}
			if res.Documentation != nil {
				d := res.Documentation
				fmt.Fprintf(w, "          documentation differs: %s says %s (%s); observed: %s\n", d.Client, d.Says, d.Source, d.Observed)
			}
			if res.Fix != "" {
				fmt.Fprintf(w, "          fix: %s\n", res.Fix)
			}
		}
	}
}

// requestNotes are the request fields worth a glance, sorted.
func requestNotes(r Request) string {
	var notes []string
	if r.ContentLength > 0 {
		notes = append(notes, fmt.Sprintf("%d bytes %s", r.ContentLength, r.ContentHash))
	}
	var names []string
	for k := range r.Fields {
		if k != "User-Agent" {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, k := range names {
		notes = append(notes, k+": "+r.Fields[k])
	}
	if len(notes) == 0 {
		return ""
	}
	return " [" + strings.Join(notes, "; ") + "]"
}

func answerText(r Request) string {
	if r.Status == 0 {
		return "(no answer recorded)"
	}
	s := fmt.Sprint(r.Status)
	for i := len(r.Interim) - 1; i >= 0; i-- {
		s = fmt.Sprintf("%d, %s", r.Interim[i], s)
	}
	for _, k := range []string{"Retry-After", "Location", "Etag"} {
		if v := r.Answer[k]; v != "" {
			s += " " + k + ": " + v
		}
	}
	return s
}

// WriteHTML writes the card as a page; base is the path prefix the
// server is mounted under.
func (c *Card) WriteHTML(w io.Writer, base string) error {
	return cardPage.Execute(w, struct {
		*Card
		Base string
	}{c, base})
}

var cardPage = template.Must(template.New("card").Funcs(template.FuncMap{
	"secs": func(ms float64) string { return fmt.Sprintf("%.3f s", ms/1000) },
	"gap": func(ms *float64) string {
		if ms == nil {
			return ""
		}
		return fmt.Sprintf("+%.3f s", *ms/1000)
	},
	"plural":  plural,
	"settles": func(ms int64) string { return fmt.Sprintf("%.1f s", float64(ms)/1000) },
	"notes":   requestNotes,
	"answer":  answerText,
	"lower":   func(v Verdict) string { return strings.ToLower(strings.ReplaceAll(string(v), "/", "")) },
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Report card {{.Key}}: {{.Verdict}}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{padding:.2em .5em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
code{font-size:90%}.pass{color:#176b1b}.warn{color:#8a5a00}.fail{color:#b00020}.pending{color:#555}.na{color:#777}
.v{font-weight:bold;white-space:nowrap}h2{margin-top:1.5em}
</style></head><body>
<h1>Report card <code>{{.Key}}</code>: <span class="{{lower .Verdict}}">{{.Verdict}}</span></h1>
<p>{{.Requests}} {{plural .Requests "request"}}{{if .Dropped}}, {{.Dropped}} more not recorded{{end}}{{range .Clients}}; client <code>{{.}}</code>{{end}}.
{{if .Pending}}Still observing: reload in {{settles .SettlesInMS}}.{{end}}</p>
{{range .Exams}}
<h2><a href="{{$.Base}}/exam/{{.Exam}}?key={{$.Key}}">{{.Exam}}</a>: <span class="{{lower .Verdict}}">{{.Verdict}}</span> <small>({{.State}})</small></h2>
<p>{{.Script}}</p>
<table><tr><th>#</th><th>at</th><th>gap</th><th>request</th><th>answer</th></tr>
{{range .Requests}}<tr><td>{{.N}}</td><td>{{secs .AtMS}}</td><td>{{gap .GapMS}}</td><td><code>{{.Method}} {{.Target}}</code>{{notes .}}</td><td>{{answer .}}</td></tr>
{{end}}</table>
<table>{{range .Rules}}<tr><td class="v {{lower .Verdict}}">{{.Verdict}}</td><td><b>Rule {{.Rule}}: {{.Title}}</b> <small>({{.Spec}})</small>
{{range .Evidence}}<br>{{.}}{{end}}
{{with .Documentation}}<br><b>Documentation differs:</b> {{.Client}} says {{.Says}} (<a href="{{.Source}}">source</a>); observed: {{.Observed}}{{end}}
{{if .Fix}}<br><i>Fix:</i> {{.Fix}}{{end}}</td></tr>
{{end}}</table>
{{end}}
</body></html>
`))

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
