package server

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

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

func newJobBody(j store.Job, state, msg string) jobBody {
	return jobBody{
		ID: j.ID, State: state, Result: j.Result,
		Created: j.Created.UTC().Format(time.RFC3339Nano), DoneAt: j.Done.UTC().Format(time.RFC3339Nano),
		ExpiresAt: j.Expires.UTC().Format(time.RFC3339Nano),
		Monitor:   jobPath(j.ID), ResultURL: jobPath(j.ID) + "/result",
		Message: msg,
	}
}

func jobPath(id string) string { return "/jobs/" + id }

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

// pollAfter is the Retry-After of a running job: the time left, rounded
// up, but at most poll seconds.
func pollAfter(j store.Job, poll int64) string {
	return strconv.FormatInt(max(1, min(poll, ceilSeconds(j.Done.Sub(j.Now)))), 10)
}

// handleJobCreate serves POST /jobs?duration=3s&result=200: 202 Accepted
// with Location of the job's status monitor and Retry-After (RFC 9110,
// 15.3.3).
func (s *Server) handleJobCreate(w http.ResponseWriter, r *http.Request) {
	q, err := scenarioParams(r, "POST /jobs", "duration", "result", "retry-after")
	if err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	duration, err := parseDuration(q, "duration", defaultJobDuration, 0, s.cfg.MaxJobDuration, "--max-job-duration")
	if err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	result := defaultJobResult
	if q.Has("result") {
		v := q.Get("result")
		result, err = strconv.Atoi(v)
		if err != nil || !isDigits(v) || len(v) != 3 || result < 200 || result > 599 {
			s.writeError(w, r, http.StatusBadRequest, fmt.Sprintf(
				"?result=%q must be the status the job's result answers with, from 200 to 599, e.g. ?result=201", truncate(v, 20)))
			return
		}
	}
	poll := int64(defaultJobPoll)
	if q.Has("retry-after") {
		v := q.Get("retry-after")
		poll, err = strconv.ParseInt(v, 10, 64)
		if err != nil || !isDigits(v) || poll < 1 || poll > maxJobPoll {
			s.writeError(w, r, http.StatusBadRequest, fmt.Sprintf(
				"?retry-after=%q must be the longest poll interval in whole seconds, from 1 to %d, e.g. ?retry-after=2", truncate(v, 20), maxJobPoll))
			return
		}
	}
	spec := store.JobSpec{Duration: duration, Result: result, Keep: s.cfg.StateTTL, Tombstone: s.cfg.TombstoneTTL}
	j, err := s.cfg.Store.CreateJob(r.Context(), newJobID(), spec)
	if err != nil {
		s.stateFailed(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Location", jobPath(j.ID))
	h.Set("Retry-After", pollAfter(j, poll))
	h.Set("Cache-Control", "no-store")
	s.replyJSON(w, r, http.StatusAccepted, newJobBody(j, "running", fmt.Sprintf(
		"accepted; poll %s until it answers 303 See Other to the result (done in %s)", jobPath(j.ID), duration)))
}

// loadJob reads the job of /jobs/{id}... and answers 404 or 410 itself
// when there is no live job; ok reports a job to go on with.
func (s *Server) loadJob(w http.ResponseWriter, r *http.Request) (j store.Job, ok bool) {
	if _, err := scenarioParams(r, r.Pattern); err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return j, false
	}
	id := r.PathValue("id")
	if !validJobID(id) {
		s.writeError(w, r, http.StatusNotFound, fmt.Sprintf(
			"no job %q: job ids are the 32 hex digits from the Location of POST /jobs", truncate(id, 40)))
		return j, false
	}
	j, err := s.cfg.Store.Job(r.Context(), id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.writeError(w, r, http.StatusNotFound, fmt.Sprintf(
			"no job %s: it never existed here, or ended longer ago than --state-ttl plus --tombstone-ttl", id))
		return j, false
	case err != nil:
		s.stateFailed(w, r, err)
		return j, false
	case j.Gone():
		s.jobGone(w, r, j)
		return j, false
	}
	return j, true
}

// jobGone answers 410: the job existed and will not come back (RFC 9110,
// 15.5.11).
func (s *Server) jobGone(w http.ResponseWriter, r *http.Request, j store.Job) {
	why := "it expired at " + j.Expires.UTC().Format(time.RFC3339) + " (results are kept for --state-ttl after the job finishes)"
	if j.Cancelled {
		why = "it was cancelled by DELETE " + jobPath(j.ID)
	}
	s.writeError(w, r, http.StatusGone, fmt.Sprintf("job %s is gone: %s", j.ID, why))
}

// handleJobStatus serves GET /jobs/{id}: 200 with state running and
// Retry-After while the job runs, then 303 See Other to its result (RFC
// 9110, 15.4.4: the result is another resource, retrieved with GET).
func (s *Server) handleJobStatus(w http.ResponseWriter, r *http.Request) {
	j, ok := s.loadJob(w, r)
	if !ok {
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	if j.Finished() {
		h.Set("Location", jobPath(j.ID)+"/result")
		s.replyJSON(w, r, http.StatusSeeOther, newJobBody(j, "done", "done; the result is at "+jobPath(j.ID)+"/result"))
		return
	}
	h.Set("Retry-After", pollAfter(j, defaultJobPoll))
	s.replyJSON(w, r, http.StatusOK, newJobBody(j, "running", fmt.Sprintf(
		"running; done in %s, poll again after Retry-After", j.Done.Sub(j.Now).Round(time.Millisecond))))
}

// handleJobResult serves GET /jobs/{id}/result: the requested status once
// the job is done.
func (s *Server) handleJobResult(w http.ResponseWriter, r *http.Request) {
	j, ok := s.loadJob(w, r)
	if !ok {
		return
	}
	if !j.Finished() {
		w.Header().Set("Retry-After", pollAfter(j, defaultJobPoll))
		s.writeError(w, r, http.StatusNotFound, fmt.Sprintf(
			"job %s has no result yet: it is running for another %s; poll %s, which answers 303 See Other here when it is done",
			j.ID, j.Done.Sub(j.Now).Round(time.Millisecond), jobPath(j.ID)))
		return
	}
	s.answer(w, r, j.Result, modifiers{final: http.StatusOK})
}

// handleJobCancel serves DELETE /jobs/{id}: 204, the job cancelled (or its
// result removed); afterwards the job answers 410.
func (s *Server) handleJobCancel(w http.ResponseWriter, r *http.Request) {
	if _, err := scenarioParams(r, "DELETE /jobs/{id}"); err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	id := r.PathValue("id")
	if !validJobID(id) {
		s.writeError(w, r, http.StatusNotFound, fmt.Sprintf(
			"no job %q: job ids are the 32 hex digits from the Location of POST /jobs", truncate(id, 40)))
		return
	}
	before, err := s.cfg.Store.CancelJob(r.Context(), id, s.cfg.TombstoneTTL)
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.writeError(w, r, http.StatusNotFound, fmt.Sprintf("no job %s to cancel", id))
	case err != nil:
		s.stateFailed(w, r, err)
	case before.Gone():
		s.jobGone(w, r, before)
	default:
		s.answer(w, r, http.StatusNoContent, modifiers{final: http.StatusOK})
	}
}
