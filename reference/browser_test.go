package reference_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/statuskit/statuskit/reference"
	"github.com/statuskit/statuskit/server"
	"github.com/statuskit/statuskit/status"
)

// These tests use the reference as a person does: a real headless Chromium
// loads the pages from a real statuskit server, types, presses keys and
// buttons, and looks at what appears. Screenshots (light, dark, phone) go
// to the repository's testdata/artifacts/ (or $STATUSKIT_ARTIFACTS), which
// git ignores.

// chromium finds the browser: STATUSKIT_CHROMIUM (scripts/test sets it),
// else /usr/bin/chromium, else chromium on PATH. Without one the test
// fails under CI=true and is skipped elsewhere.
func chromium(t *testing.T) string {
	t.Helper()
	candidates := []string{os.Getenv("STATUSKIT_CHROMIUM"), "/usr/bin/chromium"}
	if p, err := exec.LookPath("chromium"); err == nil {
		candidates = append(candidates, p)
	}
	for _, p := range candidates {
		if p == "" {
			continue
		}
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	msg := "no Chromium: set STATUSKIT_CHROMIUM or install Debian's chromium (scripts/install-deps does)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// browser is one Chromium for the whole test; each subtest opens a tab.
type browser struct {
	ctx     context.Context
	base    string
	console *consoleLog
}

func startBrowser(t *testing.T) *browser {
	t.Helper()
	exe := chromium(t)
	ts := httptest.NewServer(server.New(server.Config{}))
	t.Cleanup(ts.Close)

	// Chromium's helpers may still write to the profile for a moment
	// after it exits, so the directory is removed with retries rather
	// than by t.TempDir, whose cleanup would fail the test.
	profile, err := os.MkdirTemp("", "statuskit-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 50 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)
	// The first Run starts the browser; it must not have a timeout, which
	// would stop the whole browser when it expires.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	return &browser{ctx: ctx, base: ts.URL, console: &consoleLog{}}
}

// tab opens a new tab that records its console; the tab closes when the
// test ends.
func (b *browser) tab(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	t.Cleanup(cancel)
	ctx, cancelTab := chromedp.NewContext(ctx)
	t.Cleanup(cancelTab)
	b.console.follow(t, ctx)
	return ctx
}

// consoleLog gathers what pages print to the console, exceptions and
// browser log entries included.
type consoleLog struct {
	mu       sync.Mutex
	messages []chromedp.ConsoleMessage
	// expected are the status endpoints tests fetched on purpose:
	// Chromium logs a fetched 4xx or 5xx as a network error.
	expected []string
}

// expect allows network errors for these fetched paths.
func (c *consoleLog) expect(paths ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expected = append(c.expected, paths...)
}

func (c *consoleLog) follow(t *testing.T, ctx context.Context) {
	t.Helper()
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			c.mu.Lock()
			c.messages = append(c.messages, m)
			c.mu.Unlock()
		}
	}()
}

// errors are the warnings, errors and exceptions, less the network
// errors of the status endpoints tests fetched on purpose.
func (c *consoleLog) errors() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, m := range c.messages {
		if m.Type != chromedp.ConsoleError && !m.IsException() && m.Type != chromedp.ConsoleWarning {
			continue
		}
		if m.Source == "network" && slices.ContainsFunc(c.expected, func(a string) bool { return strings.HasSuffix(m.URL, a) }) {
			continue
		}
		out = append(out, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line))
	}
	return out
}

// saw waits up to d for a message that match accepts.
func (c *consoleLog) saw(d time.Duration, match func(chromedp.ConsoleMessage) bool) bool {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		c.mu.Lock()
		found := slices.ContainsFunc(c.messages, match)
		c.mu.Unlock()
		if found {
			return true
		}
	}
	return false
}

func run[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// visibleCodes are the codes the list shows now.
const visibleCodes = `Array.from(document.querySelectorAll('li.code:not([hidden])')).filter(li => li.offsetParent !== null).map(li => +li.querySelector('.num').textContent)`

// serverMatches is what the server renders for a query: the list the
// page must show after the person typed it.
func serverMatches(q string) []int {
	var out []int
	for _, c := range reference.ParseQuery(q).Filter(status.All()) {
		out = append(out, c.Number)
	}
	return out
}

func artifacts(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("STATUSKIT_ARTIFACTS")
	if dir == "" {
		// The repository's testdata/artifacts/, which .gitignore keeps
		// out of commits.
		dir = filepath.Join("..", "testdata", "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func screenshot(t *testing.T, ctx context.Context, name string) []byte {
	t.Helper()
	png := run(t, ctx, "screenshot "+name, chromedp.CaptureScreenshot())
	path := filepath.Join(artifacts(t), name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", path, len(png))
	return png
}

func setDark(t *testing.T, ctx context.Context, dark bool) {
	t.Helper()
	value := "light"
	if dark {
		value = "dark"
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: value}},
	}); err != nil {
		t.Fatalf("emulating prefers-color-scheme: %s: %v", value, err)
	}
}

func TestReferenceInBrowser(t *testing.T) {
	b := startBrowser(t)
	all := serverMatches("")

	t.Run("the list shows every code and filters as the person types", func(t *testing.T) {
		ctx := b.tab(t)
		do(t, ctx, "open /", chromedp.Navigate(b.base+"/"), chromedp.WaitVisible("#q"))
		if got := run(t, ctx, "visible codes", chromedp.Evaluate[[]int](visibleCodes)); !slices.Equal(got, all) {
			t.Fatalf("GET / shows %d codes, want all %d of the registry", len(got), len(all))
		}
		for _, q := range []string{"retry", "too many", "4xx auth", "nginx", "50"} {
			do(t, ctx, "type "+q,
				chromedp.Focus("#q"),
				chromedp.KeyEvent(kb.Escape), // clears the box
				chromedp.SendKeys("#q", q),
				chromedp.WaitVisible("#count"),
			)
			got := run(t, ctx, "visible codes", chromedp.Evaluate[[]int](visibleCodes))
			if want := serverMatches(q); !slices.Equal(got, want) {
				t.Errorf("after typing %q the page shows %v; the server's search gives %v", q, got, want)
			}
			count := run(t, ctx, "count", chromedp.Text("#count"))
			if want := fmt.Sprintf("%d of %d codes match", len(serverMatches(q)), len(all)); !strings.HasPrefix(count, want) {
				t.Errorf("after typing %q the count says %q, want it to start %q", q, count, want)
			}
			search := run(t, ctx, "location", chromedp.Evaluate[string](`location.search`))
			if want := "?q=" + strings.ReplaceAll(q, " ", "+"); search != want {
				t.Errorf("after typing %q the address has %q, want %q so the view can be shared", q, search, want)
			}
		}
		do(t, ctx, "type nonsense", chromedp.Focus("#q"), chromedp.KeyEvent(kb.Escape), chromedp.SendKeys("#q", "zzqx"), chromedp.WaitVisible("#empty"))
		if got := run(t, ctx, "visible codes", chromedp.Evaluate[[]int](visibleCodes)); len(got) != 0 {
			t.Errorf("a query matching nothing still shows %v", got)
		}
		do(t, ctx, "press Escape", chromedp.KeyEvent(kb.Escape))
		if got := run(t, ctx, "visible codes", chromedp.Evaluate[[]int](visibleCodes)); len(got) != len(all) {
			t.Errorf("Escape in the search box should clear it and show all %d codes; shows %d", len(all), len(got))
		}
	})

	t.Run("a shared filtered link shows the same list", func(t *testing.T) {
		ctx := b.tab(t)
		do(t, ctx, "open /?q=retry", chromedp.Navigate(b.base+"/?q=retry"), chromedp.WaitVisible("#q"))
		if got, want := run(t, ctx, "visible codes", chromedp.Evaluate[[]int](visibleCodes)), serverMatches("retry"); !slices.Equal(got, want) {
			t.Errorf("/?q=retry shows %v, want %v", got, want)
		}
		if v := run(t, ctx, "box", chromedp.Value("#q")); v != "retry" {
			t.Errorf("/?q=retry has %q in the search box, want retry", v)
		}
	})

	t.Run("the list works without JavaScript", func(t *testing.T) {
		ctx := b.tab(t)
		do(t, ctx, "start the tab", chromedp.Navigate("about:blank"))
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
		do(t, ctx, "open /", chromedp.Navigate(b.base+"/"), chromedp.WaitVisible("#q"))
		// Submitting the form is a plain GET /?q=, which the server
		// filters.
		if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Steps(
			chromedp.SendKeys("#q", "redirect"),
			chromedp.Submit("#q"),
		))); err != nil {
			t.Fatalf("submitting the search without script: %v", err)
		}
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
			t.Fatal(err)
		}
		got := run(t, ctx, "visible codes", chromedp.Evaluate[[]int](visibleCodes))
		if want := serverMatches("redirect"); !slices.Equal(got, want) {
			t.Errorf("without script, searching redirect shows %v, want %v", got, want)
		}
		if loc := run(t, ctx, "location", chromedp.Location()); !strings.HasSuffix(loc, "/?q=redirect") {
			t.Errorf("without script the search went to %s, want /?q=redirect", loc)
		}
	})

	t.Run("Try it on /codes/503 shows the live 503 and its Retry-After", func(t *testing.T) {
		ctx := b.tab(t)
		b.console.expect("/503", "/503?retry-after=7")
		do(t, ctx, "open /codes/503", chromedp.Navigate(b.base+"/codes/503"), chromedp.WaitVisible("#try-button"))
		do(t, ctx, "press Try it", chromedp.Click("#try-button"), chromedp.WaitVisible("#try-status"))
		line := run(t, ctx, "status line", chromedp.Text("#try-status"))
		if !strings.HasPrefix(line, "503 Service Unavailable") {
			t.Errorf("Try it shows the status line %q, want it to start 503 Service Unavailable", line)
		}
		headers := run(t, ctx, "headers", chromedp.Text("#try-headers"))
		if !strings.Contains(headers, "Retry-After: 3") {
			t.Errorf("Try it shows the headers\n%s\nwant Retry-After: 3 among them", headers)
		}
		body := run(t, ctx, "body", chromedp.Text("#try-body"))
		if !strings.Contains(body, "503 Service Unavailable") {
			t.Errorf("Try it shows the body %q, want the text body of /503", body)
		}
		// A modifier and another method: HEAD /503?retry-after=7.
		do(t, ctx, "HEAD with ?retry-after=7",
			chromedp.SetValue(`select[name=method]`, "HEAD"),
			chromedp.SendKeys(`input[name=query]`, "retry-after=7"),
			chromedp.Click("#try-button"),
			chromedp.Poll[chromedp.Void](`document.getElementById('try-status') && document.getElementById('try-status').textContent.indexOf('HEAD') > 0`),
		)
		if headers := run(t, ctx, "headers", chromedp.Text("#try-headers")); !strings.Contains(headers, "Retry-After: 7") {
			t.Errorf("Try it with retry-after=7 shows\n%s\nwant Retry-After: 7", headers)
		}
		if errs := b.console.errors(); len(errs) > 0 {
			t.Errorf("the console has errors:\n%s", strings.Join(errs, "\n"))
		}
		// Chromium logs a fetched 503 as a network error, as DevTools
		// shows it; seeing it proves the console check is not blind.
		if !b.console.saw(5*time.Second, func(m chromedp.ConsoleMessage) bool { return strings.HasSuffix(m.URL, "/503") }) {
			t.Error("the console listener never saw Chromium's network entry for the fetched 503, so the no-console-errors checks cannot be trusted")
		}
	})

	t.Run("Try it shows something true for every kind of code", func(t *testing.T) {
		ctx := b.tab(t)
		for _, tc := range []struct {
			code int
			want string // in the result
		}{
			{100, "200 OK"},               // the interim 100 is the browser's; the final 200 shows
			{101, "426 Upgrade Required"}, // fetch cannot ask to switch protocols
			{103, "200 OK"},
			{204, "(no content)"},
			{206, "Content-Range: bytes"},
			{301, "followed a redirect to /200"},
			{401, "Www-Authenticate: Basic"},
			{405, "Allow:"},
			{418, "418 I'm a teapot"},
			{451, "Link: </codes/451>"},
			{511, "511 Network Authentication Required"},
		} {
			path := "/" + strconv.Itoa(tc.code)
			b.console.expect(path)
			do(t, ctx, "Try it on "+path, chromedp.Navigate(b.base+"/codes"+path), chromedp.WaitVisible("#try-button"),
				chromedp.Click("#try-button"), chromedp.WaitVisible("#try-status"))
			if got := run(t, ctx, "result", chromedp.Text("#try-result")); !strings.Contains(got, tc.want) {
				t.Errorf("Try it on /codes%s shows\n%s\nwant %q in it", path, got, tc.want)
			}
		}
		if errs := b.console.errors(); len(errs) > 0 {
			t.Errorf("the console has errors:\n%s", strings.Join(errs, "\n"))
		}
	})

	t.Run("keyboard alone reaches the search box and a code's page", func(t *testing.T) {
		ctx := b.tab(t)
		do(t, ctx, "open /", chromedp.Navigate(b.base+"/"), chromedp.WaitVisible("#q"))
		tabs := 0
		for ; tabs < 10; tabs++ {
			if run(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.id`)) == "q" {
				break
			}
			do(t, ctx, "Tab", chromedp.KeyEvent(kb.Tab))
		}
		if tabs == 10 {
			t.Fatal("10 presses of Tab did not reach the search box")
		}
		t.Logf("the search box is %d Tab presses from the top of the page", tabs)
		outline := run(t, ctx, "outline", chromedp.Evaluate[string](`getComputedStyle(document.activeElement).outlineStyle`))
		if outline == "none" {
			t.Error("the focused search box has no visible outline")
		}
		// "/" focuses the search from anywhere on the page.
		do(t, ctx, "blur and press /", chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`), chromedp.KeyEvent("/"))
		if id := run(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.id`)); id != "q" {
			t.Errorf("after pressing / the focus is on %q, want the search box", id)
		}
		do(t, ctx, "type 503", chromedp.KeyEvent("503"))
		for i := 0; ; i++ {
			href := run(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.getAttribute('href') || ''`))
			if href == "/codes/503" {
				break
			}
			if i == 10 {
				t.Fatal("10 presses of Tab after typing 503 did not reach a link to /codes/503")
			}
			do(t, ctx, "Tab", chromedp.KeyEvent(kb.Tab))
		}
		ring := run(t, ctx, "outline", chromedp.Evaluate[string](
			`getComputedStyle(document.activeElement.closest('li') || document.activeElement).outlineStyle`))
		if ring == "none" {
			t.Error("the focused code link shows no focus outline")
		}
		if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent(kb.Enter))); err != nil {
			t.Fatalf("pressing Enter on the link: %v", err)
		}
		if h1 := run(t, ctx, "h1", chromedp.Text("h1")); h1 != "503 Service Unavailable" {
			t.Errorf("Enter on the link opened a page titled %q, want 503 Service Unavailable", h1)
		}
		// Enter in the search box opens the best match directly.
		do(t, ctx, "open /", chromedp.Navigate(b.base+"/"), chromedp.WaitVisible("#q"))
		if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Steps(
			chromedp.Focus("#q"), chromedp.KeyEvent("not found"+kb.Enter)))); err != nil {
			t.Fatalf("pressing Enter in the search box: %v", err)
		}
		if loc := run(t, ctx, "location", chromedp.Location()); !strings.HasSuffix(loc, "/codes/404") {
			t.Errorf("typing \"not found\" and Enter opened %s, want /codes/404", loc)
		}
	})

	t.Run("every control has a label and text has enough contrast", func(t *testing.T) {
		ctx := b.tab(t)
		for _, path := range []string{"/", "/codes/503", "/codes/499"} {
			for _, dark := range []bool{false, true} {
				setDark(t, ctx, dark)
				do(t, ctx, "open "+path, chromedp.Navigate(b.base+path), chromedp.WaitVisible("#q"))
				unlabelled := run(t, ctx, "labels", chromedp.Evaluate[[]string](unlabelledControls))
				if len(unlabelled) > 0 {
					t.Errorf("%s: controls without a label: %v", path, unlabelled)
				}
				c := run(t, ctx, "contrast", chromedp.Evaluate[contrastReport](lowContrast))
				if c.Checked < 20 {
					t.Errorf("%s: the contrast check looked at only %d text elements", path, c.Checked)
				}
				if len(c.Low) > 0 {
					t.Errorf("%s (dark=%v): text below 4.5:1 contrast (WCAG 1.4.3):\n%s", path, dark, strings.Join(c.Low, "\n"))
				}
			}
		}
	})

	t.Run("screenshots, page weight and time to first render", func(t *testing.T) {
		ctx := b.tab(t)
		// A cold cache, as for a first visit: the figures count every
		// byte of the page and its assets.
		do(t, ctx, "start the tab", chromedp.Navigate("about:blank"))
		if _, err := chromedp.Call(ctx, network.ClearBrowserCache, cdp.Empty{}); err != nil {
			t.Fatal(err)
		}
		do(t, ctx, "open /", chromedp.Navigate(b.base+"/"), chromedp.WaitVisible("#q"),
			chromedp.Poll[chromedp.Void](`performance.getEntriesByName('first-contentful-paint').length > 0`))
		perf := run(t, ctx, "performance", chromedp.Evaluate[pagePerformance](performanceJS))
		if perf.FirstContentfulPaint <= 0 {
			t.Errorf("no first-contentful-paint entry: %+v", perf)
		}
		t.Logf("GET /: first contentful paint %.0f ms, DOMContentLoaded %.0f ms, load %.0f ms", perf.FirstContentfulPaint, perf.DOMContentLoaded, perf.Load)
		t.Logf("GET /: %d bytes transferred in %d requests (document %d bytes, %d decoded)", perf.Transferred, perf.Requests, perf.DocumentTransferred, perf.DocumentDecoded)
		for _, r := range perf.Resources {
			t.Logf("  %s: %d bytes", strings.TrimPrefix(r.Name, b.base), r.Transferred)
		}
		for _, r := range perf.Resources {
			if !strings.HasPrefix(r.Name, b.base) {
				t.Errorf("the page loaded %s from another origin; everything must be embedded", r.Name)
			}
		}

		setDark(t, ctx, false)
		light := screenshot(t, ctx, "index-light.png")
		if os.Getenv("STATUSKIT_UPDATE_DOCS") != "" {
			if err := os.WriteFile(filepath.Join("..", "docs", "reference.png"), light, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		setDark(t, ctx, true)
		if dark := run(t, ctx, "dark", chromedp.Evaluate[bool](`matchMedia('(prefers-color-scheme: dark)').matches`)); !dark {
			t.Fatal("the browser did not take the dark colour scheme")
		}
		bg := run(t, ctx, "background", chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
		if bg != "rgb(13, 17, 23)" {
			t.Errorf("in dark mode the page background is %s, want the dark rgb(13, 17, 23)", bg)
		}
		screenshot(t, ctx, "index-dark.png")

		do(t, ctx, "open /codes/503", chromedp.Navigate(b.base+"/codes/503"), chromedp.WaitVisible("#try-button"),
			chromedp.Click("#try-button"), chromedp.WaitVisible("#try-status"))
		screenshot(t, ctx, "code-503-dark.png")
		setDark(t, ctx, false)
		screenshot(t, ctx, "code-503-light.png")

		do(t, ctx, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
			chromedp.Navigate(b.base+"/?q=retry"), chromedp.WaitVisible("#q"))
		overflow := run(t, ctx, "overflow", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
		if overflow {
			t.Error("on a 390px-wide phone the list scrolls sideways")
		}
		screenshot(t, ctx, "index-phone.png")
		do(t, ctx, "phone code page", chromedp.Navigate(b.base+"/codes/429"), chromedp.WaitVisible("h1"))
		if run(t, ctx, "overflow", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)) {
			t.Error("on a 390px-wide phone /codes/429 scrolls sideways")
		}
		screenshot(t, ctx, "code-429-phone.png")
	})

	if errs := b.console.errors(); len(errs) > 0 {
		t.Errorf("the pages wrote errors or warnings to the console:\n%s", strings.Join(errs, "\n"))
	}
}

// unlabelledControls lists inputs, selects and buttons with no accessible
// name.
const unlabelledControls = `Array.from(document.querySelectorAll('input, select, textarea, button'))
	.filter(e => e.offsetParent !== null)
	.filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !(e.tagName === 'BUTTON' && e.textContent.trim()))
	.map(e => e.outerHTML.slice(0, 80))`

// contrastReport is what lowContrast found.
type contrastReport struct {
	Checked int      `json:"checked"`
	Low     []string `json:"low"`
}

// lowContrast computes the WCAG contrast ratio of every visible text
// element against its effective background and lists those under 4.5:1.
const lowContrast = `(() => {
  const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(',').map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const bgOf = el => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) return c; } return parse(getComputedStyle(document.documentElement).backgroundColor) || {r: 255, g: 255, b: 255}; };
  const out = [];
  const seen = new Set();
  let checked = 0;
  for (const el of document.querySelectorAll('body *')) {
    if (el.offsetParent === null && getComputedStyle(el).position !== 'fixed') continue;
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const st = getComputedStyle(el);
    if (st.visibility === 'hidden' || el.closest('.visually-hidden, .skip')) continue;
    checked++;
    const fg = parse(st.color), bg = bgOf(el);
    const l1 = lum(fg), l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    if (ratio < 4.5) {
      const key = el.tagName + '.' + el.className + ' ' + st.color + ' on ' + JSON.stringify(bg);
      if (!seen.has(key)) { seen.add(key); out.push(key + ' = ' + ratio.toFixed(2)); }
    }
  }
  return {checked: checked, low: out};
})()`

// pagePerformance is what the browser measured while loading a page.
type pagePerformance struct {
	FirstContentfulPaint float64 `json:"fcp"`
	DOMContentLoaded     float64 `json:"dcl"`
	Load                 float64 `json:"load"`
	DocumentTransferred  int     `json:"docTransferred"`
	DocumentDecoded      int     `json:"docDecoded"`
	Transferred          int     `json:"transferred"`
	Requests             int     `json:"requests"`
	Resources            []struct {
		Name        string `json:"name"`
		Transferred int    `json:"transferred"`
	} `json:"resources"`
}

const performanceJS = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const res = performance.getEntriesByType('resource');
  return {
    fcp: fcp ? fcp.startTime : 0,
    dcl: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd,
    docTransferred: nav.transferSize,
    docDecoded: nav.decodedBodySize,
    transferred: nav.transferSize + res.reduce((n, r) => n + r.transferSize, 0),
    requests: 1 + res.length,
    resources: res.map(r => ({name: r.name, transferred: r.transferSize})),
  };
})()`
