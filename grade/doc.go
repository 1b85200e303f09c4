// Package grade turns a client's requests into a report card: how an HTTP
// client handles status codes over time, rule by rule, with evidence.
//
// A client run is identified by a key (?key= or X-Statuskit-Key). Exams
// (Exams) are scripted scenarios at /exam/{name}?key=K: each answers the
// requests of a run as a pure function of the run's history (503 with
// Retry-After twice then 200, 500 forever, a 307 to a target that records
// what arrived...), and every request of the run, retries and redirect
// targets included, is recorded with its answer in a store.Journal. Every
// Location an exam sends keeps the key.
//
// Grade reads a run from the journal and grades each exam against the
// rules (Rules) it names: PASS, WARN, FAIL, N/A, or PENDING while the
// run's observation window is open, each with the evidence that decided
// it (arrival gaps, methods, content hashes), the section of RFC 9110,
// 9111, 9112 or 8297 it follows, what to change in the client, and where
// the client (by a product token of its User-Agent) did otherwise than its
// documentation says. A Grader serves the exams and the cards over HTTP;
// docs/grade.md has the exam and rule tables.
//
// Times are stamped where they happen: the arrival as the handler starts,
// the answer as its final response begins to be written. A measured gap is
// therefore never shorter than the one the client left: a slow server errs
// towards passing a client, never failing it.
package grade
