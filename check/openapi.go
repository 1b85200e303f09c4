package check

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	yamlparser "github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/statuskit/statuskit/internal/yamlbound"
)

// The document is read here rather than by an OpenAPI library: the one
// used before (kin-openapi) links a JSON Schema validator whose package
// initialisation cost every start of the binary ~14 ms and 1.7 MB, to
// read a handful of fields for one subcommand.

// OpenAPILimits bound the work of reading one OpenAPI document, so that a
// small document cannot cause a large amount of work: $refs and YAML
// aliases let one value be used many times. A field's zero value is zero
// (RefDepth 0 refuses every $ref); start from DefaultOpenAPILimits. The
// document's size is the caller's to bound (statuskit check reads at most
// 32 MiB).
type OpenAPILimits struct {
	// RefDepth is how many $refs are followed in a chain to reach one
	// value: a parameter that is a $ref to a parameter that is a $ref is a
	// chain of 2.
	RefDepth int
	// Nesting is how deeply mappings and lists may nest, in the document
	// and in an example built from it.
	Nesting int
	// YAMLTokens bounds the tokens (scalars, keys, punctuation) of a YAML
	// document: the YAML parser holds about 300 bytes for each. A JSON
	// document is read by encoding/json and has no such bound.
	YAMLTokens int
	// YAMLMappingCost bounds the sum, over a YAML document's block
	// mappings, of the square of each one's number of keys: the YAML
	// parser (goccy/go-yaml v1.19) takes time and memory in that square
	// (about 4 bytes for each). JSON, and YAML flow mappings ({a: 1}),
	// have no such bound.
	YAMLMappingCost int64
	// Work bounds the steps of reading the operations: each $ref pointer
	// segment followed, parameter, example and media type looked at, and
	// key copied by a YAML merge (<<).
	Work int
	// Output bounds the bytes of all the targets' URLs and content
	// together.
	Output int
}

// DefaultOpenAPILimits are the limits OpenAPITargets reads a document
// within: $ref chains of 32, nesting 256 deep, 2,000,000 YAML tokens (a
// YAML document of about 16 MB), 100,000,000 for YAMLMappingCost (one
// mapping of 10,000 keys, or 10,000 of 100), 16,000,000 steps and 64 MiB
// of targets.
func DefaultOpenAPILimits() OpenAPILimits {
	return OpenAPILimits{
		RefDepth:        32,
		Nesting:         256,
		YAMLTokens:      2_000_000,
		YAMLMappingCost: 100_000_000,
		Work:            16_000_000,
		Output:          64 << 20,
	}
}

// OpenAPITargets reads an OpenAPI 3.0 or 3.1 document (JSON or YAML 1.2)
// and returns, against base, a target for every path (probed in full, as
// a URL) and one for every operation whose method is not GET, HEAD or
// OPTIONS (sent once, with its example content, when Config.AllowUnsafe
// allows). Paths are in byte order, the operations of a path in method
// order. It reads within DefaultOpenAPILimits; see OpenAPITargetsWithin.
//
// Path parameters take the parameter's example, else the value of its
// first example (in document order) that has one, else its schema's
// example, first of examples, default, first enum value or const, else a
// value of its type (1 for integer and number, true for boolean, a UUID
// for format uuid, else "example"); required query parameters likewise,
// when the document gives them a value. An operation's parameter
// overrides the path's of the same name and location (OpenAPI 3.1.0,
// 4.8.9.1). The content is the first media type's, JSON types first,
// that has an example (its example, first of examples, or its schema's
// example); else the first media type with no content.
//
// $refs are followed within the document (JSON Pointers, RFC 6901; in
// 3.1 a Schema Object's fields beside $ref apply too); one to another
// file or a URL is an error naming it. Errors name the place in the
// document (a JSON Pointer and a line) and say what is allowed: input
// that is neither JSON nor YAML ("not an OpenAPI document: ...", with the
// parser's line and column), a Swagger 2.0 or other non-3.x document, no
// paths, more than MaxURLs targets, a limit passed.
func OpenAPITargets(doc []byte, base string) ([]Target, error) {
	return OpenAPITargetsWithin(doc, base, DefaultOpenAPILimits())
}

// OpenAPITargetsWithin is OpenAPITargets within lim.
func OpenAPITargetsWithin(doc []byte, base string, lim OpenAPILimits) ([]Target, error) {
	b, err := ParseTarget(base)
	if err != nil {
		return nil, fmt.Errorf("--base: %w", err)
	}
	v, err := readDocument(doc, lim)
	if err != nil {
		return nil, err
	}
	root, ok := v.(*object)
	if !ok {
		return nil, fmt.Errorf("not an OpenAPI document: it is %s; an OpenAPI document is a mapping, e.g. {\"openapi\": \"3.1.0\", \"info\": {\"title\": \"API\", \"version\": \"1\"}, \"paths\": {\"/users\": {\"get\": {...}}}}", describeValue(v))
	}
	version, err := openapiVersion(root)
	if err != nil {
		return nil, err
	}
	r := &openapiReader{root: root, lim: lim, layered: !strings.HasPrefix(version, "3.0")}
	return r.targets(strings.TrimSuffix(b.String(), "/"))
}

// openapiVersion is the document's openapi field, when it is 3.x.
func openapiVersion(root *object) (string, error) {
	const allowed = `only OpenAPI 3.x documents are read, e.g. "openapi": "3.1.0"`
	v, ok := root.get("openapi")
	if !ok {
		if sw, ok := root.get("swagger"); ok {
			return "", fmt.Errorf("swagger: %q: %s; convert a Swagger 2.0 document to OpenAPI 3 first, e.g. npx swagger2openapi swagger.yaml -o openapi.yaml", scalarText(sw), allowed)
		}
		return "", fmt.Errorf("the document has no openapi field: %s", allowed)
	}
	// openapi: 3.1 unquoted is a number in YAML; its digits are meant.
	s := scalarText(v)
	if !strings.HasPrefix(s, "3.") {
		return "", fmt.Errorf("openapi: %q: %s", s, allowed)
	}
	return s, nil
}

// The values a document is read into: nil, bool, string, number, []any
// and *object.
type (
	// number is a JSON number's text (RFC 8259, 6), kept as written so
	// that an example keeps its digits.
	number string

	// object is a JSON object or YAML mapping, its keys in document
	// order, with the line and column where it starts and the line of
	// each key, for messages.
	object struct {
		keys      []string
		vals      []any
		lines     []int
		index     map[string]int // once there are more than a few keys
		line, col int
	}
)

func (o *object) get(k string) (any, bool) {
	if o.index != nil {
		i, ok := o.index[k]
		if !ok {
			return nil, false
		}
		return o.vals[i], true
	}
	for i, key := range o.keys {
		if key == k {
			return o.vals[i], true
		}
	}
	return nil, false
}

// add adds k, written at line, unless it is there already, and says
// whether it did.
func (o *object) add(k string, v any, line int) bool {
	if _, dup := o.get(k); dup {
		return false
	}
	o.keys = append(o.keys, k)
	o.vals = append(o.vals, v)
	o.lines = append(o.lines, line)
	switch n := len(o.keys); {
	case o.index != nil:
		o.index[k] = n - 1
	case n > 8:
		o.index = make(map[string]int, n*2)
		for i, key := range o.keys {
			o.index[key] = i
		}
	}
	return true
}

// where is " (line N)" of the object v, for messages.
func where(v any) string {
	if o, ok := v.(*object); ok && o.line > 0 {
		return fmt.Sprintf(" (line %d)", o.line)
	}
	return ""
}

// whereKey is " (line N)" of o's key k, for messages.
func whereKey(o *object, k string) string {
	if o.index != nil {
		if i, ok := o.index[k]; ok && o.lines[i] > 0 {
			return fmt.Sprintf(" (line %d)", o.lines[i])
		}
		return where(o)
	}
	if i := slices.Index(o.keys, k); i >= 0 && o.lines[i] > 0 {
		return fmt.Sprintf(" (line %d)", o.lines[i])
	}
	return where(o)
}

func describeValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "empty (null)"
	case *object:
		return "a mapping"
	case []any:
		return "a list"
	case string:
		return "the text " + strconv.Quote(clip(v, 40))
	case number:
		return "the number " + string(v)
	case bool:
		return strconv.FormatBool(v)
	}
	return fmt.Sprintf("%T", v)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// readDocument reads doc as JSON, or else as YAML.
func readDocument(doc []byte, lim OpenAPILimits) (any, error) {
	doc = bytes.TrimPrefix(doc, []byte("\ufeff"))
	trimmed := bytes.TrimLeft(doc, " \t\r\n")
	if len(trimmed) == 0 {
		return nil, errors.New("not an OpenAPI document: it is empty; an OpenAPI document is a mapping, e.g. {\"openapi\": \"3.1.0\", \"info\": {\"title\": \"API\", \"version\": \"1\"}, \"paths\": {...}}")
	}
	if trimmed[0] != '{' && trimmed[0] != '[' {
		return readYAML(doc, lim)
	}
	// JSON goes to encoding/json, which reads it in linear time and
	// memory; YAML's flow style ({openapi: 3.1.0}) starts the same way
	// and is read as YAML when it is not JSON.
	v, jerr := readJSON(doc, lim.Nesting)
	if jerr == nil {
		return v, nil
	}
	var limit *limitError
	if errors.As(jerr, &limit) {
		return nil, jerr
	}
	if v, err := readYAML(doc, lim); err == nil {
		return v, nil
	}
	return nil, jerr
}

// limitError is a document refused for a limit rather than its syntax.
type limitError struct{ msg string }

func (e *limitError) Error() string { return e.msg }

func nestingError(depth, line int) error {
	return &limitError{fmt.Sprintf("the document nests mappings and lists more than %d deep (line %d); at most %d are read, e.g. {\"a\": {\"b\": [1]}} is 3", depth, line, depth)}
}

// jsonReader builds values from encoding/json's tokens, tracking lines
// as the offsets advance (they only grow, so the count is linear).
type jsonReader struct {
	doc       []byte
	dec       *json.Decoder
	nesting   int
	off, line int
	lineStart int
}

func readJSON(doc []byte, nesting int) (any, error) {
	j := &jsonReader{doc: doc, dec: json.NewDecoder(bytes.NewReader(doc)), nesting: nesting, line: 1}
	j.dec.UseNumber()
	v, err := j.value(0)
	if err != nil {
		return nil, err
	}
	off := int(j.dec.InputOffset())
	if _, err := j.dec.Token(); err != io.EOF {
		line, col := j.position(off)
		return nil, fmt.Errorf("not an OpenAPI document: JSON: line %d, column %d: more follows the document's closing brace; a document is one JSON value", line, col)
	}
	return v, nil
}

// position is the line and column of the first byte at or after off
// that is not white space, a comma or a colon: where the next value
// starts.
func (j *jsonReader) position(off int) (int, int) {
	for off < len(j.doc) && strings.IndexByte(" \t\r\n,:", j.doc[off]) >= 0 {
		off++
	}
	if off < j.off {
		// Not expected (offsets grow); count afresh rather than be wrong.
		j.off, j.line, j.lineStart = 0, 1, 0
	}
	for ; j.off < off && j.off < len(j.doc); j.off++ {
		if j.doc[j.off] == '\n' {
			j.line++
			j.lineStart = j.off + 1
		}
	}
	return j.line, off - j.lineStart + 1
}

func (j *jsonReader) syntaxError(err error) error {
	off := int(j.dec.InputOffset())
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = int(se.Offset)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		off = len(j.doc)
		err = errors.New("the document ends before its value does")
	}
	line, col := j.position(min(off, len(j.doc)))
	return fmt.Errorf("not an OpenAPI document: JSON: line %d, column %d: %v", line, col, err)
}

func (j *jsonReader) value(depth int) (any, error) {
	off := int(j.dec.InputOffset())
	t, err := j.dec.Token()
	if err != nil {
		return nil, j.syntaxError(err)
	}
	switch t := t.(type) {
	case json.Delim:
		line, col := j.position(off)
		if depth >= j.nesting {
			return nil, nestingError(j.nesting, line)
		}
		if t == '[' {
			list := []any{}
			for j.dec.More() {
				v, err := j.value(depth + 1)
				if err != nil {
					return nil, err
				}
				list = append(list, v)
			}
			if _, err := j.dec.Token(); err != nil {
				return nil, j.syntaxError(err)
			}
			return list, nil
		}
		o := &object{line: line, col: col}
		for j.dec.More() {
			kl, kc := j.position(int(j.dec.InputOffset()))
			kt, err := j.dec.Token()
			if err != nil {
				return nil, j.syntaxError(err)
			}
			k, _ := kt.(string) // encoding/json gives only strings here
			v, err := j.value(depth + 1)
			if err != nil {
				return nil, err
			}
			if !o.add(k, v, kl) {
				return nil, fmt.Errorf("not an OpenAPI document: JSON: line %d, column %d: the key %q is given twice in one object; give each key once", kl, kc, clip(k, 60))
			}
		}
		if _, err := j.dec.Token(); err != nil {
			return nil, j.syntaxError(err)
		}
		return o, nil
	case json.Number:
		return number(t), nil
	}
	return t, nil // string, bool or nil
}

// readYAML reads doc with goccy/go-yaml, guarding the parser against the
// documents that cost it far more than their size (see yamlGuard).
func readYAML(doc []byte, lim OpenAPILimits) (v any, err error) {
	defer func() {
		// The parser is a library reading untrusted text; a panic in it
		// is a refused document.
		if p := recover(); p != nil {
			v, err = nil, fmt.Errorf("not an OpenAPI document: the YAML parser failed on it (%v); simplify the document, e.g. write it as JSON", p)
		}
	}()
	tokens, err := yamlbound.Scan(doc, yamlbound.Limits{Nesting: lim.Nesting, Tokens: lim.YAMLTokens, MappingCost: lim.YAMLMappingCost})
	var bound *yamlbound.Error
	if errors.As(err, &bound) {
		if bound.Bound != yamlbound.Nesting {
			bound.Advice = "write the document as JSON, which has no such bound, e.g. yq -o=json openapi.yaml > openapi.json"
		}
		return nil, &limitError{bound.Error()}
	}
	file, err := yamlparser.Parse(tokens, 0)
	if err != nil {
		return nil, yamlSyntaxError(err)
	}
	var docs []*ast.DocumentNode
	for _, d := range file.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, d)
		}
	}
	switch {
	case len(docs) == 0:
		return nil, nil
	case len(docs) > 1:
		return nil, fmt.Errorf("not an OpenAPI document: the file holds %d YAML documents (separated by ---, line %d); an OpenAPI document is one", len(docs), lineOf(docs[1].Body))
	}
	y := &yamlReader{anchors: map[string]any{}, lim: lim}
	return y.value(docs[0].Body, 0)
}

func yamlSyntaxError(err error) error {
	var ye yaml.Error
	if errors.As(err, &ye) {
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			return fmt.Errorf("not an OpenAPI document: YAML: line %d, column %d: %s", tk.Position.Line, tk.Position.Column, clip(ye.GetMessage(), 300))
		}
		return fmt.Errorf("not an OpenAPI document: YAML: %s", clip(ye.GetMessage(), 300))
	}
	return fmt.Errorf("not an OpenAPI document: YAML: %s", clip(err.Error(), 300))
}

func lineOf(n ast.Node) int {
	if n == nil {
		return 0
	}
	if m, ok := n.(*ast.MappingNode); ok && len(m.Values) > 0 {
		n = m.Values[0].Key
	}
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return tk.Position.Line
	}
	return 0
}

// yamlReader turns the parser's nodes into values: YAML 1.2's core
// schema, as OpenAPI 3.1.0 (4.2) recommends, plus the merge key (<<) and the
// number forms goccy/go-yaml reads (0x1F, 1_000).
type yamlReader struct {
	anchors map[string]any
	lim     OpenAPILimits
	merged  int
}

func nodePos(n ast.Node) (int, int) {
	if n == nil {
		return 0, 0
	}
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return tk.Position.Line, tk.Position.Column
	}
	return 0, 0
}

func (y *yamlReader) fail(n ast.Node, format string, args ...any) error {
	line, col := nodePos(n)
	return fmt.Errorf("not an OpenAPI document: YAML: line %d, column %d: %s", line, col, fmt.Sprintf(format, args...))
}

func (y *yamlReader) value(n ast.Node, depth int) (any, error) {
	if depth > y.lim.Nesting {
		line, _ := nodePos(n)
		return nil, nestingError(y.lim.Nesting, line)
	}
	switch n := n.(type) {
	case nil, *ast.NullNode, *ast.CommentGroupNode, *ast.CommentNode, *ast.DirectiveNode:
		return nil, nil
	case *ast.DocumentNode:
		return y.value(n.Body, depth)
	case *ast.BoolNode:
		return n.Value, nil
	case *ast.IntegerNode:
		return integerNumber(n), nil
	case *ast.FloatNode:
		if isJSONNumber(n.Token.Value) {
			return number(n.Token.Value), nil
		}
		return number(strconv.FormatFloat(n.Value, 'g', -1, 64)), nil
	case *ast.InfinityNode:
		return n.Token.Value, nil // JSON has no infinity; the text stands
	case *ast.NanNode:
		return n.Token.Value, nil
	case *ast.StringNode:
		// YAML 1.2 reads a plain 1e3 as a number; goccy/go-yaml leaves it
		// text, and so a JSON 1E5 or a number too long for int64.
		if n.Token != nil && n.Token.Type == token.StringType && isJSONNumber(n.Value) {
			return number(n.Value), nil
		}
		return n.Value, nil
	case *ast.LiteralNode:
		if n.Value == nil {
			return "", nil
		}
		return n.Value.Value, nil
	case *ast.TagNode:
		switch tag := n.Start.Value; tag {
		case "!!str", "!!binary", "tag:yaml.org,2002:str", "tag:yaml.org,2002:binary":
			if s, ok := yamlScalarText(n.Value); ok {
				return s, nil
			}
			return nil, y.fail(n, "%s tags a collection; it tags text, e.g. !!str 0123", tag)
		}
		return y.value(n.Value, depth)
	case *ast.AnchorNode:
		v, err := y.value(n.Value, depth)
		if err != nil {
			return nil, err
		}
		y.anchors[anchorName(n.Name)] = v
		return v, nil
	case *ast.AliasNode:
		name := anchorName(n.Value)
		v, ok := y.anchors[name]
		if !ok {
			return nil, y.fail(n, "the alias *%s names no anchor before it; define the anchor first, e.g. base: &%[1]s {...} then other: *%[1]s", clip(name, 40))
		}
		return v, nil
	case *ast.SequenceNode:
		list := make([]any, 0, len(n.Values))
		for _, e := range n.Values {
			v, err := y.value(e, depth+1)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, nil
	case *ast.MappingNode:
		return y.mapping(n, n.Values, depth)
	case *ast.MappingValueNode:
		return y.mapping(n, []*ast.MappingValueNode{n}, depth)
	case *ast.MappingKeyNode:
		return y.value(n.Value, depth)
	}
	return nil, y.fail(n, "a YAML %s is not read here; write plain mappings, lists and scalars", n.Type())
}

func (y *yamlReader) mapping(n ast.Node, pairs []*ast.MappingValueNode, depth int) (any, error) {
	o := &object{}
	o.line, o.col = nodePos(n)
	if len(pairs) > 0 {
		o.line, o.col = nodePos(pairs[0].Key)
	}
	var merges []any
	for _, pair := range pairs {
		if _, ok := pair.Key.(*ast.MergeKeyNode); ok {
			v, err := y.value(pair.Value, depth+1)
			if err != nil {
				return nil, err
			}
			merges = append(merges, v)
			continue
		}
		k, err := y.key(pair.Key)
		if err != nil {
			return nil, err
		}
		v, err := y.value(pair.Value, depth+1)
		if err != nil {
			return nil, err
		}
		kl, _ := nodePos(pair.Key)
		if !o.add(k, v, kl) {
			return nil, y.fail(pair.Key, "the key %q is given twice in one mapping; give each key once", clip(k, 60))
		}
	}
	// A merge adds the keys the mapping does not have; of several merged
	// mappings the first given wins (YAML merge key, yaml.org/type/merge).
	for _, m := range merges {
		from := []any{m}
		if list, ok := m.([]any); ok {
			from = list
		}
		for _, f := range from {
			src, ok := f.(*object)
			if !ok {
				return nil, y.fail(n, "<< merges %s; it merges a mapping or a list of mappings, e.g. <<: *base", describeValue(f))
			}
			y.merged += len(src.keys)
			if y.merged > y.lim.Work {
				return nil, &limitError{fmt.Sprintf("the YAML merge keys (<<) copy more than %d keys (line %d); at most %d are copied; write the merged mappings out", y.lim.Work, o.line, y.lim.Work)}
			}
			for i, k := range src.keys {
				o.add(k, src.vals[i], src.lines[i])
			}
		}
	}
	return o, nil
}

// key is a mapping key as text: YAML allows 200: or true: as keys, and
// OpenAPI means the text (response codes are keys of this kind).
func (y *yamlReader) key(n ast.Node) (string, error) {
	switch v := n.(type) {
	case *ast.MappingKeyNode:
		return y.key(v.Value)
	case *ast.TagNode:
		return y.key(v.Value)
	case *ast.AnchorNode:
		s, err := y.key(v.Value)
		if err == nil {
			y.anchors[anchorName(v.Name)] = s
		}
		return s, err
	case *ast.AliasNode:
		name := anchorName(v.Value)
		a, ok := y.anchors[name]
		if !ok {
			return "", y.fail(v, "the alias *%s names no anchor before it; define the anchor first", clip(name, 40))
		}
		switch a.(type) {
		case string, number, bool, nil:
			return scalarText(a), nil
		}
		return "", y.fail(v, "the key *%s is %s; a key is text or a number, e.g. \"200\":", clip(name, 40), describeValue(a))
	}
	if s, ok := yamlScalarText(n); ok {
		return s, nil
	}
	return "", y.fail(n, "a mapping key is a %s; a key is text or a number, e.g. \"200\": or /users:", n.Type())
}

func anchorName(n ast.Node) string {
	if n == nil {
		return ""
	}
	if s, ok := n.(*ast.StringNode); ok {
		return s.Value
	}
	if tk := n.GetToken(); tk != nil {
		return tk.Value
	}
	return n.String()
}

// yamlScalarText is a scalar node's text as written (quotes removed).
func yamlScalarText(n ast.Node) (string, bool) {
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		if v.Value == nil {
			return "", true
		}
		return v.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.NullNode, *ast.InfinityNode, *ast.NanNode:
		if tk := n.GetToken(); tk != nil {
			return tk.Value, true
		}
		return "", true
	case nil:
		return "", true
	}
	return "", false
}

// integerNumber is an integer node as a JSON number: its text when that
// is one, else its decimal value (YAML 1.2 reads 0012 as 12, +1 as 1;
// 0x1F, 0o17 and 1_000 are goccy/go-yaml's).
func integerNumber(n *ast.IntegerNode) number {
	lit := n.Token.Value
	if isJSONNumber(lit) {
		return number(lit)
	}
	digits := strings.ReplaceAll(lit, "_", "")
	sign := ""
	switch {
	case strings.HasPrefix(digits, "-"):
		sign, digits = "-", digits[1:]
	case strings.HasPrefix(digits, "+"):
		digits = digits[1:]
	}
	if digits != "" && strings.Trim(digits, "0123456789") == "" {
		digits = strings.TrimLeft(digits, "0")
		if digits == "" {
			return "0"
		}
		return number(sign + digits)
	}
	switch v := n.Value.(type) {
	case int64:
		return number(strconv.FormatInt(v, 10))
	case uint64:
		return number(strconv.FormatUint(v, 10))
	}
	return number(fmt.Sprint(n.Value))
}

// isJSONNumber reports whether s is a number as JSON writes one
// (RFC 8259, 6).
func isJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - start
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// openapiReader reads the targets out of a document's values.
type openapiReader struct {
	root *object
	lim  OpenAPILimits
	// layered: in 3.1 a Schema Object's fields beside $ref apply with the
	// referenced schema's (JSON Schema 2020-12, 8.2.3.1); in 3.0 they are
	// ignored (OpenAPI 3.0.3, 4.7.24).
	layered bool
	work    int
	out     int // bytes of targets so far
}

// The fields of a Path Item Object that are operations (OpenAPI 3.1.0,
// 4.8.9.1), and the methods they stand for.
var operationFields = []string{"delete", "get", "head", "options", "patch", "post", "put", "trace"}

func (r *openapiReader) targets(prefix string) ([]Target, error) {
	pv, _ := r.root.get("paths")
	paths, ok := pv.(*object)
	switch {
	case pv == nil || ok && len(paths.keys) == 0:
		return nil, fmt.Errorf("the document has no paths to check")
	case !ok:
		return nil, fmt.Errorf("paths%s is %s; it is a mapping of paths to Path Item Objects, e.g. paths: {/users: {get: {responses: {\"200\": {description: ok}}}}}", whereKey(r.root, "paths"), describeValue(pv))
	}
	keys := slices.Clone(paths.keys)
	slices.Sort(keys)
	var out []Target
	for _, p := range keys {
		if strings.HasPrefix(p, "x-") {
			continue // a specification extension, not a path
		}
		at := "#/paths/" + escapePointer(p)
		if !strings.HasPrefix(p, "/") {
			return nil, fmt.Errorf("paths: %q%s does not start with /; a path is written from the server's URL, e.g. /users/{id}", clip(p, 60), whereKey(paths, p))
		}
		iv, _ := paths.get(p)
		item, err := r.pathItem(iv, at)
		if err != nil {
			return nil, err
		}
		shared, err := r.parameters(item, at)
		if err != nil {
			return nil, err
		}
		ops := map[string]*object{}
		for _, f := range operationFields {
			ov, ok := item.get(f)
			if !ok || ov == nil {
				continue
			}
			op, ok := ov.(*object)
			if !ok {
				return nil, fmt.Errorf("%s/%s%s is %s; an operation is a mapping, e.g. %s: {responses: {\"200\": {description: ok}}}", at, f, whereKey(item, f), describeValue(ov), f)
			}
			ops[f] = op
		}
		u, err := r.fill(p, shared, ops["get"], at+"/get")
		if err != nil {
			return nil, err
		}
		if err := r.emit(&out, Target{URL: prefix + u}); err != nil {
			return nil, err
		}
		for _, f := range operationFields {
			op := ops[f]
			if op == nil || f == "get" || f == "head" || f == "options" {
				continue
			}
			u, err := r.fill(p, shared, op, at+"/"+f)
			if err != nil {
				return nil, err
			}
			t := Target{URL: prefix + u, Method: strings.ToUpper(f)}
			if t.ContentType, t.Content, err = r.exampleContent(op, at+"/"+f); err != nil {
				return nil, err
			}
			if err := r.emit(&out, t); err != nil {
				return nil, err
			}
		}
		if len(out) > MaxURLs {
			return nil, fmt.Errorf("more than %d operations; check part of the document", MaxURLs)
		}
	}
	return out, nil
}

func (r *openapiReader) emit(out *[]Target, t Target) error {
	r.out += len(t.URL) + len(t.Content)
	if r.out > r.lim.Output {
		return r.outputError()
	}
	*out = append(*out, t)
	return nil
}

func (r *openapiReader) outputError() error {
	return &limitError{fmt.Sprintf("the targets would take more than %d bytes (URLs and example content together): an example is very large, or is used by very many operations; at most %d bytes are made; shorten the examples, or check part of the document", r.lim.Output, r.lim.Output)}
}

func (r *openapiReader) step(n int) error {
	r.work += n
	if r.work > r.lim.Work {
		return &limitError{fmt.Sprintf("reading the operations takes more than %d steps ($ref segments followed, parameters and examples looked at): $refs make the document far larger than it is written; at most %d are taken; check part of the document", r.lim.Work, r.lim.Work)}
	}
	return nil
}

// pathItem is the Path Item Object v, its $ref followed: the fields
// written beside $ref win over the referenced ones (OpenAPI 3.1.0,
// 4.8.9.1 leaves the merge undefined; this is the reading that loses
// nothing written).
func (r *openapiReader) pathItem(v any, at string) (*object, error) {
	if v == nil {
		return &object{}, nil // a path with nothing said of it yet
	}
	o, ok := v.(*object)
	if !ok {
		return nil, fmt.Errorf("%s is %s; a path item is a mapping of operations, e.g. {get: {responses: {\"200\": {description: ok}}}}", at, describeValue(v))
	}
	if _, ok := o.get("$ref"); !ok {
		return o, nil
	}
	tv, tat, err := r.deref(o, at)
	if err != nil {
		return nil, err
	}
	t, ok := tv.(*object)
	if !ok {
		return nil, fmt.Errorf("%s: its $ref names %s, which is %s; a path item is a mapping of operations", at, tat, describeValue(tv))
	}
	merged := &object{line: o.line, col: o.col}
	for i, k := range o.keys {
		if k != "$ref" {
			merged.add(k, o.vals[i], o.lines[i])
		}
	}
	for i, k := range t.keys {
		merged.add(k, t.vals[i], t.lines[i])
	}
	return merged, r.step(len(o.keys) + len(t.keys))
}

// deref follows v's $ref, and the $ref of what it names, to a value that
// is not a Reference Object, and returns it with its JSON Pointer. A
// Reference Object's other fields are not used (OpenAPI 3.1.0, 4.8.23
// lets summary and description override; no target uses them).
func (r *openapiReader) deref(v any, at string) (any, string, error) {
	var chain []string
	for {
		o, ok := v.(*object)
		if !ok {
			return v, at, nil
		}
		rv, ok := o.get("$ref")
		if !ok {
			return v, at, nil
		}
		ref, ok := rv.(string)
		if !ok {
			return nil, "", fmt.Errorf("%s/$ref%s is %s; a $ref is text naming a value, e.g. \"#/components/schemas/User\"", at, whereKey(o, "$ref"), describeValue(rv))
		}
		if slices.Contains(chain, ref) {
			return nil, "", fmt.Errorf("$ref %q%s leads back to itself (%s); a $ref must end at a value: break the cycle", clip(ref, 200), where(o), refChain(chain, ref))
		}
		if len(chain) >= r.lim.RefDepth {
			return nil, "", fmt.Errorf("$ref %q%s: more than %d $refs in a chain (%s); at most %d are followed, e.g. a parameter that is a $ref to one that is a $ref is a chain of 2", clip(ref, 200), where(o), r.lim.RefDepth, refChain(chain, "…"), r.lim.RefDepth)
		}
		chain = append(chain, ref)
		next, err := r.pointer(ref, o)
		if err != nil {
			return nil, "", err
		}
		v, at = next, ref
	}
}

// pointer is the value a local $ref names: a URI fragment that is a JSON
// Pointer (RFC 6901, 6: percent-decoded, then ~1 is / and ~0 is ~).
func (r *openapiReader) pointer(ref string, from *object) (any, error) {
	const e = "e.g. \"#/components/schemas/User\""
	frag, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil, fmt.Errorf("$ref %q%s names another file or a URL; only $refs within the document are read, %s; bundle the document into one file first, e.g. npx @redocly/cli bundle openapi.yaml -o bundled.yaml", clip(ref, 200), where(from), e)
	}
	p, err := url.PathUnescape(frag)
	if err != nil {
		return nil, fmt.Errorf("$ref %q%s: its fragment has a bad percent-escape (%v); write %%XX with two hex digits, %s", clip(ref, 200), where(from), err, e)
	}
	if p == "" {
		return r.root, nil
	}
	if p[0] != '/' {
		return nil, fmt.Errorf("$ref %q%s is not a JSON Pointer; a $ref names a value by its path from the document's root, %s", clip(ref, 200), where(from), e)
	}
	var cur any = r.root
	rest := p[1:]
	for done := false; !done; {
		seg, tail, more := strings.Cut(rest, "/")
		rest, done = tail, !more
		if err := r.step(1); err != nil {
			return nil, err
		}
		seg = strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~")
		var next any
		found := false
		switch c := cur.(type) {
		case *object:
			next, found = c.get(seg)
		case []any:
			if i, err := strconv.Atoi(seg); err == nil && i >= 0 && i < len(c) && (seg == "0" || seg[0] != '0') {
				next, found = c[i], true
			}
		}
		if !found {
			return nil, fmt.Errorf("$ref %q%s: the document has no %q there; a $ref names a value by its path from the document's root, %s (~1 stands for / and ~0 for ~)", clip(ref, 200), where(from), clip(seg, 60), e)
		}
		cur = next
	}
	return cur, nil
}

// param is a parameter that fills a path or query: what the document
// says of it.
type param struct {
	name, in string
	required bool
	obj      *object
	at       string
}

// parameters reads the parameters list of a path item or operation.
func (r *openapiReader) parameters(holder *object, at string) ([]param, error) {
	pv, ok := holder.get("parameters")
	if !ok || pv == nil {
		return nil, nil
	}
	list, ok := pv.([]any)
	if !ok {
		return nil, fmt.Errorf("%s/parameters%s is %s; it is a list of Parameter Objects, e.g. [{name: id, in: path, required: true, schema: {type: string}}]", at, whereKey(holder, "parameters"), describeValue(pv))
	}
	out := make([]param, 0, len(list))
	for i, e := range list {
		if err := r.step(1); err != nil {
			return nil, err
		}
		pat := fmt.Sprintf("%s/parameters/%d", at, i)
		v, vat, err := r.deref(e, pat)
		if err != nil {
			return nil, err
		}
		o, ok := v.(*object)
		if !ok {
			return nil, fmt.Errorf("%s%s is %s; a parameter is a mapping, e.g. {name: id, in: path, required: true, schema: {type: string}}", vat, whereKey(holder, "parameters"), describeValue(v))
		}
		name, _ := objField(o, "name").(string)
		in, _ := objField(o, "in").(string)
		if name == "" || in == "" {
			return nil, fmt.Errorf("%s%s has no name or no in; a parameter names itself and where it goes, e.g. {name: id, in: path, required: true, schema: {type: string}}", vat, where(o))
		}
		req, _ := objField(o, "required").(bool)
		out = append(out, param{name: name, in: in, required: req, obj: o, at: vat})
	}
	return out, nil
}

func objField(o *object, k string) any {
	v, _ := o.get(k)
	return v
}

// fill substitutes the path parameters of template and appends the
// required query parameters that have a value. op's parameters override
// the path item's of the same name and location (OpenAPI 3.1.0, 4.8.10.1).
func (r *openapiReader) fill(template string, shared []param, op *object, at string) (string, error) {
	params := slices.Clone(shared)
	if op != nil {
		own, err := r.parameters(op, at)
		if err != nil {
			return "", err
		}
		byKey := make(map[[2]string]int, len(shared))
		for i, s := range shared {
			byKey[[2]string{s.in, s.name}] = i
		}
		for _, p := range own {
			if i, ok := byKey[[2]string{p.in, p.name}]; ok {
				params[i] = p
			} else {
				params = append(params, p)
			}
		}
	}
	path := template
	q := url.Values{}
	size := len(template)
	for _, p := range params {
		if p.in != "path" && !(p.in == "query" && p.required) {
			continue
		}
		v, ok, err := r.paramValue(p)
		if err != nil {
			return "", err
		}
		switch p.in {
		case "path":
			// Each substitution reads the whole path.
			if err := r.step(len(path) / 64); err != nil {
				return "", err
			}
			pat := "{" + p.name + "}"
			v = url.PathEscape(v)
			// Bounded before it is made: a long example in a template that
			// repeats the name would grow the path by their product.
			size += strings.Count(path, pat) * (len(v) - len(pat))
			if r.out+size > r.lim.Output {
				return "", r.outputError()
			}
			path = strings.ReplaceAll(path, pat, v)
		case "query":
			if ok {
				size += len(p.name) + 3*len(v) + 2
				if r.out+size > r.lim.Output {
					return "", r.outputError()
				}
				q.Set(p.name, v)
			}
		}
	}
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	return path, nil
}

// uuidExample is the value of a uuid parameter with no example: a
// version 4 UUID (RFC 9562, 5.4), all its random bits zero.
const uuidExample = "00000000-0000-4000-8000-000000000000"

// paramValue is an example value for p, and whether the document gave
// one (rather than one made up from the type).
func (r *openapiReader) paramValue(p param) (string, bool, error) {
	ex, err := r.example(p.obj, p.at)
	if err != nil || ex != nil {
		return r.scalar(ex, err)
	}
	sv, ok := p.obj.get("schema")
	if !ok || sv == nil {
		return "example", false, nil
	}
	at := p.at + "/schema"
	for _, f := range []string{"example", "examples", "default", "enum", "const"} {
		v, err := r.schemaField(sv, f, at)
		if err != nil {
			return "", false, err
		}
		if f == "examples" || f == "enum" {
			// Lists: 3.1's examples, and enum; the first value is taken.
			list, ok := v.([]any)
			if !ok || len(list) == 0 {
				continue
			}
			v = list[0]
			if v == nil && f == "enum" {
				return "null", true, nil
			}
		}
		if v != nil {
			return r.scalar(v, nil)
		}
	}
	tv, err := r.schemaField(sv, "type", at)
	if err != nil {
		return "", false, err
	}
	types := []any{tv}
	if list, ok := tv.([]any); ok {
		types = list // 3.1: type: [integer, "null"]
	}
	switch {
	case slices.Contains(types, any("integer")) || slices.Contains(types, any("number")):
		return "1", false, nil
	case slices.Contains(types, any("boolean")):
		return "true", false, nil
	}
	if f, err := r.schemaField(sv, "format", at); err != nil {
		return "", false, err
	} else if f == "uuid" {
		return uuidExample, false, nil
	}
	return "example", false, nil
}

// example is the example a Parameter or Media Type Object gives: its
// example, else the value of the first of its examples (in document
// order) that has one; nil when none does.
func (r *openapiReader) example(o *object, at string) (any, error) {
	if v, ok := o.get("example"); ok && v != nil {
		return v, nil
	}
	ev, ok := o.get("examples")
	if !ok {
		return nil, nil
	}
	exs, ok := ev.(*object)
	if !ok {
		if ev == nil {
			return nil, nil
		}
		return nil, fmt.Errorf("%s/examples%s is %s; it is a mapping of names to Example Objects, e.g. examples: {one: {value: 42}}", at, whereKey(o, "examples"), describeValue(ev))
	}
	for i, name := range exs.keys {
		if err := r.step(1); err != nil {
			return nil, err
		}
		v, _, err := r.deref(exs.vals[i], at+"/examples/"+escapePointer(name))
		if err != nil {
			return nil, err
		}
		if e, ok := v.(*object); ok {
			if val, ok := e.get("value"); ok && val != nil {
				return val, nil
			}
		}
	}
	return nil, nil
}

// schemaField is the field k of schema s, following its $refs; in 3.1
// the fields beside a $ref come first.
func (r *openapiReader) schemaField(s any, k, at string) (any, error) {
	var chain []string
	for {
		o, ok := s.(*object)
		if !ok {
			return nil, nil
		}
		rv, hasRef := o.get("$ref")
		if !hasRef || r.layered {
			if v, ok := o.get(k); ok && v != nil {
				return v, nil
			}
		}
		if !hasRef {
			return nil, nil
		}
		ref, ok := rv.(string)
		if !ok {
			return nil, fmt.Errorf("%s/$ref%s is %s; a $ref is text naming a value, e.g. \"#/components/schemas/User\"", at, whereKey(o, "$ref"), describeValue(rv))
		}
		if slices.Contains(chain, ref) {
			return nil, fmt.Errorf("$ref %q%s leads back to itself (%s); a $ref must end at a value: break the cycle", clip(ref, 200), where(o), refChain(chain, ref))
		}
		if len(chain) >= r.lim.RefDepth {
			return nil, fmt.Errorf("$ref %q%s: more than %d $refs in a chain (%s); at most %d are followed, e.g. a schema that is a $ref to one that is a $ref is a chain of 2", clip(ref, 200), where(o), r.lim.RefDepth, refChain(chain, "…"), r.lim.RefDepth)
		}
		chain = append(chain, ref)
		next, err := r.pointer(ref, o)
		if err != nil {
			return nil, err
		}
		s, at = next, ref
	}
}

// refChain writes the $refs followed, then last, for messages.
func refChain(chain []string, last string) string {
	return clip(strings.Join(append(slices.Clone(chain), last), " → "), 300)
}

// scalar is v as the text of a parameter: text as it is, numbers as
// written, anything else as JSON.
func (r *openapiReader) scalar(v any, err error) (string, bool, error) {
	if err != nil {
		return "", false, err
	}
	switch v := v.(type) {
	case string:
		return v, true, nil
	case number:
		return string(v), true, nil
	}
	b, err := r.encode(nil, v, 0)
	return string(b), true, err
}

// exampleContent is the operation's example request content, JSON media
// types first.
func (r *openapiReader) exampleContent(op *object, at string) (string, []byte, error) {
	rbv, ok := op.get("requestBody")
	if !ok || rbv == nil {
		return "", nil, nil
	}
	v, rbat, err := r.deref(rbv, at+"/requestBody")
	if err != nil {
		return "", nil, err
	}
	rb, ok := v.(*object)
	if !ok {
		return "", nil, fmt.Errorf("%s is %s; a request body is a mapping, e.g. {content: {application/json: {example: {name: x}}}}", rbat, describeValue(v))
	}
	cv, _ := rb.get("content")
	if cv == nil {
		return "", nil, nil
	}
	content, ok := cv.(*object)
	if !ok {
		return "", nil, fmt.Errorf("%s/content%s is %s; it is a mapping of media types, e.g. {application/json: {example: {name: x}}}", rbat, whereKey(rb, "content"), describeValue(cv))
	}
	types := slices.Clone(content.keys)
	slices.SortFunc(types, func(a, b string) int {
		aj, bj := strings.Contains(a, "json"), strings.Contains(b, "json")
		if aj != bj {
			if aj {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	for _, t := range types {
		if err := r.step(1); err != nil {
			return "", nil, err
		}
		mat := rbat + "/content/" + escapePointer(t)
		mv, _ := content.get(t)
		mv, mat, err := r.deref(mv, mat)
		if err != nil {
			return "", nil, err
		}
		mt, ok := mv.(*object)
		if !ok {
			continue
		}
		ex, err := r.example(mt, mat)
		if err != nil {
			return "", nil, err
		}
		if sv, ok := mt.get("schema"); ex == nil && ok {
			for _, f := range []string{"example", "examples"} {
				v, err := r.schemaField(sv, f, mat+"/schema")
				if err != nil {
					return "", nil, err
				}
				if f == "examples" {
					list, _ := v.([]any)
					v = nil
					if len(list) > 0 {
						v = list[0]
					}
				}
				if v != nil {
					ex = v
					break
				}
			}
		}
		if ex == nil {
			continue
		}
		if s, ok := ex.(string); ok && !strings.Contains(t, "json") {
			return t, []byte(s), nil
		}
		b, err := r.encode(nil, ex, 0)
		return t, b, err
	}
	if len(types) > 0 {
		return types[0], []byte{}, nil
	}
	return "", nil, nil
}

// encode appends v as JSON (RFC 8259), keys in document order, within
// what is left of the output limit.
func (r *openapiReader) encode(b []byte, v any, depth int) ([]byte, error) {
	if depth > r.lim.Nesting {
		return nil, &limitError{fmt.Sprintf("an example nests more than %d deep once its YAML aliases are put in; at most %d are made", r.lim.Nesting, r.lim.Nesting)}
	}
	if r.out+len(b) > r.lim.Output {
		return nil, r.outputError()
	}
	var err error
	switch v := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case bool:
		return strconv.AppendBool(b, v), nil
	case number:
		return append(b, v...), nil
	case string:
		return appendJSONString(b, v), nil
	case []any:
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = r.encode(b, e, depth+1); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case *object:
		b = append(b, '{')
		for i, k := range v.keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(appendJSONString(b, k), ':')
			if b, err = r.encode(b, v.vals[i], depth+1); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	}
	return nil, fmt.Errorf("cannot write %T as JSON", v)
}

func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		rn, size := utf8.DecodeRuneInString(s[i:])
		if rn == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// scalarText is a scalar value's text, for messages and keys.
func scalarText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case number:
		return string(v)
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return "null"
	}
	return describeValue(v)
}

// escapePointer escapes a key as a JSON Pointer segment (RFC 6901, 3).
func escapePointer(k string) string {
	return strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
}
