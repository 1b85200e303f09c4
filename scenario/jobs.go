package scenario

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/responder"
	"github.com/statuskit/statuskit/status"
	"github.com/statuskit/statuskit/store"
)

// Defaults of POST /jobs.
const (
	defaultJobDuration = 3 * time.Second
	defaultJobResult   = http.StatusOK
	// defaultJobPoll is the longest Retry-After a running job advertises,
	// so clients poll a few times before it is done.
	defaultJobPoll = 1
	maxJobPoll     = 3600
)

// jobBody is the JSON status of a job, the representation of its monitor
// /jobs/{id}. Field names are public API.
type jobBody struct {
	ID string `json:"id"`
	// State is running, done, cancelled or expired.
	State     string `json:"state"`
	Result    int    `json:"result"`
	Created   string `json:"created"`
	DoneAt    string `json:"done_at"`
	ExpiresAt string `json:"expires_at"`
	Monitor   string `json:"monitor"`
	ResultURL string `json:"result_url"`
	Message   string `json:"message"`
}

func newJobBody(r *http.Request, j store.Job, state, msg string) jobBody {
	return jobBody{
		ID: j.ID, State: state, Result: j.Result,
		Created: j.Created.UTC().Format(time.RFC3339Nano), DoneAt: j.Done.UTC().Format(time.RFC3339Nano),
		ExpiresAt: j.Expires.UTC().Format(time.RFC3339Nano),
		Monitor:   jobPath(r, j.ID), ResultURL: jobPath(r, j.ID) + "/result",
		Message: msg,
	}
}

// jobPath is the monitor of job id under the base r is served from.
func jobPath(r *http.Request, id string) string { return reply.Link(r, "/jobs/"+id) }

// newJobID is 128 random bits: job URLs are capabilities, so one client
// cannot guess and cancel another's job.
func newJobID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand, Go 1.24+)
	return hex.EncodeToString(b[:])
}

// validJobID rejects anything newJobID cannot have made before asking the
// store.
func validJobID(id string) bool {
	if len(id) != 32 {
		return false
	}
	_, err := hex.DecodeString(id)
	return err == nil
}

// jobPoll is the job's longest poll interval in seconds: what POST
// /jobs?retry-after= asked for, kept with the job.
func jobPoll(j store.Job) int64 {
	if j.Poll <= 0 {
		return defaultJobPoll
	}
	return int64(j.Poll / time.Second)
}

// pollAfter is the Retry-After of a running job: the time left, rounded
// up, but at most poll seconds.
func pollAfter(j store.Job, poll int64) string {
	return strconv.FormatInt(max(1, min(poll, ceilSeconds(j.Done.Sub(j.Now)))), 10)
}

// handleJobCreate serves POST /jobs?duration=3s&result=200: 202 Accepted
// with Location of the job's status monitor and Retry-After (RFC 9110,
// 15.3.3).

// JobCreate serves POST /jobs?duration=3s&result=200: 202 Accepted with
// Location of the job's status monitor and Retry-After (RFC 9110, 15.3.3).
func (s *Scenarios) JobCreate(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "POST /jobs", "duration", "result", "retry-after")
	if err != nil {
		return err
	}
	duration, err := param.Duration(q, "duration", defaultJobDuration, 0, s.cfg.MaxJobDuration, "--max-job-duration")
	if err != nil {
		return err
	}
	result := defaultJobResult
	if q.Has("result") {
		v := q.Get("result")
		result, err = status.ParseCode(v)
		if err != nil || result < 200 {
			return param.Errorf("?result=%q must be the status the job's result answers with, three digits from 200 to 599, e.g. ?result=201", param.Clip(v, 20))
		}
	}
	poll := int64(defaultJobPoll)
	if q.Has("retry-after") {
		if poll, err = parsePoll(q.Get("retry-after")); err != nil {
			return err
		}
	}
	spec := store.JobSpec{Duration: duration, Result: result, Keep: s.cfg.StateTTL, Tombstone: s.cfg.TombstoneTTL, Poll: time.Duration(poll) * time.Second}
	j, err := s.cfg.Store.CreateJob(r.Context(), newJobID(), spec)
	if err != nil {
		return s.stateFailed(r, err)
	}
	h := w.Header()
	h.Set("Location", jobPath(r, j.ID))
	h.Set("Retry-After", pollAfter(j, poll))
	h.Set("Cache-Control", "no-store")
	return reply.WriteJSON(w, r, http.StatusAccepted, newJobBody(r, j, "running", fmt.Sprintf(
		"accepted; poll %s until it answers 303 See Other to the result (done in %s)", jobPath(r, j.ID), duration)))
}

// loadJob reads the job of /jobs/{id}...; the error answers a request for
// a job that is not live (400, 404, 410 or a store failure).
func (s *Scenarios) loadJob(r *http.Request) (store.Job, error) {
	q, err := query(r, param.Endpoint(r), "retry-after")
	if err != nil {
		return store.Job{}, err
	}
	id := r.PathValue("id")
	if !validJobID(id) {
		return store.Job{}, reply.Errorf(http.StatusNotFound,
			"no job %q: job ids are the 32 hex digits from the Location of POST %s/jobs", param.Clip(id, 40), reply.Base(r))
	}
	j, err := s.cfg.Store.Job(r.Context(), id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return j, reply.Errorf(http.StatusNotFound,
			"no job %s: it never existed here, or ended longer ago than --state-ttl plus --tombstone-ttl", id)
	case err != nil:
		return j, s.stateFailed(r, err)
	case j.Gone():
		return j, jobGone(r, j)
	}
	if q.Has("retry-after") {
		// A poll may ask for its own interval, as the creation did.
		poll, err := parsePoll(q.Get("retry-after"))
		if err != nil {
			return j, err
		}
		j.Poll = time.Duration(poll) * time.Second
	}
	return j, nil
}

// parsePoll reads ?retry-after=, the longest poll interval in seconds.
func parsePoll(v string) (int64, error) {
	poll, err := strconv.ParseInt(v, 10, 64)
	if err != nil || !param.Digits(v) || poll < 1 || poll > maxJobPoll {
		return 0, param.Errorf("?retry-after=%q must be the longest poll interval in whole seconds, from 1 to %d, e.g. ?retry-after=2", param.Clip(v, 20), maxJobPoll)
	}
	return poll, nil
}

// jobGone is the 410 of a job that existed and will not come back (RFC
// 9110, 15.5.11).
func jobGone(r *http.Request, j store.Job) error {
	why := "it expired at " + j.Expires.UTC().Format(time.RFC3339) + " (results are kept for --state-ttl after the job finishes)"
	if j.Cancelled {
		why = "it was cancelled by DELETE " + jobPath(r, j.ID)
	}
	return reply.Errorf(http.StatusGone, "job %s is gone: %s", j.ID, why)
}

// JobStatus serves GET /jobs/{id}: 200 with state running and Retry-After
// while the job runs, then 303 See Other to its result (RFC 9110, 15.4.4:
// the result is another resource, retrieved with GET).
func (s *Scenarios) JobStatus(w http.ResponseWriter, r *http.Request) error {
	j, err := s.loadJob(r)
	if err != nil || j.ID == "" {
		return err
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	if j.Finished() {
		h.Set("Location", jobPath(r, j.ID)+"/result")
		return reply.WriteJSON(w, r, http.StatusSeeOther, newJobBody(r, j, "done", "done; the result is at "+jobPath(r, j.ID)+"/result"))
	}
	h.Set("Retry-After", pollAfter(j, jobPoll(j)))
	return reply.WriteJSON(w, r, http.StatusOK, newJobBody(r, j, "running", fmt.Sprintf(
		"running; done in %s, poll again after Retry-After", j.Done.Sub(j.Now).Round(time.Millisecond))))
}

// JobResult serves GET /jobs/{id}/result: the requested status once the
// job is done.
func (s *Scenarios) JobResult(w http.ResponseWriter, r *http.Request) error {
	j, err := s.loadJob(r)
	if err != nil || j.ID == "" {
		return err
	}
	if !j.Finished() {
		return &reply.Error{Status: http.StatusNotFound, RetryAfter: pollAfter(j, jobPoll(j)), Message: fmt.Sprintf(
			"job %s has no result yet: it is running for another %s; poll %s, which answers 303 See Other here when it is done",
			j.ID, j.Done.Sub(j.Now).Round(time.Millisecond), jobPath(r, j.ID))}
	}
	return s.codes.Answer(w, r, j.Result, responder.Modifiers{Message: fmt.Sprintf(
		"the result of job %s: the %d it was created to end with (POST %s/jobs?result=%d)", j.ID, j.Result, reply.Base(r), j.Result)})
}

// JobCancel serves DELETE /jobs/{id}: 204, the job cancelled (or its
// result removed); afterwards the job answers 410.
func (s *Scenarios) JobCancel(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r, "DELETE /jobs/{id}"); err != nil {
		return err
	}
	id := r.PathValue("id")
	if !validJobID(id) {
		return reply.Errorf(http.StatusNotFound, "no job %q: job ids are the 32 hex digits from the Location of POST %s/jobs", param.Clip(id, 40), reply.Base(r))
	}
	before, err := s.cfg.Store.CancelJob(r.Context(), id, s.cfg.TombstoneTTL)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return reply.Errorf(http.StatusNotFound, "no job %s to cancel", id)
	case err != nil:
		return s.stateFailed(r, err)
	case before.Gone():
		return jobGone(r, before)
	}
	return s.codes.Answer(w, r, http.StatusNoContent, responder.Modifiers{})
}
