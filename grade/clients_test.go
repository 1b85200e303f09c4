package grade_test

// The proof against real clients (issue 14): curl, Python urllib3, Go's
// net/http, hashicorp/go-retryablehttp and Node's fetch take every exam
// against a real server, and each must earn the report card pinned here,
// rule by rule, with the documentation differences the card reports.
//
// All clients and all their exams run at once, each on its own key, with
// short observation windows (?window=), so the whole proof takes about as
// long as its longest window and the grace after it (45 s:
// go-retryablehttp waiting out Retry-After: 3600 beyond its RetryWaitMax
// of 30 s).

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/statuskit/statuskit/grade"
	"github.com/statuskit/statuskit/server"
)

// job is one exam taken by one client.
type job struct {
	name   string // the exam, or a variant ("head-bodiless -X HEAD")
	exam   string
	do     string // get, post, head, twice, async; head-x for curl -X HEAD
	window time.Duration
	key    string
	url    string
	// settled is closed when the run's card has settled: nothing the
	// client does after that is graded, so a client still waiting (out
	// Retry-After: 3600, or for content after a HEAD) can be stopped.
	settled chan struct{}
}

// context is the job's context for the client program: done a second
// after the card settled (time to read what it was sent), or after the
// window and grace.
func (j job) context() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(context.Background(), j.window+grace)
	go func() {
		select {
		case <-j.settled:
			time.Sleep(time.Second)
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}

// testWindows are the observation windows of the proof: long enough for
// the slowest correct client to finish (curl's and go-retryablehttp's
// backoffs), short enough to keep the test brief.
var testWindows = map[string]time.Duration{
	"retry-after-long": 3 * time.Second,
	"no-retry-after":   14 * time.Second,
	"gives-up":         22 * time.Second,
	"post-503":         6 * time.Second,
	"async-job":        12 * time.Second,
}

// defaultTestWindow leaves a client on a loaded machine (CI runs every
// package at once) seconds to follow a redirect or come back; a client
// that completes an exam does not wait for it.
const defaultTestWindow = 8 * time.Second

// grace is how long after its window a client program is stopped: a
// client slowed down by the machine still finishes what it started.
const grace = 10 * time.Second

// what each exam asks a client program to do.
func doFor(exam string) string {
	switch {
	case exam == "post-503" || exam == "continue" || strings.HasPrefix(exam, "redirect-"):
		return "post"
	case exam == "revalidate":
		return "twice"
	case exam == "async-job":
		return "async"
	case exam == "head-bodiless":
		return "head"
	}
	return "get"
}

// outcome is what the client program reported for a job: a status and
// URL, or an error, or nothing (still waiting when stopped).
type outcome string

// client is one real client and the card it must earn.
type client struct {
	name string
	// find reports why the client cannot run here ("" when it can).
	find func() string
	// run takes the jobs, all at once, and returns what the program
	// reported for each (by job name).
	run func(dir string, jobs []job) (map[string]outcome, error)
	// extra jobs beyond one per exam; windows overrides testWindows.
	extra   []job
	windows map[string]time.Duration
	// want pins the verdict of each rule of each job; documented names
	// the rules whose result must carry a documentation difference
	// (every other result must carry none); reports pins what the
	// program itself saw, where that is the evidence.
	want       map[string]map[int]grade.Verdict
	documented map[string]int
	reports    map[string]string
}

var (
	P, W, F, NA = grade.Pass, grade.Warn, grade.Fail, grade.NA
)

// retryExams are the verdicts of a client without retries: the runs
// never come back, which is not a pass.
func noRetries(post grade.Verdict) map[string]map[int]grade.Verdict {
	return map[string]map[int]grade.Verdict{
		"retry-after-seconds": {1: NA, 11: NA},
		"retry-after-date":    {2: NA, 11: NA},
		"retry-after-long":    {3: P},
		"ratelimit":           {1: NA, 11: NA},
		"no-retry-after":      {6: NA, 11: NA},
		"gives-up":            {5: NA, 6: NA},
		"post-503":            {4: post, 1: NA},
	}
}

func merge(maps ...map[string]map[int]grade.Verdict) map[string]map[int]grade.Verdict {
	out := map[string]map[int]grade.Verdict{}
	for _, m := range maps {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// redirectsFollowed are the verdicts of a client that follows redirects
// as RFC 9110, 15.4 says, switching to GET without content fields.
var redirectsFollowed = map[string]map[int]grade.Verdict{
	"redirect-303":      {7: P, 11: P},
	"redirect-307":      {7: P, 11: P},
	"redirect-308":      {7: P, 11: P},
	"redirect-301-post": {7: P, 11: P},
	"redirect-302-post": {7: P, 11: P},
	"async-job":         {1: P, 7: P, 11: P},
	"head-bodiless":     {10: P, 7: P},
}

var clients = []client{
	{
		name: "curl",
		find: func() string { return lookPath("curl") },
		run:  runCurl,
		// curl -X HEAD sends HEAD but reads the response as a GET's: its
		// manual says to use -I for that, and this run shows why.
		extra: []job{{name: "head-bodiless -X HEAD", exam: "head-bodiless", do: "head-x"}},
		want: merge(redirectsFollowed, map[string]map[int]grade.Verdict{
			"retry-after-seconds": {1: P, 11: P},
			"retry-after-date":    {2: P, 11: P},
			"retry-after-long":    {3: P},
			"ratelimit":           {1: P, 11: P},
			"no-retry-after":      {6: P, 11: P},
			"gives-up":            {5: P, 6: P},
			// --retry repeats a POST: curl documents no exception for it.
			"post-503": {4: F, 1: P},
			// -H Content-Type goes on every request, the switched GET too
			// (curl's manual says so of -H): allowed, with a warning.
			"redirect-303":          {7: W, 11: P},
			"redirect-301-post":     {7: W, 11: P},
			"redirect-302-post":     {7: W, 11: P},
			"revalidate":            {8: P}, // --etag-save, then --etag-compare
			"early-hints":           {9: P},
			"continue":              {9: P, 7: W},
			"head-bodiless -X HEAD": {10: F, 7: NA},
		}),
		reports: map[string]string{"head-bodiless -X HEAD": "(still waiting when stopped)"},
	},
	{
		name: "python-urllib3",
		find: findPython,
		run:  scriptRunner("python3", "/usr/bin/python3", "urllib3_client.py"),
		want: merge(redirectsFollowed, map[string]map[int]grade.Verdict{
			"retry-after-seconds": {1: P, 11: P},
			"retry-after-date":    {2: P, 11: P},
			"retry-after-long":    {3: P},
			"ratelimit":           {1: P, 11: P},
			"no-retry-after":      {6: P, 11: P},
			"gives-up":            {5: P, 6: P},
			"post-503":            {4: P, 1: NA}, // POST is not in Retry's allowed_methods
			"revalidate":          {8: NA},       // no cache: two plain fetches
			// http.client reads the 103 as the final response.
			"early-hints": {9: F},
			"continue":    {9: P, 7: P},
		}),
		reports: map[string]string{"early-hints": `"status": 103`},
	},
	{
		name: "go-net-http",
		find: func() string { return "" },
		run:  goRunner(false),
		want: merge(redirectsFollowed, noRetries(P), map[string]map[int]grade.Verdict{
			"revalidate":  {8: NA},
			"early-hints": {9: P},
			"continue":    {9: P, 7: P},
		}),
	},
	{
		name:    "go-retryablehttp",
		find:    func() string { return "" },
		run:     goRunner(true),
		windows: map[string]time.Duration{"retry-after-long": 35 * time.Second},
		want: merge(redirectsFollowed, map[string]map[int]grade.Verdict{
			"retry-after-seconds": {1: P, 11: P},
			"retry-after-date":    {2: P, 11: P},
			"retry-after-long":    {3: P},
			"ratelimit":           {1: P, 11: P},
			"no-retry-after":      {6: P, 11: P},
			"gives-up":            {5: P, 6: P},
			// Request bodies are rewound and retried, POST included.
			"post-503":    {4: F, 1: P},
			"revalidate":  {8: NA},
			"early-hints": {9: P},
			"continue":    {9: P, 7: P},
		}),
		documented: map[string]int{"retry-after-long": 3, "retry-after-seconds": 1},
	},
	{
		name: "node-fetch",
		find: findNode,
		run:  scriptRunner("node", "", "fetch_client.mjs"),
		want: merge(redirectsFollowed, noRetries(P), map[string]map[int]grade.Verdict{
			"revalidate":  {8: NA},
			"early-hints": {9: P},
			// undici fails the fetch on the 100: "bad response".
			"continue": {9: F, 7: NA},
		}),
		documented: map[string]int{"continue": 9},
		reports:    map[string]string{"continue": "bad response"},
	},
}

func TestRealClientsEarnTheirReportCards(t *testing.T) {
	t.Parallel()
	cfg := server.DefaultConfig()
	ts := httptest.NewServer(server.New(cfg))
	t.Cleanup(ts.Close)
	stamp := time.Now().UnixNano()
	// Every client takes every exam at once: go test runs only GOMAXPROCS
	// parallel subtests, so the runs are goroutines and the subtests only
	// read their results.
	type taken struct {
		jobs     []job
		outcomes map[string]outcome
		cards    map[string]grade.Card
		skip     string
		err      error
	}
	results := make([]chan taken, len(clients))
	for i, c := range clients {
		results[i] = make(chan taken, 1)
		go func() {
			if why := c.find(); why != "" {
				results[i] <- taken{skip: why}
				return
			}
			jobs := c.jobs(ts.URL, stamp)
			// The cards are watched while the client runs, so that a
			// client still waiting is stopped as soon as its card settles.
			cards := map[string]grade.Card{}
			var cardErr error
			var mu sync.Mutex
			var wg sync.WaitGroup
			for _, j := range jobs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer close(j.settled)
					card, err := settledCard(ts.URL, j)
					mu.Lock()
					defer mu.Unlock()
					cards[j.name] = card
					if err != nil && cardErr == nil {
						cardErr = err
					}
				}()
			}
			outcomes, err := c.run(t.TempDir(), jobs)
			wg.Wait()
			if err == nil {
				err = cardErr
			}
			results[i] <- taken{jobs: jobs, outcomes: outcomes, cards: cards, err: err}
		}()
	}
	for i, c := range clients {
		t.Run(c.name, func(t *testing.T) {
			r := <-results[i]
			if r.skip != "" {
				if os.Getenv("CI") == "true" {
					t.Fatalf("%s is required under CI=true: %s (scripts/install-deps installs it)", c.name, r.skip)
				}
				t.Skipf("%s: %s (scripts/install-deps installs it)", c.name, r.skip)
			}
			if r.err != nil {
				t.Fatal(r.err)
			}
			for _, j := range r.jobs {
				t.Logf("%s reported for %s: %s", c.name, j.name, r.outcomes[j.name])
			}
			for _, j := range r.jobs {
				checkCard(t, c, j, r.cards[j.name], r.outcomes[j.name])
			}
		})
	}
}

// jobs is one job per exam plus the client's extras, each on its own key.
func (c *client) jobs(base string, stamp int64) []job {
	var jobs []job
	for _, ex := range grade.Exams {
		jobs = append(jobs, job{name: ex.Name, exam: ex.Name, do: doFor(ex.Name)})
	}
	jobs = append(jobs, c.extra...)
	for i := range jobs {
		j := &jobs[i]
		j.window = defaultTestWindow
		if w, ok := testWindows[j.exam]; ok {
			j.window = w
		}
		if w, ok := c.windows[j.name]; ok {
			j.window = w
		}
		j.key = fmt.Sprintf("%s-%d-%d", c.name, stamp, i)
		j.settled = make(chan struct{})
		j.url = fmt.Sprintf("%s/exam/%s?key=%s&window=%s", base, j.exam, url.QueryEscape(j.key), j.window)
	}
	return jobs
}

// deadline is when a client program taking jobs is stopped.
func deadline(jobs []job) time.Duration {
	var d time.Duration
	for _, j := range jobs {
		d = max(d, j.window)
	}
	return d + grace
}

// settledCard polls the run's report card until it exists (the client's
// first request may come late on a loaded machine) and no exam is pending.
func settledCard(base string, j job) (grade.Card, error) {
	stop := time.Now().Add(j.window + grace + 5*time.Second)
	for {
		req, _ := http.NewRequest(http.MethodGet, base+"/grade/"+url.PathEscape(j.key), nil)
		req.Header.Set("Accept", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return grade.Card{}, fmt.Errorf("%s: GET /grade: %v", j.name, err)
		}
		var card grade.Card
		err = json.NewDecoder(res.Body).Decode(&card)
		res.Body.Close()
		if res.StatusCode == http.StatusNotFound {
			if time.Now().After(stop) {
				// checkCard reports the empty card: the client never came.
				return grade.Card{}, nil
			}
			time.Sleep(200 * time.Millisecond)
			continue
		}
		if err != nil || res.StatusCode != http.StatusOK {
			return grade.Card{}, fmt.Errorf("%s: GET /grade answered %d: %v", j.name, res.StatusCode, err)
		}
		if !card.Pending || time.Now().After(stop) {
			return card, nil
		}
		time.Sleep(min(time.Duration(card.SettlesInMS)*time.Millisecond+50*time.Millisecond, time.Second))
	}
}

// checkCard compares the card of one job with the pinned verdicts.
func checkCard(t *testing.T, c client, j job, card grade.Card, got outcome) {
	t.Helper()
	var text strings.Builder
	card.WriteText(&text)
	if len(card.Exams) != 1 || card.Exams[0].Exam != j.exam {
		t.Errorf("%s %s: the card holds %d exams; want %s alone:\n%s", c.name, j.name, len(card.Exams), j.exam, text.String())
		return
	}
	t.Logf("card of %s, %s:\n%s", c.name, j.name, text.String())
	ec := card.Exams[0]
	want := c.want[j.name]
	if len(want) == 0 {
		t.Errorf("%s %s: no verdicts pinned for this job; the card is:\n%s", c.name, j.name, text.String())
		return
	}
	if ec.State == grade.Open {
		t.Errorf("%s %s: still open after the window:\n%s", c.name, j.name, text.String())
	}
	for _, res := range ec.Rules {
		w, ok := want[res.Rule]
		if !ok {
			t.Errorf("%s %s: rule %d (%s) graded but not pinned", c.name, j.name, res.Rule, res.Verdict)
			continue
		}
		if res.Verdict != w {
			t.Errorf("%s %s: rule %d (%s, %s) is %s; want %s (the client reported %s)\n%s",
				c.name, j.name, res.Rule, res.Title, res.Spec, res.Verdict, w, got, text.String())
		}
		if len(res.Evidence) == 0 {
			t.Errorf("%s %s: rule %d is %s without evidence", c.name, j.name, res.Rule, res.Verdict)
		}
		wantDoc := c.documented[j.name] == res.Rule
		if (res.Documentation != nil) != wantDoc {
			t.Errorf("%s %s: rule %d documentation difference %+v; want one: %v\n%s", c.name, j.name, res.Rule, res.Documentation, wantDoc, text.String())
		}
	}
	if len(ec.Rules) != len(want) {
		t.Errorf("%s %s: %d rules graded; want %d", c.name, j.name, len(ec.Rules), len(want))
	}
	if r, ok := c.reports[j.name]; ok && !strings.Contains(string(got), r) {
		t.Errorf("%s %s: the client reported %s; want it to show %s", c.name, j.name, got, r)
	}
}

func lookPath(name string) string {
	if _, err := exec.LookPath(name); err != nil {
		return name + " not found on PATH"
	}
	return ""
}

// findPython wants Debian's interpreter with Debian's python3-urllib3: a
// python3 earlier on PATH (a pyenv shim) may lack it.
func findPython() string {
	out, err := exec.Command(pythonPath(), "-c", "import urllib3; print(urllib3.__version__)").CombinedOutput()
	if err != nil {
		return fmt.Sprintf("%s cannot import urllib3 (%v: %s)", pythonPath(), err, bytes.TrimSpace(out))
	}
	return ""
}

func pythonPath() string {
	if p := os.Getenv("STATUSKIT_PYTHON"); p != "" {
		return p
	}
	return "/usr/bin/python3"
}

// findNode wants a node with fetch built in (18 and later).
func findNode() string {
	out, err := exec.Command("node", "-e", "process.exit(typeof fetch === 'function' ? 0 : 1)").CombinedOutput()
	if err != nil {
		return fmt.Sprintf("node with a built-in fetch not found (%v: %s)", err, bytes.TrimSpace(out))
	}
	return ""
}

// scriptRunner runs one of testdata/clients/ with all jobs at once.
func scriptRunner(kind, fixed, script string) func(dir string, jobs []job) (map[string]outcome, error) {
	return func(_ string, jobs []job) (map[string]outcome, error) {
		bin := fixed
		if kind == "python3" {
			bin = pythonPath()
		} else if bin == "" {
			bin = kind
		}
		type spec struct {
			Exam string `json:"exam"`
			URL  string `json:"url"`
			Do   string `json:"do"`
		}
		var specs []spec
		byExam := map[string]string{}
		for _, j := range jobs {
			specs = append(specs, spec{j.exam, j.url, j.do})
			byExam[j.exam] = j.name
		}
		arg, _ := json.Marshal(specs)
		d := deadline(jobs)
		ctx, cancel := context.WithTimeout(context.Background(), d+5*time.Second)
		defer cancel()
		go func() {
			for _, j := range jobs {
				<-j.settled
			}
			time.Sleep(time.Second)
			cancel()
		}()
		cmd := exec.CommandContext(ctx, bin, filepath.Join("testdata", "clients", script), string(arg), fmt.Sprint(d.Seconds()))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdout, err := cmd.Output()
		if err != nil && ctx.Err() == nil {
			return nil, fmt.Errorf("%s %s: %v\n%s", bin, script, err, stderr.String())
		}
		got := map[string]outcome{}
		sc := bufio.NewScanner(bytes.NewReader(stdout))
		for sc.Scan() {
			var line map[string]any
			if json.Unmarshal(sc.Bytes(), &line) == nil {
				got[byExam[fmt.Sprint(line["exam"])]] = outcome(sc.Text())
			}
		}
		for _, j := range jobs {
			if got[j.name] == "" {
				got[j.name] = "(still waiting when stopped)"
			}
		}
		return got, nil
	}
}

// runCurl runs one curl command line per job, all at once, each stopped
// when its window is over.
func runCurl(dir string, jobs []job) (map[string]outcome, error) {
	var mu sync.Mutex
	got := map[string]outcome{}
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out := filepath.Join(dir, fmt.Sprint(i))
			ctx, cancel := j.context()
			defer cancel()
			var runs [][]string
			base := []string{"-sS", "-o", out, "-w", "%{http_code} %{url_effective}"}
			post := []string{"-H", "Content-Type: application/json", "-d", `{"statuskit":"exam"}`}
			switch j.do {
			case "get":
				runs = [][]string{append(base, "--retry", "3", "-L", j.url)}
			case "post":
				runs = [][]string{append(append(base, "--retry", "3", "-L"), append(post, j.url)...)}
			case "head":
				runs = [][]string{append(base, "--retry", "3", "-I", "-L", j.url)}
			case "head-x":
				runs = [][]string{append(base, "-X", "HEAD", "-L", j.url)}
			case "twice":
				tags := filepath.Join(dir, fmt.Sprint(i, ".etag"))
				runs = [][]string{append(base, "--etag-save", tags, j.url), append(base, "--etag-compare", tags, j.url)}
			case "async":
				b, err := exec.CommandContext(ctx, "sh", filepath.Join("testdata", "clients", "curl_async.sh"), j.url).CombinedOutput()
				mu.Lock()
				got[j.name] = outcome(fmt.Sprintf("%s%v", strings.TrimSpace(string(b)), errSuffix(err)))
				mu.Unlock()
				return
			}
			var last string
			for _, args := range runs {
				b, err := exec.CommandContext(ctx, "curl", args...).CombinedOutput()
				last = strings.TrimSpace(string(b)) + errSuffix(err)
				if ctx.Err() != nil {
					last = "(still waiting when stopped)"
				}
			}
			mu.Lock()
			got[j.name] = outcome(last)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return got, nil
}

func errSuffix(err error) string {
	if err == nil {
		return ""
	}
	return " (" + err.Error() + ")"
}

// goRunner takes the jobs with Go's net/http client, or with
// go-retryablehttp and its defaults (its logger aside). go-retryablehttp
// sends Go's User-Agent; the program names itself in its own, as an
// application would, so that the card knows which documentation applies.
func goRunner(retrying bool) func(dir string, jobs []job) (map[string]outcome, error) {
	return func(_ string, jobs []job) (map[string]outcome, error) {
		var mu sync.Mutex
		got := map[string]outcome{}
		var wg sync.WaitGroup
		for _, j := range jobs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx, cancel := j.context()
				defer cancel()
				var do func(method, target string, content []byte) (*http.Response, error)
				if retrying {
					rc := retryablehttp.NewClient()
					rc.Logger = nil
					do = func(method, target string, content []byte) (*http.Response, error) {
						var body any
						if content != nil {
							body = content
						}
						req, err := retryablehttp.NewRequestWithContext(ctx, method, target, body)
						if err != nil {
							return nil, err
						}
						req.Header.Set("User-Agent", "go-retryablehttp/0.7.8 Go-http-client/1.1")
						if content != nil {
							req.Header.Set("Content-Type", "application/json")
						}
						return rc.Do(req)
					}
				} else {
					hc := &http.Client{}
					do = func(method, target string, content []byte) (*http.Response, error) {
						req, err := http.NewRequestWithContext(ctx, method, target, bytes.NewReader(content))
						if err != nil {
							return nil, err
						}
						if content != nil {
							req.Header.Set("Content-Type", "application/json")
						} else {
							req.Body, req.ContentLength = http.NoBody, 0
						}
						return hc.Do(req)
					}
				}
				res, err := goJob(do, j)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					got[j.name] = outcome("error: " + err.Error())
					return
				}
				got[j.name] = outcome(fmt.Sprintf("%d %s", res.StatusCode, res.Request.URL))
			}()
		}
		wg.Wait()
		return got, nil
	}
}

// goJob is what a Go program does for each kind of job.
func goJob(do func(method, target string, content []byte) (*http.Response, error), j job) (*http.Response, error) {
	content := []byte(`{"statuskit":"exam"}`)
	call := func(method, target string, content []byte) (*http.Response, error) {
		res, err := do(method, target, content)
		if err == nil {
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
		return res, err
	}
	switch j.do {
	case "post":
		return call(http.MethodPost, j.url, content)
	case "head":
		return call(http.MethodHead, j.url, nil)
	case "twice":
		if _, err := call(http.MethodGet, j.url, nil); err != nil {
			return nil, err
		}
		return call(http.MethodGet, j.url, nil)
	case "async":
		res, err := call(http.MethodPost, j.url, content)
		if err != nil {
			return nil, err
		}
		monitor, err := res.Request.URL.Parse(res.Header.Get("Location"))
		if err != nil {
			return nil, err
		}
		for {
			wait, err := time.ParseDuration(res.Header.Get("Retry-After") + "s")
			if err != nil {
				return res, nil
			}
			time.Sleep(wait)
			if res, err = call(http.MethodGet, monitor.String(), nil); err != nil {
				return nil, err
			}
		}
	}
	return call(http.MethodGet, j.url, nil)
}
