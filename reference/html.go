package reference

import (
	"bytes"
	"html"
	"net/url"
	"strconv"
	"strings"

	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/status"
)

// The pages are written by hand rather than with html/template, whose
// run-time method lookup made the statuskit binary 9 MB larger (see
// reply/content.go). Each function below writes one part of a page; every
// text and attribute value that carries data goes through
// html.EscapeString, every href, src and action through reply.URLAttr.
// The search query, the base path and the origin come from the request.

// writeHead writes the document up to </head>: title, icon, style sheet
// and script, all from this origin.
func writeHead(b *bytes.Buffer, title string, assets assetURLs) {
	b.WriteString(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>` + html.EscapeString(title) + ` · statuskit</title>
<link rel="icon" type="image/svg+xml" href="` + reply.URLAttr(assets.Favicon) + `">
<link rel="stylesheet" href="` + reply.URLAttr(assets.Style) + `">
<script src="` + reply.URLAttr(assets.Script) + `" defer></script>
</head>
`)
}

// writeTop writes the skip link and the site's header: brand, navigation
// and, when search is set, a search box (the list page has its own).
func writeTop(b *bytes.Buffer, base string, search bool) {
	home := reply.URLAttr(base + "/")
	b.WriteString(`<a class="skip" href="#main">Skip to content</a>
<header class="top">
<div class="wrap top-row">
<a class="brand" href="` + home + `" aria-label="statuskit: all status codes"><span class="brand-mark" aria-hidden="true">▍</span>statuskit</a>
<nav aria-label="Site">
<ul class="site-nav">
<li><a href="` + home + `">Codes</a></li>
<li><a href="` + reply.URLAttr(base+"/codes") + `">JSON</a></li>
<li><a href="` + reply.URLAttr(base+"/openapi.json") + `">OpenAPI</a></li>
</ul>
</nav>
`)
	if search {
		b.WriteString(`<form class="top-search" role="search" action="` + home + `" method="get">
<label for="q" class="visually-hidden">Search status codes</label>
<input id="q" name="q" type="search" maxlength="200" placeholder="Search codes  /" autocomplete="off" spellcheck="false" aria-keyshortcuts="/">
</form>`)
	}
	b.WriteString(`
</div>
</header>
`)
}

// writeFoot writes the footer (what the standing tags mean, where the
// data comes from) and closes the document.
func writeFoot(b *bytes.Buffer, base string) {
	b.WriteString(`<footer class="foot">
<div class="wrap">
<p><strong>Standing.</strong> <span class="tag tag-unofficial">unofficial</span> not in the IANA registry, sent by the software named;
<span class="tag tag-deprecated">deprecated</span> registered, but its specification says not to use it;
<span class="tag tag-historic">historic</span> removed by a later specification;
<span class="tag tag-unused">unused</span> reserved with no current meaning.</p>
<p>Data from the <a href="https://www.iana.org/assignments/http-status-codes/">IANA HTTP Status Code Registry</a> and the RFCs it cites.
Served by statuskit: <a href="` + reply.URLAttr(base+"/codes") + `">/codes</a> (JSON) · <a href="` + reply.URLAttr(base+"/openapi.json") +
		`">/openapi.json</a> · <a href="` + reply.URLAttr(base+"/healthz") + `">/healthz</a> · <a href="` + reply.URLAttr(base+"/metrics") + `">/metrics</a></p>
</div>
</footer>

</body>
</html>
`)
}

// codeLink is the href of a code's page.
func codeLink(base string, number int) string {
	return reply.URLAttr(base + "/codes/" + strconv.Itoa(number))
}

// writeIndexPage writes the list page: the search form, the count and
// class links, the best match, and every code grouped by class.
func writeIndexPage(b *bytes.Buffer, d indexData) {
	writeHead(b, d.Title, d.Assets)
	b.WriteString(`<body class="index">
`)
	writeTop(b, d.Base, d.HeaderSearch)
	b.WriteString(`
<main id="main" tabindex="-1">
<div class="wrap">
<h1>HTTP status codes</h1>
<p class="lead">Every registered code and the common unofficial ones: what each means, what the protocol requires with it, and what a client should do. Open a code to try it live against this server.</p>
`)
	writeSearchForm(b, d)
	writeResultsHead(b, d)
	b.WriteString(`<div id="codes">
`)
	for _, g := range d.Classes {
		writeClassSection(b, g, d.Base)
	}
	b.WriteString(`</div>
</div>
</main>
`)
	writeFoot(b, d.Base)
}

// writeSearchForm writes the search box, filled with the query, and the
// example searches under it.
func writeSearchForm(b *bytes.Buffer, d indexData) {
	b.WriteString(`<form class="search" role="search" action="` + reply.URLAttr(d.Base+"/") + `" method="get">
<label for="q">Search by number, phrase or words</label>
<div class="search-row">
<input id="q" name="q" type="search" maxlength="200" value="` + html.EscapeString(d.Query) + `" autocomplete="off" autocapitalize="off" spellcheck="false" enterkeyhint="go" aria-describedby="search-help" aria-controls="codes" aria-keyshortcuts="/">
<button type="submit">Search</button>
</div>
<p id="search-help" class="hint">Press <kbd>/</kbd> to search and <kbd>Enter</kbd> to open the best match. Try `)
	for i, e := range d.Examples {
		if i > 0 {
			b.WriteString(", ")
		}
		// "+" for a space, as the page's script writes searches.
		b.WriteString(`<a href="` + reply.URLAttr(d.Base+"/?q="+url.QueryEscape(e)) + `">` + html.EscapeString(e) + `</a>`)
	}
	b.WriteString(`.</p>
</form>
`)
}

// writeResultsHead writes what the search found: the count (a live
// region), links to the classes, the best match and the empty message.
// The script updates them as the person types, so each is in the page
// even when hidden.
func writeResultsHead(b *bytes.Buffer, d indexData) {
	q := html.EscapeString(d.Query)
	b.WriteString(`<div class="results-head">
<p id="count" role="status">`)
	if d.Query != "" {
		b.WriteString(strconv.Itoa(d.Shown) + ` of ` + strconv.Itoa(d.Total) + ` codes match “` + q + `”`)
	} else {
		b.WriteString(strconv.Itoa(d.Total) + ` codes`)
	}
	b.WriteString(`</p>
<nav class="classes" aria-label="Classes">
<ul>`)
	for _, g := range d.Classes {
		id := html.EscapeString(g.ID)
		b.WriteString(`<li><a href="` + reply.URLAttr("#"+g.ID) + `" data-class-link="` + id + `"` + hidden(g.Hidden) + `>` + html.EscapeString(g.Label) + `</a></li>`)
	}
	b.WriteString(`</ul>
</nav>
</div>
<p id="best" class="best"` + hidden(d.Best == nil) + `>Best match: `)
	if c := d.Best; c != nil {
		b.WriteString(`<a href="` + codeLink(d.Base, c.Number) + `">` + strconv.Itoa(c.Number) + ` ` + html.EscapeString(c.Phrase) + `</a>`)
	} else {
		b.WriteString(`<a href="` + reply.URLAttr(d.Base+"/") + `"></a>`)
	}
	b.WriteString(`</p>
<p id="empty" class="empty"` + hidden(d.Shown != 0) + `>No status code matches <strong id="empty-q">“` + q + `”</strong>. Try a number (404), a phrase (not found), a word (retry) or a class (4xx).</p>
`)
}

// writeClassSection writes one class's section of the list: its heading
// and every code in it, those the query does not match hidden.
func writeClassSection(b *bytes.Buffer, g classGroup, base string) {
	id := html.EscapeString(g.ID)
	b.WriteString(`<section class="class" id="` + id + `" aria-labelledby="` + id + `-h"` + hidden(g.Hidden) + `>
<h2 id="` + id + `-h"><span class="class-label">` + html.EscapeString(g.Label) + `</span> ` + html.EscapeString(g.Name) + `</h2>
<ul class="codes">
`)
	for _, it := range g.Items {
		num := strconv.Itoa(it.Number)
		standing := html.EscapeString(string(it.Standing))
		b.WriteString(`<li class="code k` + it.Class().String() + ` s-` + standing + `" data-s="` + html.EscapeString(it.Search) + `" data-x="` + html.EscapeString(it.Names) + `"` + hidden(it.Hidden) +
			`><a href="` + codeLink(base, it.Number) + `"><span class="num">` + num + `</span> <span class="phrase">` + html.EscapeString(it.Phrase) + `</span></a>`)
		if it.Note != "" {
			b.WriteString(` <span class="tag tag-` + standing + `">` + html.EscapeString(it.Note) + `</span>`)
		}
		b.WriteString(`<p class="summary">` + html.EscapeString(it.Summary) + "</p></li>\n")
	}
	b.WriteString(`</ul>
</section>
`)
}

// hidden is the hidden attribute when h is set.
func hidden(h bool) string {
	if h {
		return " hidden"
	}
	return ""
}

// writeCodePage writes the page of one code: what it means, the header
// fields asked for with it, its protocol facts, a live "Try it" with curl
// examples, and links to the neighbouring codes.
func writeCodePage(b *bytes.Buffer, d codeData) {
	writeHead(b, d.Title, d.Assets)
	b.WriteString(`<body class="code-page">
`)
	writeTop(b, d.Base, d.HeaderSearch)
	c := d.Code
	class := c.Class().String()
	b.WriteString(`
<main id="main" tabindex="-1">
<div class="wrap">
<nav class="crumbs" aria-label="Breadcrumb"><a href="` + reply.URLAttr(d.Base+"/") + `">All codes</a> › <a href="` + reply.URLAttr(d.Base+"/#c"+class) + `">` + html.EscapeString(d.Class) + `</a></nav>
<article class="entry k` + class + ` s-` + html.EscapeString(string(c.Standing)) + `">
`)
	writeEntryHead(b, d)
	writeHeaderRules(b, d)
	writeFacts(b, d)
	writeTry(b, d)
	b.WriteString(`</article>
<nav class="pager" aria-label="Neighbouring codes">
`)
	if p := d.Prev; p != nil {
		b.WriteString(`<a rel="prev" href="` + codeLink(d.Base, p.Number) + `">← ` + strconv.Itoa(p.Number) + ` ` + html.EscapeString(p.Phrase) + `</a>`)
	} else {
		b.WriteString(`<span></span>`)
	}
	b.WriteString("\n")
	if n := d.Next; n != nil {
		b.WriteString(`<a rel="next" href="` + codeLink(d.Base, n.Number) + `">` + strconv.Itoa(n.Number) + ` ` + html.EscapeString(n.Phrase) + ` →</a>`)
	}
	b.WriteString(`
</nav>
</div>
</main>
`)
	writeFoot(b, d.Base)
}

// writeEntryHead writes the code's heading, class, standing and
// specification, summary, description and other names.
func writeEntryHead(b *bytes.Buffer, d codeData) {
	c := d.Code
	num := strconv.Itoa(c.Number)
	b.WriteString(`<header class="entry-head">
<h1><span class="num">` + num + `</span> ` + html.EscapeString(c.Phrase) + `</h1>
<p class="meta"><span class="class-label">` + html.EscapeString(d.Class) + `</span>`)
	if d.Note != "" {
		b.WriteString(` <span class="tag tag-` + html.EscapeString(string(c.Standing)) + `">` + html.EscapeString(d.Note) + `</span>`)
	}
	b.WriteString(`
· <a href="` + reply.URLAttr(c.Spec.URL) + `">` + html.EscapeString(c.Spec.String()) + `</a></p>
</header>
<p class="lead">` + html.EscapeString(c.Summary) + `</p>
`)
	if eq := d.Equivalent; eq != nil {
		b.WriteString(`<p class="note">A client that does not recognise ` + num + ` treats it as <a href="` + codeLink(d.Base, eq.Number) + `">` +
			strconv.Itoa(eq.Number) + ` ` + html.EscapeString(eq.Phrase) + `</a>.</p>`)
	}
	b.WriteString(`
<p>` + html.EscapeString(c.Description) + `</p>
`)
	if c.IANAName != "" || len(c.AlsoKnownAs) > 0 {
		b.WriteString(`<dl class="aka">
`)
		if c.IANAName != "" {
			b.WriteString(`<dt>Registered as</dt><dd>` + html.EscapeString(c.IANAName) + `</dd>`)
		}
		b.WriteString("\n")
		if len(c.AlsoKnownAs) > 0 {
			b.WriteString(`<dt>Also known as</dt><dd>` + html.EscapeString(strings.Join(c.AlsoKnownAs, "; ")) + `</dd>`)
		}
		b.WriteString(`
</dl>`)
	}
	b.WriteString(`

`)
}

// writeHeaderRules writes the table of header fields the specifications
// ask for with the code, required ones first.
func writeHeaderRules(b *bytes.Buffer, d codeData) {
	num := strconv.Itoa(d.Code.Number)
	b.WriteString(`<section aria-labelledby="headers-h">
<h2 id="headers-h">Headers</h2>
`)
	if len(d.Code.Headers) == 0 {
		b.WriteString(`<p>No specification asks for particular header fields with ` + num + `.</p>`)
	} else {
		b.WriteString(`<div class="table-scroll"><table class="headers">
<caption class="visually-hidden">Header fields the specifications ask for with ` + num + `</caption>
<thead><tr><th scope="col">Field</th><th scope="col">Level</th><th scope="col">When and why</th><th scope="col">Spec</th></tr></thead>
<tbody>
`)
		for _, h := range d.Required {
			writeHeaderRule(b, h, "must")
		}
		for _, h := range d.Recommended {
			writeHeaderRule(b, h, strings.ToLower(string(h.Level)))
		}
		b.WriteString(`</tbody>
</table></div>
`)
	}
	b.WriteString(`
</section>

`)
}

// writeHeaderRule writes one row of the header table; levelClass names
// its style ("must", "should", "may").
func writeHeaderRule(b *bytes.Buffer, h status.HeaderRule, levelClass string) {
	b.WriteString(`<tr><th scope="row"><code>` + html.EscapeString(h.Name) + `</code></th><td><span class="level level-` + html.EscapeString(levelClass) + `">` +
		html.EscapeString(string(h.Level)) + `</span></td><td>` + html.EscapeString(h.Note) + `</td><td><a href="` + reply.URLAttr(h.Spec.URL) + `">` +
		html.EscapeString(h.Spec.String()) + "</a></td></tr>\n")
}

// writeFacts writes what the code means for content, caches, redirects
// and retries, and the registry's advice to a client.
func writeFacts(b *bytes.Buffer, d codeData) {
	b.WriteString(`<section aria-labelledby="facts-h">
<h2 id="facts-h">Content, caching and retries</h2>
<dl class="facts">
`)
	for _, f := range d.Facts {
		b.WriteString(`<dt>` + html.EscapeString(f.Label) + `</dt><dd>` + html.EscapeString(f.Text) + "</dd>\n")
	}
	advice := d.Code.Advice
	b.WriteString(`<dt>Retry</dt><dd>` + html.EscapeString(d.Retry))
	if advice.IdempotentOnly {
		b.WriteString(`; automatically only for idempotent methods (RFC 9110, 9.2.2)`)
	}
	if advice.HonourRetryAfter {
		b.WriteString(`; honour Retry-After`)
	}
	b.WriteString(`</dd>
</dl>
`)
	if advice.Text != "" {
		b.WriteString(`<div class="advice">
<h3>What a client should do</h3>
<p>` + html.EscapeString(advice.Text) + `</p>
</div>`)
	}
	b.WriteString(`
</section>

`)
}

// writeTry writes the "Try it" section: a link to the code on this
// server, the form the page's script enables, and the curl examples.
func writeTry(b *bytes.Buffer, d codeData) {
	num := strconv.Itoa(d.Code.Number)
	try := html.EscapeString(d.TryPath)
	b.WriteString(`<section aria-labelledby="try-h" class="try">
<h2 id="try-h">Try it</h2>
<p>This server answers <a href="` + reply.URLAttr(d.TryPath) + `"><code>` + try + `</code></a> with ` + num + ` and the headers above.`)
	if d.Interim {
		b.WriteString(` Browsers handle the interim ` + num + ` themselves, so a page sees the final response after it.`)
	}
	if d.Redirect {
		b.WriteString(` Browsers follow redirects themselves, so a page sees where it lands; the curl examples show the ` + num + `.`)
	}
	b.WriteString(`</p>
<form id="try" class="try-form" data-path="` + try + `" data-phrase="` + html.EscapeString(d.Code.Phrase) + `" hidden>
<div class="try-fields">
<label>Method
<select name="method"><option>GET</option><option>HEAD</option><option>POST</option><option>PUT</option><option>PATCH</option><option>DELETE</option><option>OPTIONS</option></select></label>
<label>Accept
<select name="accept"><option>text/plain</option><option>application/json</option><option>text/html</option></select></label>
<label class="grow">Query <input name="query" type="text" placeholder="e.g. retry-after=10&amp;sleep=200ms" autocomplete="off" spellcheck="false"></label>
</div>
<button type="submit" id="try-button">Try it</button>
</form>
<div id="try-result" class="try-result" aria-live="polite"></div>
<h3>With curl</h3>
<ul class="examples">
`)
	for _, ex := range d.Examples {
		b.WriteString(`<li><p>` + html.EscapeString(ex.Title) + `</p><pre><code>` + html.EscapeString(ex.Command) + "</code></pre></li>\n")
	}
	b.WriteString(`</ul>
</section>
`)
}
