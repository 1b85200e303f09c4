package reference_test

import (
	"fmt"

	"github.com/statuskit/statuskit/reference"
	"github.com/statuskit/statuskit/status"
)

// The search the reference page runs as you type, and Enter's choice.
func ExampleParseQuery() {
	q := reference.ParseQuery("teapot")
	for _, c := range q.Filter(status.All()) {
		fmt.Println(c)
	}
	q = reference.ParseQuery("not found")
	best, _ := q.Best(q.Filter(status.All()))
	fmt.Println("Enter opens", best)
	// Output:
	// 418 I'm a teapot
	// Enter opens 404 Not Found
}
