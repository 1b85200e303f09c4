package check_test

import (
	"fmt"
	"strings"

	"github.com/statuskit/statuskit/check"
)

// Every path is a target; an operation other than GET, HEAD or OPTIONS is
// one more, with its example content.
func ExampleOpenAPITargets() {
	doc := []byte(`openapi: 3.1.0
info: {title: Orders, version: "1"}
paths:
  /orders/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    get:
      responses: {200: {description: the order}}
    delete:
      responses: {204: {description: gone}}
  /orders:
    post:
      requestBody:
        content:
          application/json:
            example: {item: book, qty: 2}
      responses: {201: {description: created}}
`)
	targets, err := check.OpenAPITargets(doc, "http://127.0.0.1:8080/api")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range targets {
		if t.Method == "" {
			fmt.Println("probe", t.URL)
			continue
		}
		fmt.Println(strings.TrimSpace(fmt.Sprintln(t.Method, t.URL, t.ContentType, string(t.Content))))
	}
	_, err = check.OpenAPITargets([]byte(`openapi: 3.1.0
paths:
  /a:
    parameters: [{$ref: "shared.yaml#/components/parameters/Id"}]
`), "http://127.0.0.1:8080")
	fmt.Println(err)
	// Output:
	// probe http://127.0.0.1:8080/api/orders
	// POST http://127.0.0.1:8080/api/orders application/json {"item":"book","qty":2}
	// probe http://127.0.0.1:8080/api/orders/1
	// DELETE http://127.0.0.1:8080/api/orders/1
	// $ref "shared.yaml#/components/parameters/Id" (line 4) names another file or a URL; only $refs within the document are read, e.g. "#/components/schemas/User"; bundle the document into one file first, e.g. npx @redocly/cli bundle openapi.yaml -o bundled.yaml
}
