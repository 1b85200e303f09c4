// Package check finds status-code misuse in a live HTTP API: it probes
// each URL with a set of requests (GET, HEAD, OPTIONS, an unknown method,
// conditional and range requests with the validators it saw, the request
// without its credentials, a random path below it, a malformed request,
// redirects hop by hop and, when allowed, the unsafe methods it refuses),
// then judges every response, and the responses against each other, with
// the rules in Rules.
//
// The rules are the registry's protocol facts (package status): which
// fields a code requires, which codes never have content, which codes
// answer which methods, how a redirect treats the method, what a client
// is told to do. What the server sent is parsed by package field, and read
// from the wire by package check/wire, so that a fault Go's client would
// repair (content on a 204, a 1xx with no final response, a wrong
// Content-Length) is seen as sent.
//
// Severity is honest: MUST only where a specification says MUST; SHOULD,
// MAY and INFO for the rest. Everything is bounded: a per-request timeout,
// bounded reads, a bounded number of redirects, concurrency and a request
// rate (Config).
package check
