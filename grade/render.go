package grade

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/statuskit/statuskit/reply"
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
		fmt.Fprintf(w, ", %d more not recorded: the run's journal was full (--journal-max-entries); rule 5 counts them, other verdicts say they may be missing", c.Dropped)
	}
	if c.Pending {
		fmt.Fprintf(w, "; still observing: settles in %s", settlesIn(c.SettlesInMS))
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
		notes = append(notes, quantity(r.ContentLength, "byte")+" "+r.ContentHash)
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
// server is mounted under. Everything from the run (key, clients, targets,
// fields, evidence) is escaped; links go through reply.URLAttr. The only
// error is w's.
func (c *Card) WriteHTML(w io.Writer, base string) error {
	var b bytes.Buffer
	c.writeHTMLHead(&b)
	for _, e := range c.Exams {
		writeExamHTML(&b, e, base, c.Key)
	}
	b.WriteString("\n</body></html>\n")
	_, err := w.Write(b.Bytes())
	return err
}

// writeHTMLHead writes the document's head and the card's summary: its
// verdict, how many requests, which clients, whether it is settled.
func (c *Card) writeHTMLHead(b *bytes.Buffer) {
	key, verdict := html.EscapeString(c.Key), html.EscapeString(string(c.Verdict))
	b.WriteString(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Report card ` + key + `: ` + verdict + `</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{padding:.2em .5em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
code{font-size:90%}.pass{color:#176b1b}.warn{color:#8a5a00}.fail{color:#b00020}.pending{color:#555}.na{color:#777}
.v{font-weight:bold;white-space:nowrap}h2{margin-top:1.5em}
</style></head><body>
<h1>Report card <code>` + key + `</code>: ` + verdictSpan(c.Verdict) + `</h1>
<p>` + strconv.Itoa(c.Requests) + ` ` + plural(c.Requests, "request"))
	if c.Dropped != 0 {
		b.WriteString(`, ` + strconv.Itoa(c.Dropped) + ` more not recorded: the run's journal was full (<code>--journal-max-entries</code>)`)
	}
	for _, ua := range c.Clients {
		b.WriteString(`; client <code>` + html.EscapeString(ua) + `</code>`)
	}
	b.WriteString(".\n")
	if c.Pending {
		fmt.Fprintf(b, "Still observing: settles in %s; reload then.", settlesIn(c.SettlesInMS))
	}
	b.WriteString("</p>\n")
}

// writeExamHTML writes one exam: a heading linking to the exam for the
// same key, its script, the table of requests and the table of rules.
func writeExamHTML(b *bytes.Buffer, e ExamCard, base, key string) {
	b.WriteString(`
<h2><a href="` + reply.URLAttr(examLink(base, e.Exam, "", key)) + `">` + html.EscapeString(e.Exam) + `</a>: ` +
		verdictSpan(e.Verdict) + ` <small>(` + html.EscapeString(string(e.State)) + `)</small></h2>
<p>` + html.EscapeString(e.Script) + `</p>
<table><tr><th>#</th><th>at</th><th>gap</th><th>request</th><th>answer</th></tr>
`)
	for _, r := range e.Requests {
		gap := ""
		if r.GapMS != nil {
			gap = fmt.Sprintf("+%.3f s", *r.GapMS/1000)
		}
		b.WriteString(`<tr><td>` + strconv.Itoa(r.N) + `</td><td>` + fmt.Sprintf("%.3f s", r.AtMS/1000) + `</td><td>` + html.EscapeString(gap) +
			`</td><td><code>` + html.EscapeString(r.Method) + ` ` + html.EscapeString(r.Target) + `</code>` + html.EscapeString(requestNotes(r)) +
			`</td><td>` + html.EscapeString(answerText(r)) + "</td></tr>\n")
	}
	b.WriteString("</table>\n<table>")
	for _, res := range e.Rules {
		writeResultHTML(b, res)
	}
	b.WriteString("</table>\n")
}

// writeResultHTML writes one rule's row: verdict, title and section, the
// evidence, where the client's documentation differs, and the fix.
func writeResultHTML(b *bytes.Buffer, res Result) {
	b.WriteString(`<tr><td class="v ` + verdictClass(res.Verdict) + `">` + html.EscapeString(string(res.Verdict)) + `</td><td><b>Rule ` +
		strconv.Itoa(res.Rule) + `: ` + html.EscapeString(res.Title) + `</b> <small>(` + html.EscapeString(res.Spec) + ")</small>\n")
	for _, ev := range res.Evidence {
		b.WriteString(`<br>` + html.EscapeString(ev))
	}
	b.WriteString("\n")
	if d := res.Documentation; d != nil {
		b.WriteString(`<br><b>Documentation differs:</b> ` + html.EscapeString(d.Client) + ` says ` + html.EscapeString(d.Says) +
			` (<a href="` + reply.URLAttr(d.Source) + `">source</a>); observed: ` + html.EscapeString(d.Observed))
	}
	b.WriteString("\n")
	if res.Fix != "" {
		b.WriteString(`<br><i>Fix:</i> ` + html.EscapeString(res.Fix))
	}
	b.WriteString("</td></tr>\n")
}

// verdictSpan is a verdict marked with its colour class.
func verdictSpan(v Verdict) string {
	return `<span class="` + verdictClass(v) + `">` + html.EscapeString(string(v)) + `</span>`
}

// verdictClass is the style class of a verdict: "pass", "na" for N/A.
func verdictClass(v Verdict) string {
	return html.EscapeString(strings.ToLower(strings.ReplaceAll(string(v), "/", "")))
}

// settlesIn is how long until a pending card settles, for a reader:
// "3.2 s", never "0.0 s" for what is a few milliseconds away.
func settlesIn(ms int64) string {
	return fmt.Sprintf("%.1f s", max(float64(ms)/1000, 0.1))
}

// quantity is n and word, plural unless n is 1: "1 byte", "2 bytes".
func quantity[N int | int64](n N, word string) string {
	return fmt.Sprintf("%d %s", n, plural(n, word))
}

func plural[N int | int64](n N, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
