package check_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/statuskit/statuskit/check"
)

const base = "http://127.0.0.1:8080/api"

// get is the target of a path probed in full.
func get(path string) check.Target { return check.Target{URL: base + path} }

// op is the target of an operation sent once.
func op(method, path, contentType, content string) check.Target {
	t := check.Target{URL: base + path, Method: method, ContentType: contentType}
	if contentType != "" {
		t.Content = []byte(content)
	}
	return t
}

func targetsEqual(t *testing.T, name string, got, want []check.Target) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	show := func(ts []check.Target) string {
		var b strings.Builder
		for _, t := range ts {
			fmt.Fprintf(&b, "\n\t%s %s %s %q", t.Method, t.URL, t.ContentType, t.Content)
		}
		return b.String()
	}
	t.Errorf("%s:\ngot:%s\nwant:%s", name, show(got), show(want))
}

// One document, written as JSON and as YAML (YAML 1.2 is a superset of
// JSON, OpenAPI 3.1.0, 4.2), gives the same targets.
func TestOpenAPIReadsJSONAndYAMLAlike(t *testing.T) {
	t.Parallel()
	jsonDoc := `{
  "openapi": "3.0.3",
  "info": {"title": "t", "version": "1"},
  "paths": {
    "/users/{id}": {
      "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "get": {"responses": {"200": {"description": "ok"}}},
      "put": {
        "requestBody": {"content": {"application/json": {"example": {"name": "Ada", "born": 1815}}}},
        "responses": {"204": {"description": "stored"}}
      }
    }
  }
}`
	yamlDoc := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /users/{id}:
    parameters:
      - name: id
        in: path
        required: true
        schema:
          type: integer
    get:
      responses:
        200:
          description: ok
    put:
      requestBody:
        content:
          application/json:
            example:
              name: Ada
              born: 1815
      responses:
        204: {description: stored}
`
	want := []check.Target{
		get("/users/1"),
		op("PUT", "/users/1", "application/json", `{"name":"Ada","born":1815}`),
	}
	for name, doc := range map[string]string{"JSON": jsonDoc, "YAML": yamlDoc, "JSON with a byte order mark": "\ufeff" + jsonDoc} {
		got, err := check.OpenAPITargets([]byte(doc), base)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		targetsEqual(t, name, got, want)
	}
}

// A parameter's value comes from what the document says of it, in a
// fixed order, and else from its type.
func TestOpenAPIParameterValueOrder(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, param, want string
	}{
		{"the parameter's example comes first", `{name: p, in: path, required: true, example: ex, examples: {a: {value: exs}}, schema: {example: sch}}`, "ex"},
		{"then the first of its examples, in document order", `{name: p, in: path, required: true, examples: {zeta: {summary: none}, beta: {value: second}, alpha: {value: third}}, schema: {example: sch}}`, "second"},
		{"then the schema's example", `{name: p, in: path, required: true, schema: {example: sch, examples: [list], default: def}}`, "sch"},
		{"then the first of the schema's examples (3.1)", `{name: p, in: path, required: true, schema: {examples: [first, second], default: def}}`, "first"},
		{"then the schema's default", `{name: p, in: path, required: true, schema: {default: def, enum: [a, b]}}`, "def"},
		{"then the schema's first enum value", `{name: p, in: path, required: true, schema: {enum: [a, b]}}`, "a"},
		{"then the schema's const", `{name: p, in: path, required: true, schema: {const: only}}`, "only"},
		{"an integer is 1", `{name: p, in: path, required: true, schema: {type: integer}}`, "1"},
		{"a number is 1", `{name: p, in: path, required: true, schema: {type: number}}`, "1"},
		{"a boolean is true", `{name: p, in: path, required: true, schema: {type: boolean}}`, "true"},
		{"a uuid is a fixed UUID", `{name: p, in: path, required: true, schema: {type: string, format: uuid}}`, "00000000-0000-4000-8000-000000000000"},
		{"3.1 type lists: integer or null is an integer", `{name: p, in: path, required: true, schema: {type: [integer, "null"]}}`, "1"},
		{"3.1 type lists: null or boolean is a boolean", `{name: p, in: path, required: true, schema: {type: ["null", boolean]}}`, "true"},
		{"anything else is example", `{name: p, in: path, required: true, schema: {type: string}}`, "example"},
		{"no schema is example", `{name: p, in: path, required: true}`, "example"},
		{"a number keeps its digits", `{name: p, in: path, required: true, example: 12345678901234567890123}`, "12345678901234567890123"},
		{"a decimal keeps its digits", `{name: p, in: path, required: true, example: 0.1000000000000000055511151231257827}`, "0.1000000000000000055511151231257827"},
		{"YAML 1.2 reads a plain 1e3 as a number", `{name: p, in: path, required: true, example: 1e3}`, "1e3"},
		{"a hexadecimal YAML integer is its value", `{name: p, in: path, required: true, example: 0x1F}`, "31"},
		{"a quoted number is text", `{name: p, in: path, required: true, example: "0012"}`, "0012"},
		{"a value is escaped for the path", `{name: p, in: path, required: true, example: "a b/c"}`, "a%20b%2Fc"},
		{"a structured example is JSON", `{name: p, in: path, required: true, example: [1, 2]}`, "%5B1%2C2%5D"},
	} {
		doc := "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x/{p}:\n    get:\n      parameters:\n        - " + tc.param + "\n"
		got, err := check.OpenAPITargets([]byte(doc), base)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		targetsEqual(t, tc.name, got, []check.Target{get("/x/" + tc.want)})
	}
}

// Required query parameters are sent with a value the document gives;
// optional ones, and required ones with only a made-up value, are not.
func TestOpenAPIRequiredQueryParametersWithAValue(t *testing.T) {
	t.Parallel()
	doc := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /search:
    get:
      parameters:
        - {name: q, in: query, required: true, example: "cats & dogs"}
        - {name: limit, in: query, required: true, schema: {type: integer, default: 10}}
        - {name: page, in: query, schema: {type: integer, default: 2}}
        - {name: sort, in: query, required: true, schema: {type: string}}
        - {name: X-Trace, in: header, required: true, example: abc}
`
	got, err := check.OpenAPITargets([]byte(doc), base)
	if err != nil {
		t.Fatal(err)
	}
	targetsEqual(t, "query", got, []check.Target{get("/search?limit=10&q=cats+%26+dogs")})
}

// An operation's parameter overrides the path item's of the same name and
// location (OpenAPI 3.1.0, 4.8.9.1 and 4.8.10.1); one of another location
// does not.
func TestOpenAPIOperationParameterOverridesPathParameter(t *testing.T) {
	t.Parallel()
	doc := `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /items/{id}:
    parameters:
      - {name: id, in: path, required: true, example: shared}
      - {name: v, in: query, required: true, example: "1"}
    get:
      parameters:
        - {name: id, in: path, required: true, example: own}
        - {name: id, in: query, required: true, example: q}
    delete:
      parameters:
        - {name: v, in: query, required: true, example: "2"}
`
	got, err := check.OpenAPITargets([]byte(doc), base)
	if err != nil {
		t.Fatal(err)
	}
	targetsEqual(t, "override", got, []check.Target{
		get("/items/own?id=q&v=1"),
		op("DELETE", "/items/shared?v=2", "", ""),
	})
}

// $refs within the document are followed to parameters, schemas, request
// bodies, examples and path items (RFC 6901 pointers, ~1 for / and ~0 for
// ~, percent-decoded as URI fragments, RFC 6901, 6).
func TestOpenAPIFollowsLocalRefs(t *testing.T) {
	t.Parallel()
	doc := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /orders/{id}/{kind}/{tag}:
    parameters:
      - $ref: '#/components/parameters/Id'
      - $ref: '#/components/parameters/Kind'
      - $ref: '#/components/parameters/Tag'
    post:
      requestBody:
        $ref: '#/components/requestBodies/Order'
      responses: {201: {description: created}}
  /copy:
    $ref: '#/paths/~1orders~1%7Bid%7D~1%7Bkind%7D~1%7Btag%7D'
components:
  parameters:
    Id:
      name: id
      in: path
      required: true
      schema: {$ref: '#/components/schemas/a~1b'}
    Kind:
      name: kind
      in: path
      required: true
      examples:
        main: {$ref: '#/components/examples/Kind'}
    Tag:
      $ref: '#/components/parameters/TagItself'
    TagItself:
      name: tag
      in: path
      required: true
      schema: {$ref: '#/components/schemas/t~0x'}
  schemas:
    a/b: {type: integer, example: 42}
    t~x: {enum: [blue, green]}
    Order:
      type: object
      example: {item: book, qty: 2}
  examples:
    Kind: {value: retail}
  requestBodies:
    Order:
      content:
        text/plain: {example: "book x2"}
        application/json:
          schema: {$ref: '#/components/schemas/Order'}
`
	got, err := check.OpenAPITargets([]byte(doc), base)
	if err != nil {
		t.Fatal(err)
	}
	targetsEqual(t, "refs", got, []check.Target{
		get("/copy"),
		op("POST", "/copy", "application/json", `{"item":"book","qty":2}`),
		get("/orders/42/retail/blue"),
		op("POST", "/orders/42/retail/blue", "application/json", `{"item":"book","qty":2}`),
	})
}

// In 3.1 a Schema Object's fields beside $ref apply (JSON Schema
// 2020-12, 8.2.3.1); in 3.0 they are ignored (OpenAPI 3.0.3, 4.7.23).
func TestOpenAPISchemaRefSiblingsApplyIn31Only(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ version, want string }{{"3.1.0", "beside"}, {"3.0.3", "referenced"}} {
		doc := `openapi: ` + tc.version + `
info: {title: t, version: "1"}
paths:
  /x/{p}:
    get:
      parameters:
        - {name: p, in: path, required: true, schema: {$ref: '#/components/schemas/S', example: beside}}
components:
  schemas:
    S: {type: string, example: referenced}
`
		got, err := check.OpenAPITargets([]byte(doc), base)
		if err != nil {
			t.Errorf("%s: %v", tc.version, err)
			continue
		}
		targetsEqual(t, tc.version, got, []check.Target{get("/x/" + tc.want)})
	}
}

// The request content is the first media type's, JSON types first, that
// has an example; text is sent as it is, anything else as JSON.
func TestOpenAPIExampleContent(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, content, wantType, want string
	}{
		{"JSON types come first", `{text/plain: {example: hi}, application/merge-patch+json: {example: {a: 1}}}`, "application/merge-patch+json", `{"a":1}`},
		{"a type without an example is passed over", `{application/json: {schema: {type: object}}, text/plain: {example: hi}}`, "text/plain", "hi"},
		{"then the types in order", `{text/xml: {example: "<a/>"}, text/csv: {example: "a,b"}}`, "text/csv", "a,b"},
		{"the first of the examples, in document order", `{application/json: {examples: {z: {value: 1}, a: {value: 2}}}}`, "application/json", "1"},
		{"the schema's example", `{application/json: {schema: {example: [1, 2.50, true, null, "é\n"]}}}`, "application/json", `[1,2.50,true,null,"é\n"]`},
		{"text in JSON is a JSON string", `{application/json: {example: "<b>"}}`, "application/json", `"<b>"`},
		{"keys keep the document's order", `{application/json: {example: {z: 1, a: 2, m: 3}}}`, "application/json", `{"z":1,"a":2,"m":3}`},
		{"no example: the first type, empty", `{text/plain: {}, application/json: {}}`, "application/json", ""},
	} {
		doc := "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    patch:\n      requestBody:\n        content: " + tc.content + "\n"
		got, err := check.OpenAPITargets([]byte(doc), base)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		targetsEqual(t, tc.name, got, []check.Target{get("/x"), op("PATCH", "/x", tc.wantType, tc.want)})
	}
}

// YAML mapping keys that are numbers or booleans are read as their text:
// response codes (200:) are keys of this kind.
func TestOpenAPIYAMLKeysThatAreNotText(t *testing.T) {
	t.Parallel()
	doc := `openapi: 3.0.3
info: {title: t, version: 1}
paths:
  /n/{p}:
    parameters:
      - name: p
        in: path
        required: true
        examples:
          1: {value: one}
    post:
      requestBody:
        content:
          application/json:
            example: {200: ok, true: yes, 1.50: x, ~: null}
      responses:
        200: {description: ok}
        default: {description: other}
`
	got, err := check.OpenAPITargets([]byte(doc), base)
	if err != nil {
		t.Fatal(err)
	}
	targetsEqual(t, "keys", got, []check.Target{
		get("/n/one"),
		op("POST", "/n/one", "application/json", `{"200":"ok","true":"yes","1.50":"x","~":null}`),
	})
}

// Anchors, aliases and merge keys are YAML's own reuse.
func TestOpenAPIYAMLAnchorsAndMergeKeys(t *testing.T) {
	t.Parallel()
	doc := `openapi: 3.0.3
info: {title: t, version: "1"}
x-shared:
  id: &id {name: id, in: path, required: true, schema: {type: integer}}
  base: &base {a: 1, b: 2}
paths:
  /a/{id}:
    parameters: [*id]
    put:
      requestBody:
        content:
          application/json:
            example:
              <<: *base
              b: 3
              c: 4
`
	got, err := check.OpenAPITargets([]byte(doc), base)
	if err != nil {
		t.Fatal(err)
	}
	targetsEqual(t, "anchors", got, []check.Target{get("/a/1"), op("PUT", "/a/1", "application/json", `{"b":3,"c":4,"a":1}`)})
}

// Documents that cannot be read, or not here, are refused with what was
// wrong, what is allowed and an example.
func TestOpenAPIRefusals(t *testing.T) {
	t.Parallel()
	head := "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"
	withParam := func(p string) string {
		return head + "paths:\n  /x/{p}:\n    get:\n      parameters:\n        - " + p + "\n"
	}
	for _, tc := range []struct {
		name, doc string
		want      []string
	}{
		{"not JSON or YAML", "openapi: [3.1\n", []string{"not an OpenAPI document: YAML: line 1, column"}},
		{"broken JSON gets JSON's position", "{\"openapi\": \"3.1.0\",\n  \"paths\": {]}}", []string{"not an OpenAPI document: JSON: line 2, column 13: invalid character ']'"}},
		{"JSON with more after it", `{"openapi": "3.1.0"} {}`, []string{"not an OpenAPI document: JSON: line 1, column 22: more follows"}},
		{"a list is not a document", `[{"openapi": "3.1.0"}]`, []string{"not an OpenAPI document: it is a list", `e.g. {"openapi": "3.1.0"`}},
		{"text is not a document", "hello", []string{`not an OpenAPI document: it is the text "hello"`}},
		{"nothing is not a document", " \n", []string{"not an OpenAPI document: it is empty"}},
		{"a comment alone is not a document", "# nothing\n", []string{"not an OpenAPI document: it is empty (null)"}},
		{"two YAML documents", "openapi: 3.1.0\n---\nopenapi: 3.0.0\n", []string{"2 YAML documents", "line 3"}},
		{"a key given twice (YAML)", "openapi: 3.1.0\nopenapi: 3.0.0\n", []string{"not an OpenAPI document: YAML: line 2, column 1", "already defined"}},
		{"a key given twice (JSON)", "{\"openapi\": \"3.1.0\",\n \"openapi\": \"3.0.0\"}", []string{"JSON: line 2, column 2: the key \"openapi\" is given twice"}},
		{"Swagger 2.0", "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n", []string{`swagger: "2.0": only OpenAPI 3.x documents are read, e.g. "openapi": "3.1.0"`, "swagger2openapi"}},
		{"openapi 2.0", "openapi: '2.0'\npaths: {/a: {}}\n", []string{`openapi: "2.0": only OpenAPI 3.x documents are read, e.g. "openapi": "3.1.0"`}},
		{"no openapi field", "paths: {/a: {}}\n", []string{`no openapi field: only OpenAPI 3.x documents are read`}},
		{"no paths", head, []string{"the document has no paths to check"}},
		{"empty paths", head + "paths: {}\n", []string{"the document has no paths to check"}},
		{"paths not a mapping", head + "paths: [/a]\n", []string{"paths (line 3) is a list; it is a mapping of paths"}},
		{"a path without /", head + "paths: {users: {}}\n", []string{`paths: "users" (line 3) does not start with /`, "e.g. /users/{id}"}},
		{"an operation that is not a mapping", head + "paths: {/a: {get: 1}}\n", []string{"#/paths/~1a/get (line 3) is the number 1; an operation is a mapping"}},
		{"parameters not a list", head + "paths: {/a: {parameters: {name: id}}}\n", []string{"#/paths/~1a/parameters (line 3) is a mapping; it is a list of Parameter Objects"}},
		{"a parameter without a name", withParam("{in: path}"), []string{"#/paths/~1x~1{p}/get/parameters/0 (line 7) has no name or no in"}},
		{"a $ref to another file", withParam("$ref: 'common.yaml#/components/parameters/P'"), []string{`$ref "common.yaml#/components/parameters/P" (line 7) names another file or a URL`, "bundle the document"}},
		{"a $ref to a URL", withParam("$ref: 'https://example.com/api.yaml#/P'"), []string{`$ref "https://example.com/api.yaml#/P" (line 7) names another file or a URL`}},
		{"a $ref to nothing", withParam("$ref: '#/components/parameters/Missing'"), []string{`$ref "#/components/parameters/Missing" (line 7): the document has no "components" there`, `e.g. "#/components/schemas/User"`}},
		{"a $ref that is not a pointer", withParam("$ref: '#P'"), []string{`$ref "#P" (line 7) is not a JSON Pointer`}},
		{"a $ref with a bad escape", withParam("$ref: '#/a%zz'"), []string{`$ref "#/a%zz" (line 7): its fragment has a bad percent-escape`}},
		{"a $ref that is not text", withParam("$ref: 7"), []string{"#/paths/~1x~1{p}/get/parameters/0/$ref (line 7) is the number 7; a $ref is text"}},
		{"a $ref cycle", withParam("$ref: '#/components/parameters/A'") + "components:\n  parameters:\n    A: {$ref: '#/components/parameters/B'}\n    B: {$ref: '#/components/parameters/A'}\n", []string{`leads back to itself (#/components/parameters/A → #/components/parameters/B → #/components/parameters/A)`, "break the cycle"}},
		{"a $ref to itself", withParam("$ref: '#/components/parameters/A'") + "components:\n  parameters:\n    A: {$ref: '#/components/parameters/A'}\n", []string{`leads back to itself`}},
		{"a schema $ref cycle", withParam("{name: p, in: path, schema: {$ref: '#/components/schemas/A'}}") + "components:\n  schemas:\n    A: {$ref: '#/components/schemas/A'}\n", []string{`$ref "#/components/schemas/A" (line 10) leads back to itself`}},
		{"an alias with no anchor", head + "paths: {/a: *nope}\n", []string{"the alias *nope names no anchor before it"}},
	} {
		_, err := check.OpenAPITargets([]byte(tc.doc), base)
		if err == nil {
			t.Errorf("%s: accepted; want an error with %q", tc.name, tc.want)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q\nwant it to contain %q", tc.name, err, w)
			}
		}
	}
}

// More targets than MaxURLs are refused, as a --urls file of that many
// is.
func TestOpenAPIMoreThanMaxURLs(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(`{"openapi": "3.1.0", "paths": {`)
	for i := range check.MaxURLs + 1 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"/p%d": {}`, i)
	}
	b.WriteString("}}")
	_, err := check.OpenAPITargets([]byte(b.String()), base)
	if err == nil || err.Error() != fmt.Sprintf("more than %d operations; check part of the document", check.MaxURLs) {
		t.Errorf("%d paths: %v", check.MaxURLs+1, err)
	}
}

// Every limit is refused with a message naming it, and a document
// within them is read.
func TestOpenAPILimits(t *testing.T) {
	t.Parallel()
	small := func(change func(*check.OpenAPILimits)) check.OpenAPILimits {
		lim := check.DefaultOpenAPILimits()
		change(&lim)
		return lim
	}
	chain := "openapi: 3.0.3\npaths:\n  /x/{p}:\n    get:\n      parameters: [{$ref: '#/components/parameters/A'}]\n" +
		"components:\n  parameters:\n    A: {$ref: '#/components/parameters/B'}\n    B: {$ref: '#/components/parameters/C'}\n    C: {name: p, in: path, required: true, example: c}\n"
	// Each alias doubles the example: 2^20 strings of 1 KiB, 1 GiB.
	var laughs strings.Builder
	laughs.WriteString("openapi: 3.1.0\nx-l0: &l0 \"" + strings.Repeat("a", 1024) + "\"\n")
	for i := 1; i <= 20; i++ {
		fmt.Fprintf(&laughs, "x-l%d: &l%d [*l%d, *l%d]\n", i, i, i-1, i-1)
	}
	laughs.WriteString("paths:\n  /x:\n    post:\n      requestBody: {content: {application/json: {example: *l20}}}\n")
	// One example, used by many operations through one $ref.
	var shared strings.Builder
	shared.WriteString(`{"openapi": "3.1.0", "components": {"examples": {"big": {"value": "` + strings.Repeat("b", 64<<10) + `"}}}, "paths": {`)
	for i := range 200 {
		if i > 0 {
			shared.WriteString(",")
		}
		fmt.Fprintf(&shared, `"/p%d": {"post": {"requestBody": {"content": {"text/plain": {"examples": {"e": {"$ref": "#/components/examples/big"}}}}}}}`, i)
	}
	shared.WriteString("}}")
	var wide strings.Builder
	wide.WriteString("openapi: 3.1.0\npaths:\n  /a: {}\nx-wide:\n")
	for i := range 200 {
		fmt.Fprintf(&wide, "  k%d: v\n", i)
	}
	for _, tc := range []struct {
		name string
		doc  string
		lim  check.OpenAPILimits
		want string // "" when the document is within the limits
	}{
		{"a $ref chain within RefDepth", chain, small(func(l *check.OpenAPILimits) { l.RefDepth = 3 }), ""},
		{"a $ref chain longer than RefDepth", chain, small(func(l *check.OpenAPILimits) { l.RefDepth = 2 }), `more than 2 $refs in a chain (#/components/parameters/A → #/components/parameters/B → …); at most 2 are followed`},
		{"JSON nested deeper than Nesting", `{"openapi": "3.1.0", "paths": {"/a": {}}, "x": ` + strings.Repeat("[", 300) + strings.Repeat("]", 300) + "}", check.DefaultOpenAPILimits(), "nests mappings and lists more than 256 deep (line 1)"},
		{"YAML flow nested deeper than Nesting", "openapi: 3.1.0\npaths: {/a: {}}\nx: " + strings.Repeat("[", 300) + strings.Repeat("]", 300) + "\n", check.DefaultOpenAPILimits(), "nests mappings and lists more than 256 deep (line 3)"},
		{"YAML flow nested within Nesting", "openapi: 3.1.0\npaths: {/a: {}}\nx: " + strings.Repeat("[", 200) + strings.Repeat("]", 200) + "\n", check.DefaultOpenAPILimits(), ""},
		{"YAML with more tokens than YAMLTokens", wide.String(), small(func(l *check.OpenAPILimits) { l.YAMLTokens = 100 }), "more than 100 tokens"},
		{"a YAML mapping past YAMLMappingCost", wide.String(), small(func(l *check.OpenAPILimits) { l.YAMLMappingCost = 150 * 150 }), "the one at line 5 has 150 keys so far"},
		{"a YAML mapping within YAMLMappingCost", wide.String(), small(func(l *check.OpenAPILimits) { l.YAMLMappingCost = 250 * 250 }), ""},
		{"aliases that double an example past Output", laughs.String(), small(func(l *check.OpenAPILimits) { l.Output = 1 << 20 }), "the targets would take more than 1048576 bytes"},
		{"one example used by many operations past Output", shared.String(), small(func(l *check.OpenAPILimits) { l.Output = 8 << 20 }), "the targets would take more than 8388608 bytes"},
		{"$ref steps past Work", chain, small(func(l *check.OpenAPILimits) { l.Work = 4 }), "more than 4 steps"},
	} {
		_, err := check.OpenAPITargetsWithin([]byte(tc.doc), base, tc.lim)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: %v\nwant an error with %q", tc.name, err, tc.want)
		}
	}
}

// The YAML reader's guard counts the keys of each block mapping apart:
// many small mappings are cheap, one large one is not.
func TestOpenAPIYAMLGuardCountsMappingsApart(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("openapi: 3.1.0\npaths:\n")
	for i := range 300 {
		fmt.Fprintf(&b, "  /p%d:\n    parameters:\n      - name: a\n        in: query\n      - name: b\n        in: query\n    get:\n      responses:\n        200: {description: ok}\n", i)
	}
	lim := check.DefaultOpenAPILimits()
	// The document's 2 keys (4), paths' 300 (90,000), and in each path
	// item 2 (4), 2 in each of two parameters (8), 1 in get and 1 in
	// responses: 14 for each path.
	lim.YAMLMappingCost = 2*2 + 300*300 + 300*(2*2+2*2+2*2+1+1)
	got, err := check.OpenAPITargetsWithin([]byte(b.String()), base, lim)
	if err != nil || len(got) != 300 {
		t.Fatalf("%d targets, %v", len(got), err)
	}
	lim.YAMLMappingCost--
	if _, err := check.OpenAPITargetsWithin([]byte(b.String()), base, lim); err == nil {
		t.Errorf("YAMLMappingCost %d: accepted a document that costs one more", lim.YAMLMappingCost)
	}
}

// A --base that is not a URL is refused before the document is read.
func TestOpenAPIBaseIsAURL(t *testing.T) {
	t.Parallel()
	_, err := check.OpenAPITargets([]byte("not read"), "127.0.0.1:8080")
	if err == nil || !strings.HasPrefix(err.Error(), "--base: ") || !strings.Contains(err.Error(), "did you mean http://127.0.0.1:8080/?") {
		t.Errorf("base 127.0.0.1:8080: %v", err)
	}
}
