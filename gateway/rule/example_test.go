package rule_test

import (
	"fmt"

	"github.com/statuskit/statuskit/gateway/rule"
)

func ExampleParse() {
	set, err := rule.Parse([]byte(`
rules:
  - id: flaky-orders
    match: {method: POST, path: /orders*}
    abort: {status: 503, percent: 30, retry_after: 2}
`), "rules.yaml", rule.DefaultLimits)
	if err != nil {
		fmt.Println(err)
		return
	}
	r := set.Rules[0]
	fmt.Println(r.ID, r.Match.Methods, r.Match.Path, r.Abort.Status, r.Abort.Percent, r.Abort.RetryAfter)

	_, err = rule.Parse([]byte("rules:\n  - id: typo\n    abort: {status: 503, percnt: 30}\n"), "rules.yaml", rule.DefaultLimits)
	fmt.Println(err)
	// Output:
	// flaky-orders [POST] /orders* 503 30 2
	// rules.yaml:3:26: rules[0].abort.percnt: unknown field "percnt" in abort; abort takes status, percent, retry_after, message, allow, headers (did you mean percent?)
}

func ExampleCompileGlob() {
	g := rule.CompileGlob("/orders*")
	fmt.Println(g.Match("/orders"), g.Match("/orders/42"), g.Match("/order"))
	// Output: true true false
}

func ExampleParse_contradiction() {
	_, err := rule.Parse([]byte(`
rules:
  - id: busy
    abort: {status: 503, retry_after: 5, headers: {Retry-After: "9"}}
`), "rules.yaml", rule.DefaultLimits)
	fmt.Println(err)
	// Output:
	// rules.yaml:4:52: rules[0].abort.headers.Retry-After: Retry-After is set from the abort's own key, and a header beside it would contradict it; drop it from headers and write retry_after: 5 (seconds) or retry_after: "Wed, 21 Oct 2026 07:28:00 GMT"
}
