package rule

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	yamlparser "github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/internal/spelling"
	"github.com/statuskit/statuskit/internal/yamlbound"
	"github.com/statuskit/statuskit/param"
)

// Parse reads a rules document: YAML, or the same document as JSON (JSON
// is YAML's flow style, so one parser reads both with positions). source
// names the document in errors ("rules.yaml", "the request content").
//
// Every error found is returned at once as Errors, each naming the field
// (rules[0].abort.status), its line and column, what is allowed and an
// example. A document beyond lim is refused whole. YAML anchors, aliases
// and merge keys are refused: a rules file has no need for them, and they
// would let a small document expand into a large one.
func Parse(data []byte, source string, lim Limits) (set *Set, err error) {
	defer func() {
		// The YAML parser is a library reading untrusted text; a panic in
		// it must be a refused document, not a gateway that crashes on a
		// hot reload.
		if v := recover(); v != nil {
			set, err = nil, Errors{{Source: source, Message: fmt.Sprintf("the YAML parser failed on this document (%v); simplify it, e.g. write it as JSON", v)}}
		}
	}()
	p := &parser{source: source, lim: lim}
	if int64(len(data)) > lim.MaxBytes {
		// A caller may give only the first MaxBytes+1 bytes of a larger
		// file, so the size is not known here.
		p.errs = append(p.errs, &Error{Source: source, Message: fmt.Sprintf(
			"the document is more than %d bytes, the most the gateway reads (--max-rules-bytes); split what you test into smaller rule sets", lim.MaxBytes)})
		return nil, p.errs
	}
	// A byte order mark may start a UTF-8 YAML stream (YAML 1.2, 5.2);
	// goccy/go-yaml would read it as part of the first key.
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	// The parser's work grows faster than the document for deep nesting
	// and large block mappings; yamlbound refuses those from the tokens,
	// in time and memory linear in the document.
	tokens, err := yamlbound.Scan(data, yamlbound.Limits{Nesting: lim.MaxNesting, Tokens: lim.MaxTokens, MappingCost: lim.MaxMappingCost})
	var bound *yamlbound.Error
	if errors.As(err, &bound) {
		return nil, Errors{p.boundError(bound)}
	}
	file, err := yamlparser.Parse(tokens, 0)
	if err != nil {
		return nil, Errors{p.syntaxError(err)}
	}
	var body ast.Node
	switch docs := file.Docs; {
	case len(docs) > 1:
		p.fail(docs[1].Body, "", "the file holds %d YAML documents (separated by ---); a rules file is one document: rules: [...]", len(docs))
	case len(docs) == 1:
		body = docs[0].Body
	}
	set = &Set{Rules: []*Rule{}}
	if body == nil || body.Type() == ast.NullType {
		p.fail(nil, "", "the document is empty; a rules document is a mapping with a rules list, e.g. rules: [{id: slow, match: {path: /search}, delay: {fixed: 200ms}}], or rules: [] for none")
	} else if fields, ok := p.mapping(body, "", "the document", []string{"rules"}); ok {
		if n, ok := fields.take("rules"); !ok {
			p.fail(body, "", "the document has no rules list; write rules: [...] (rules: [] for none)")
		} else {
			set.Rules = p.rules(n, "rules")
		}
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return set, nil
}

type parser struct {
	source string
	lim    Limits
	errs   Errors
}

func (p *parser) fail(n ast.Node, path, format string, args ...any) {
	if len(p.errs) >= maxErrors {
		return
	}
	e := &Error{Source: p.source, Path: path, Message: fmt.Sprintf(format, args...)}
	if pos := position(n); pos != nil {
		e.Line, e.Column = pos.Line, pos.Column
	}
	p.errs = append(p.errs, e)
	if len(p.errs) == maxErrors {
		p.errs = append(p.errs, &Error{Source: p.source, Message: fmt.Sprintf("stopped after %d errors; fix these first", maxErrors)})
	}
}

// boundError says which of lim's YAML bounds the document passed, where,
// and what a rules document needs.
func (p *parser) boundError(b *yamlbound.Error) *Error {
	switch b.Bound {
	case yamlbound.Nesting:
		b.Advice = fmt.Sprintf("a rules document needs about 6, e.g. rules: [{match: {header: {X-Env: staging}}}] is 5 (--max-rules-nesting %d)", b.Limit)
	case yamlbound.Tokens:
		b.Advice = "a document of 1000 rules has about 30,000; split what you test into smaller rule sets"
	case yamlbound.MappingCost:
		b.Advice = "a rule has about 6 keys; write a large mapping in flow style, e.g. header: {X-A: a, X-B: b}, or split it"
	}
	return &Error{Source: p.source, Line: b.Line, Column: b.Column, Message: b.Error()}
}

// syntaxError turns the YAML parser's error into an Error at its position.
func (p *parser) syntaxError(err error) *Error {
	e := &Error{Source: p.source, Message: err.Error()}
	var ye yaml.Error
	tokenText := ""
	if errors.As(err, &ye) {
		e.Message = ye.GetMessage()
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			e.Line, e.Column = tk.Position.Line, tk.Position.Column
			tokenText = strings.TrimSpace(tk.Value)
			if tk.Prev != nil && !strings.HasPrefix(tokenText, "*") && !strings.HasPrefix(tokenText, "&") {
				tokenText = strings.TrimSpace(tk.Prev.Value)
			}
		}
	}
	if end := documentEnd(ye); end != nil {
		e.Message = fmt.Sprintf("not valid YAML (or JSON): %q follows the end of the document (the %s at line %d, column %d); a rules document is one mapping, e.g. {\"rules\": []}: remove what follows it", clipText(ye.GetToken().Value), end.Value, end.Position.Line, end.Position.Column)
		return e
	}
	if key, l, c, ok := duplicateKey(e.Message); ok {
		e.Message = fmt.Sprintf("the field %s is given twice in one mapping (first at line %s, column %s); give each field once, e.g. keep the %s: you mean and delete the other", key, l, c, key)
		return e
	}
	switch {
	case strings.Contains(e.Message, "alias") || strings.HasPrefix(tokenText, "*"):
		e.Message += "; a value that starts with * is a YAML alias: quote it, e.g. path: \"*\" or path: \"*.json\""
	case strings.Contains(e.Message, "anchor") || strings.HasPrefix(tokenText, "&"):
		e.Message += "; a value that starts with & is a YAML anchor: quote it"
	}
	e.Message = "not valid YAML (or JSON): " + e.Message
	return e
}

// documentEnd is the } or ] that closes a flow-style document (JSON) when
// the parser's error is at text after it, {"rules": []} x; else nil.
func documentEnd(ye yaml.Error) *token.Token {
	if ye == nil {
		return nil
	}
	tk := ye.GetToken()
	if tk == nil || tk.Position == nil || tk.Prev == nil || tk.Prev.Position == nil {
		return nil
	}
	end := tk.Prev
	if end.Type != token.MappingEndType && end.Type != token.SequenceEndType {
		return nil
	}
	depth := 0
	for t := end; t != nil; t = t.Prev {
		switch t.Type {
		case token.MappingEndType, token.SequenceEndType:
			depth++
		case token.MappingStartType, token.SequenceStartType:
			depth--
		}
		if depth == 0 {
			// t opens the collection end closes: the document's if it
			// is the first token.
			for t = t.Prev; t != nil; t = t.Prev {
				if t.Type != token.CommentType && t.Type != token.DocumentHeaderType {
					return nil
				}
			}
			return end
		}
	}
	return nil
}

// clipText is s for a message: its first 40 bytes or so.
func clipText(s string) string {
	for i := range s {
		if i >= 40 {
			return s[:i] + "…"
		}
	}
	return s
}

// duplicateKey reads the YAML parser's message for a key given twice,
// `mapping key "status" already defined at [3:13]`: the key and where it
// was first. (Parsed by hand: a package regexp would be compiled at every
// start of the binary.)
func duplicateKey(msg string) (key, line, column string, ok bool) {
	rest, ok := strings.CutPrefix(msg, `mapping key "`)
	if !ok {
		return "", "", "", false
	}
	key, rest, ok = strings.Cut(rest, `" already defined at [`)
	if !ok {
		return "", "", "", false
	}
	pos, _, _ := strings.Cut(rest, "]")
	line, column, ok = strings.Cut(pos, ":")
	return key, line, column, ok && param.Digits(line) && param.Digits(column)
}

// position is where a node starts: a mapping at its first key.
func position(n ast.Node) *struct{ Line, Column int } {
	if n == nil {
		return nil
	}
	if m, ok := n.(*ast.MappingNode); ok && len(m.Values) > 0 {
		n = m.Values[0].Key
	}
	if mv, ok := n.(*ast.MappingValueNode); ok {
		n = mv.Key
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return nil
	}
	return &struct{ Line, Column int }{tk.Position.Line, tk.Position.Column}
}

// line is the line a node starts on, 0 if unknown.
func line(n ast.Node) int {
	if pos := position(n); pos != nil {
		return pos.Line
	}
	return 0
}

// fields are a mapping's entries by key, in document order.
type fields struct {
	keys   []string
	values map[string]ast.Node
	keyOf  map[string]ast.Node
}

func (f *fields) take(key string) (ast.Node, bool) {
	n, ok := f.values[key]
	return n, ok
}

// unwrap returns the node a tag decorates; anchors and aliases are errors.
func (p *parser) unwrap(n ast.Node, path string) (ast.Node, bool) {
	for {
		switch v := n.(type) {
		case *ast.TagNode:
			n = v.Value
			continue
		case *ast.AnchorNode, *ast.AliasNode:
			p.fail(n, path, "YAML anchors (&name) and aliases (*name) are not supported in a rules file; repeat the value instead (a value that starts with * or & must be quoted)")
			return nil, false
		}
		return n, true
	}
}

// mapping reads n as a mapping whose keys are among known; what names the
// mapping in messages. Unknown and repeated keys are errors.
func (p *parser) mapping(n ast.Node, path, what string, known []string) (*fields, bool) {
	n, ok := p.unwrap(n, path)
	if !ok {
		return nil, false
	}
	var pairs []*ast.MappingValueNode
	switch v := n.(type) {
	case *ast.MappingNode:
		pairs = v.Values
	case *ast.MappingValueNode:
		pairs = []*ast.MappingValueNode{v}
	default:
		p.fail(n, path, "%s must be a mapping of %s, got %s", what, strings.Join(known, ", "), describe(n))
		return nil, false
	}
	f := &fields{values: map[string]ast.Node{}, keyOf: map[string]ast.Node{}}
	for _, pair := range pairs {
		if _, ok := pair.Key.(*ast.MergeKeyNode); ok {
			p.fail(pair.Key, path, "YAML merge keys (<<) are not supported in a rules file; write the fields out")
			continue
		}
		key := pair.Key.String()
		if s, ok := pair.Key.(*ast.StringNode); ok {
			key = s.Value
		}
		sub := join(path, key)
		if prev, dup := f.keyOf[key]; dup {
			p.fail(pair.Key, sub, "given twice (first at line %d); give each field once", line(prev))
			continue
		}
		if !slices.Contains(known, key) {
			p.fail(pair.Key, sub, "unknown field %q in %s; %s takes %s%s", param.Clip(key, 40), what, what, strings.Join(known, ", "), suggest(key, known))
			continue
		}
		f.keys = append(f.keys, key)
		f.values[key] = pair.Value
		f.keyOf[key] = pair.Key
	}
	return f, true
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// suggest names the known field closest to a mistyped one: case and the
// separators -, _ and space do not count, and two edits more are allowed.
func suggest(key string, known []string) string {
	norm := func(s string) string {
		return strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(s))
	}
	if best := spelling.Closest(key, known, norm, 2); best != "" {
		return " (did you mean " + best + "?)"
	}
	return ""
}

// describe names the kind of a node for messages.
func describe(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.NullNode:
		return "nothing (null)"
	case *ast.StringNode, *ast.LiteralNode:
		return "the text " + strconv.Quote(param.Clip(scalarText(n), 40))
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return "the number " + n.GetToken().Value
	case *ast.BoolNode:
		return n.GetToken().Value
	}
	return n.Type().String()
}

func scalarText(n ast.Node) string {
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value
	case *ast.LiteralNode:
		return v.Value.Value
	}
	return n.GetToken().Value
}

// text reads a scalar as text: a string, or the digits of a number (an id
// such as 7 is text too).
func (p *parser) text(n ast.Node, path, example string) (string, bool) {
	n, ok := p.unwrap(n, path)
	if !ok {
		return "", false
	}
	switch n.(type) {
	case *ast.StringNode, *ast.LiteralNode, *ast.IntegerNode, *ast.FloatNode:
		return scalarText(n), true
	}
	p.fail(n, path, "must be text, got %s; e.g. %s", describe(n), example)
	return "", false
}

// integerValue is n's value; one beyond int64 (the parser keeps those as
// uint64) is math.MaxInt64, which every bound refuses as too large.
func integerValue(n *ast.IntegerNode) int64 {
	switch x := n.Value.(type) {
	case int64:
		return x
	case uint64:
		return int64(min(x, math.MaxInt64))
	}
	return 0
}

// quotedNumberHint is " (a number, not quoted text)" when n is a quoted
// string of digits where a number belongs ("503"), else "".
func quotedNumberHint(n ast.Node) string {
	if s, ok := n.(*ast.StringNode); ok && param.Digits(s.Value) {
		return " (a number, not quoted text)"
	}
	return ""
}

// integer reads a whole number in [lo, hi].
func (p *parser) integer(n ast.Node, path string, lo, hi int64, example string) (int64, bool) {
	n, ok := p.unwrap(n, path)
	if !ok {
		return 0, false
	}
	iv, isInt := n.(*ast.IntegerNode)
	if !isInt {
		p.fail(n, path, "must be a whole number from %d to %d%s, got %s; e.g. %s", lo, hi, quotedNumberHint(n), describe(n), example)
		return 0, false
	}
	v := integerValue(iv)
	if v < lo || v > hi {
		p.fail(n, path, "%s is outside %d to %d; e.g. %s", iv.GetToken().Value, lo, hi, example)
		return 0, false
	}
	return v, true
}

// percent reads a number from 0 to 100; absent is 100.
func (p *parser) percent(f *fields, path string) float64 {
	n, ok := f.take("percent")
	if !ok {
		return 100
	}
	path = join(path, "percent")
	n, ok = p.unwrap(n, path)
	if !ok {
		return 100
	}
	var v float64
	switch x := n.(type) {
	case *ast.IntegerNode:
		switch y := x.Value.(type) {
		case int64:
			v = float64(y)
		case uint64:
			v = float64(y)
		}
	case *ast.FloatNode:
		v = x.Value
	default:
		p.fail(n, path, "must be a number from 0 to 100 (the share of matching requests), got %s; e.g. percent: 30 or percent: 0.5", describe(n))
		return 100
	}
	if !(v >= 0 && v <= 100) {
		p.fail(n, path, "%s is outside 0 to 100; percent is the share of matching requests that get the fault, e.g. percent: 30", n.GetToken().Value)
		return 100
	}
	return v
}

// duration reads a duration up to the delay limit: a string with a unit
// ("200ms", "1.5s") or a bare number of milliseconds, the one rule of
// durations in statuskit.
func (p *parser) duration(n ast.Node, path string) (Duration, bool) {
	n, ok := p.unwrap(n, path)
	if !ok {
		return 0, false
	}
	example := "200ms"
	if p.lim.MaxDelay < 200*time.Millisecond {
		example = shortDuration(p.lim.MaxDelay)
	}
	var d time.Duration
	switch n.(type) {
	case *ast.StringNode, *ast.IntegerNode:
		d, ok = param.ParseDuration(scalarText(n))
	default:
		ok = false
	}
	if !ok && strings.HasPrefix(strings.TrimSpace(scalarText(n)), "-") {
		p.fail(n, path, "%s is negative: a delay is 0 or more, up to %s (--max-delay); e.g. %s", scalarText(n), shortDuration(p.lim.MaxDelay), example)
		return 0, false
	}
	if !ok {
		p.fail(n, path, "must be a duration (%s), got %s; e.g. %s", param.DurationRule, describe(n), example)
		return 0, false
	}
	if p.lim.MaxDelay == 0 && d > 0 {
		p.fail(n, path, "%s is a delay, and this gateway allows none (--max-delay 0); start it with a limit, e.g. --max-delay 5m, or drop the delay", shortDuration(d))
		return 0, false
	}
	if d > p.lim.MaxDelay {
		p.fail(n, path, "%s is longer than the gateway allows (%s, --max-delay); give at most that, e.g. %s, or start the gateway with a larger --max-delay", shortDuration(d), shortDuration(p.lim.MaxDelay), example)
		return 0, false
	}
	return Duration(d), true
}

// shortDuration writes d as a person would: 5m, 1h30m, 200ms (Go writes
// 5m0s and 1h30m0s).
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// retryAfter reads a Retry-After value: seconds as a number, or an
// HTTP-date as text (RFC 9110, 10.2.3).
func (p *parser) retryAfter(n ast.Node, path string) (RetryAfter, bool) {
	n, ok := p.unwrap(n, path)
	if !ok {
		return "", false
	}
	const example = "retry_after: 2 (seconds) or retry_after: \"Wed, 21 Oct 2026 07:28:00 GMT\""
	switch v := n.(type) {
	case *ast.IntegerNode:
		secs := integerValue(v)
		switch {
		case secs < 0:
			p.fail(n, path, "%s is negative: retry_after is how long the client waits, 0 or more seconds; e.g. %s", v.GetToken().Value, example)
			return "", false
		case secs > maxRetryAfter:
			p.fail(n, path, "%s seconds is too long: retry_after is at most %d seconds (about 317 years); e.g. %s", v.GetToken().Value, int64(maxRetryAfter), example)
			return "", false
		}
		return RetryAfter(strconv.FormatInt(secs, 10)), true
	case *ast.StringNode:
		ra, err := field.ParseRetryAfter(v.Value)
		if err != nil && v.Value != "" && strings.Trim(v.Value, "0123456789") == "" {
			p.fail(n, path, "%s seconds is too long: retry_after is at most %d seconds (about 317 years); e.g. %s", param.Clip(v.Value, 40), int64(maxRetryAfter), example)
			return "", false
		}
		if err != nil {
			p.fail(n, path, "%q is neither whole seconds nor an HTTP-date; e.g. %s", param.Clip(v.Value, 40), example)
			return "", false
		}
		return RetryAfter(ra.String()), true
	}
	p.fail(n, path, "must be whole seconds or an HTTP-date, got %s; e.g. %s", describe(n), example)
	return "", false
}

func (p *parser) message(f *fields, path string) string {
	n, ok := f.take("message")
	if !ok {
		return ""
	}
	s, ok := p.text(n, join(path, "message"), `message: "orders are paused for the migration"`)
	if ok && len(s) > maxMessage {
		p.fail(n, join(path, "message"), "is %d bytes; a message has at most %d", len(s), maxMessage)
	} else if ok {
		p.checkMessage(n, join(path, "message"), s)
	}
	return s
}

// maxRetryAfter is the longest Retry-After in seconds a rule may send
// (ten digits, about 317 years): enough for any real wait, small enough
// that every client parses it.
const maxRetryAfter = 9_999_999_999

// maxMessage bounds a message; maxHeaders the extra fields of an abort.
const (
	maxMessage = 1000
	maxHeaders = 32
	maxSteps   = 100
)

// validID reports whether id may be a rule id: 1 to 64 of A-Z a-z 0-9
// . _ -. It becomes a metrics label value and a store key, so it is short
// and plain. A loop rather than a package-level regexp, which every start
// of the binary (serve included) would compile.
func validID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// Reserved ids label the gateway's own faults in metrics and the log.
var Reserved = []string{"header", "max-in-flight"}

var (
	ruleFields       = []string{"id", "match", "key", "abort", "sequence", "maintenance", "shed", "connection", "delay", "throttle"}
	outcomeFields    = []string{"abort", "sequence", "maintenance", "shed", "connection"}
	matchFields      = []string{"method", "path", "header", "client"}
	abortFields      = []string{"status", "percent", "retry_after", "message", "allow", "headers"}
	stepFields       = []string{"status", "retry_after", "message", "allow", "headers"}
	delayFields      = []string{"fixed", "uniform", "lognormal", "before", "percent"}
	lognormalFields  = []string{"median", "sigma", "max"}
	connectionFields = []string{"fault", "after", "percent"}
)

func (p *parser) rules(n ast.Node, path string) []*Rule {
	n, ok := p.unwrap(n, path)
	if !ok {
		return nil
	}
	seq, ok := n.(*ast.SequenceNode)
	if !ok {
		p.fail(n, path, "must be a list of rules, got %s; e.g. rules: [{id: slow, match: {path: /search}, delay: {fixed: 200ms}}] (rules: [] for none)", describe(n))
		return nil
	}
	if len(seq.Values) > p.lim.MaxRules {
		p.fail(n, path, "%d rules; the gateway takes at most %d (--max-rules)", len(seq.Values), p.lim.MaxRules)
		return nil
	}
	out := make([]*Rule, 0, len(seq.Values))
	ids := map[string]ast.Node{}
	for i, item := range seq.Values {
		r := p.rule(item, fmt.Sprintf("%s[%d]", path, i), ids)
		if r != nil {
			out = append(out, r)
		}
	}
	return out
}

func (p *parser) rule(n ast.Node, path string, ids map[string]ast.Node) *Rule {
	f, ok := p.mapping(n, path, "a rule", ruleFields)
	if !ok {
		return nil
	}
	r := &Rule{}
	if idNode, ok := f.take("id"); !ok {
		p.fail(n, path, "a rule needs an id (letters, digits, . _ -), which names it in logs and metrics; e.g. id: flaky-orders")
	} else if id, ok := p.text(idNode, join(path, "id"), "id: flaky-orders"); ok {
		switch {
		case !validID(id):
			p.fail(idNode, join(path, "id"), "%q is not a rule id: use 1 to 64 letters, digits, '.', '_' or '-', e.g. id: flaky-orders", param.Clip(id, 70))
		case slices.Contains(Reserved, id):
			p.fail(idNode, join(path, "id"), "%q is reserved: the gateway labels its own faults with %s; choose another id", id, strings.Join(Reserved, " and "))
		case ids[id] != nil:
			p.fail(idNode, join(path, "id"), "%q is already the id of the rule at line %d; ids are unique, e.g. id: %s-2", id, line(ids[id]), param.Clip(id, 40))
		default:
			ids[id] = idNode
			r.ID = id
		}
	}
	if mn, ok := f.take("match"); ok {
		r.Match = p.match(mn, join(path, "match"))
	}
	if kn, ok := f.take("key"); ok {
		r.Key = p.key(kn, join(path, "key"))
	}
	var outcome string
	for _, key := range f.keys {
		if !slices.Contains(outcomeFields, key) {
			continue
		}
		if outcome != "" {
			p.fail(f.keyOf[key], join(path, key), "a rule has one outcome and this one already has %s (line %d); put %s in a rule of its own (the first matching rule applies)",
				outcome, line(f.keyOf[outcome]), key)
			continue
		}
		outcome = key
		sub := join(path, key)
		v := f.values[key]
		switch key {
		case "abort":
			if a, ok := p.abort(v, sub, true); ok {
				r.Abort = &a
			}
		case "sequence":
			r.Sequence = p.sequence(v, sub)
		case "maintenance":
			r.Maintenance = p.maintenance(v, sub)
		case "shed":
			r.Shed = p.shed(v, sub)
		case "connection":
			r.Connection = p.connection(v, sub)
		}
	}
	if dn, ok := f.take("delay"); ok {
		r.Delay = p.delay(dn, join(path, "delay"))
	}
	if tn, ok := f.take("throttle"); ok {
		r.Throttle = p.throttle(tn, join(path, "throttle"))
	}
	if c := r.Connection; c != nil && !c.Fault.Forwards() {
		if r.Throttle != nil {
			p.fail(f.keyOf["throttle"], join(path, "throttle"), "connection fault %s sends no content to throttle; drop throttle, or use fault: reset, close or malformed_chunk", c.Fault)
		}
		if r.Delay != nil && r.Delay.Before == BeforeBody {
			p.fail(f.keyOf["delay"], join(path, "delay.before"), "connection fault %s sends no response head to wait after; use before: upstream", c.Fault)
		}
	}
	r.match = compileMatch(r.Match)
	return r
}

func (p *parser) match(n ast.Node, path string) Match {
	var m Match
	if n, ok := p.unwrap(n, path); ok && n.Type() == ast.NullType {
		return m // match: (nothing) matches every request, as leaving it out does
	}
	f, ok := p.mapping(n, path, "match", matchFields)
	if !ok {
		return m
	}
	p.checkMatch(n, path)
	if mn, ok := f.take("method"); ok {
		m.Methods = p.methods(mn, join(path, "method"))
	}
	if pn, ok := f.take("path"); ok {
		if s, ok := p.text(pn, join(path, "path"), "path: /orders*"); ok {
			if !strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "*") {
				p.fail(pn, join(path, "path"), "%q must start with / (or * to match any path); e.g. path: /orders*", param.Clip(s, 60))
			} else {
				m.Path = s
			}
		}
	}
	if hn, ok := f.take("header"); ok {
		m.Header = p.headerGlobs(hn, join(path, "header"))
	}
	if cn, ok := f.take("client"); ok {
		if s, ok := p.text(cn, join(path, "client"), `client: "10.0.0.*"`); ok && s == "" {
			p.fail(cn, join(path, "client"), "is empty, and no client has an empty key; give a glob on the client key, e.g. client: \"10.0.0.*\" (or leave client out to match every client)")
		} else if ok {
			m.Client = s
		}
	}
	return m
}

func (p *parser) methods(n ast.Node, path string) []string {
	n, ok := p.unwrap(n, path)
	if !ok {
		return nil
	}
	items := []ast.Node{n}
	if seq, ok := n.(*ast.SequenceNode); ok {
		items = seq.Values
		if len(items) == 0 {
			p.fail(n, path, "an empty list matches no request; leave method out to match every method, or list some, e.g. method: [PUT, PATCH]")
		}
	}
	var out []string
	for _, item := range items {
		s, ok := p.text(item, path, "method: POST")
		if !ok {
			continue
		}
		if !field.IsToken(s) {
			p.fail(item, path, "%q is not a method (a token: letters, digits and !#$%%&'*+-.^_`|~); e.g. method: POST or method: [PUT, PATCH]", param.Clip(s, 40))
			continue
		}
		if upper := strings.ToUpper(s); upper != s && slices.Contains(append(slices.Clone(standardMethods), "CONNECT"), upper) {
			p.fail(item, path, "%q would never match %s: method names are case-sensitive (RFC 9110, 9.1); write method: %s", s, upper, upper)
			continue
		}
		out = append(out, s)
	}
	return out
}

var standardMethods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"}

func (p *parser) headerGlobs(n ast.Node, path string) map[string]string {
	n, ok := p.unwrap(n, path)
	if !ok {
		return nil
	}
	pairs := mappingPairs(n)
	if pairs == nil {
		p.fail(n, path, "must be a mapping of field names to values (* for any value), got %s; e.g. header: {X-Env: staging}", describe(n))
		return nil
	}
	out := map[string]string{}
	for _, pair := range pairs {
		name := scalarText(pair.Key)
		sub := join(path, name)
		if !field.IsToken(name) {
			p.fail(pair.Key, sub, "%q is not a field name (a token); e.g. header: {X-Env: staging}", param.Clip(name, 40))
			continue
		}
		canon := http.CanonicalHeaderKey(name)
		if _, dup := out[canon]; dup {
			p.fail(pair.Key, sub, "the field %s is named twice (names are case-insensitive); give it once", canon)
			continue
		}
		if v, ok := p.text(pair.Value, sub, "X-Env: staging"); ok {
			out[canon] = v
		}
	}
	return out
}

func mappingPairs(n ast.Node) []*ast.MappingValueNode {
	switch v := n.(type) {
	case *ast.MappingNode:
		if len(v.Values) == 0 {
			return []*ast.MappingValueNode{}
		}
		return v.Values
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{v}
	}
	return nil
}

func (p *parser) key(n ast.Node, path string) *Key {
	f, ok := p.mapping(n, path, "key", []string{"header"})
	if !ok {
		return nil
	}
	hn, ok := f.take("header")
	if !ok {
		p.fail(n, path, "key names where the client key comes from; e.g. key: {header: X-Client-Id} (leave key out for the client's IP address)")
		return nil
	}
	name, ok := p.text(hn, join(path, "header"), "key: {header: X-Client-Id}")
	if !ok {
		return nil
	}
	if !field.IsToken(name) {
		p.fail(hn, join(path, "header"), "%q is not a field name; e.g. key: {header: X-Client-Id}", param.Clip(name, 40))
		return nil
	}
	return &Key{Header: http.CanonicalHeaderKey(name)}
}

// abort reads an abort; withPercent says whether percent is allowed (not
// in a sequence step, which goes by count).
func (p *parser) abort(n ast.Node, path string, withPercent bool) (Abort, bool) {
	known := abortFields
	if !withPercent {
		known = stepFields
	}
	f, ok := p.mapping(n, path, "abort", known)
	if !ok {
		return Abort{}, false
	}
	a := Abort{Percent: 100}
	sn, ok := f.take("status")
	if !ok {
		p.fail(n, path, "an abort needs a status (200-599); e.g. abort: {status: 503, retry_after: 2}")
		return a, false
	}
	status, ok := p.status(sn, join(path, "status"))
	a.Status = status
	if withPercent {
		a.Percent = p.percent(f, path)
	}
	if rn, ok := f.take("retry_after"); ok {
		a.RetryAfter, _ = p.retryAfter(rn, join(path, "retry_after"))
	}
	a.Message = p.message(f, path)
	if an, ok := f.take("allow"); ok {
		if s, ok := p.text(an, join(path, "allow"), `allow: "GET, HEAD"`); ok {
			if _, err := field.ParseTokenList("Allow", []string{s}); err != nil {
				p.fail(an, join(path, "allow"), "%v", err)
			} else {
				a.Allow, a.HasAllow = s, true
			}
		}
	}
	if hn, ok := f.take("headers"); ok {
		a.Headers = p.responseFields(hn, join(path, "headers"))
	}
	if ok {
		p.statusFields(n, path, a.Status, a.Headers, false)
		p.checkAbort(n, path, &a)
	}
	return a, ok
}

// statusFields refuses an abort whose response would break a MUST (or a
// SHOULD the registry treats as one) of its status: the fields that make
// the status meaningful cannot be left to chance. n is the abort, or the
// bare status of a sequence step (bareStep: it has no headers to add).
func (p *parser) statusFields(n ast.Node, path string, status int, headers map[string]string, bareStep bool) {
	bare := ""
	if bareStep {
		bare = " (a bare status in a sequence cannot carry fields: write the step as a mapping)"
	}
	text := http.StatusText(status)
	switch status {
	case http.StatusPartialContent:
		if _, ok := headers["Content-Range"]; !ok {
			p.fail(n, path, "status 206 (%s) needs a Content-Range field saying which part is sent (RFC 9110, 15.3.7)%s; e.g. {status: 206, headers: {Content-Range: \"bytes 0-99/1000\"}}", text, bare)
		}
	case http.StatusRequestedRangeNotSatisfiable:
		if _, ok := headers["Content-Range"]; !ok {
			p.fail(n, path, "status 416 (%s) needs a Content-Range field giving the current length (RFC 9110, 15.5.17)%s; e.g. {status: 416, headers: {Content-Range: \"bytes */1000\"}}", text, bare)
		}
	case http.StatusUnauthorized:
		if v, ok := headers["Www-Authenticate"]; ok && strings.TrimSpace(v) == "" {
			p.fail(n, path, "an empty WWW-Authenticate is no challenge, and a 401 carries at least one (RFC 9110, 11.6.1); give one, e.g. {status: 401, headers: {WWW-Authenticate: \"Bearer realm=api\"}}, or leave the field out for the default challenge")
		}
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		if v, ok := headers["Location"]; !ok || strings.TrimSpace(v) == "" {
			p.fail(n, path, "status %d (%s) redirects, so it needs a Location field naming where to (RFC 9110, 15.4)%s; e.g. {status: %d, headers: {Location: /login}}", status, text, bare, status)
		}
	}
}

func (p *parser) status(n ast.Node, path string) (int, bool) {
	const allowed = "a final status code, 200-599"
	n, ok := p.unwrap(n, path)
	if !ok {
		return 0, false
	}
	iv, isInt := n.(*ast.IntegerNode)
	if !isInt {
		p.fail(n, path, "must be %s%s, got %s; e.g. status: 503", allowed, quotedNumberHint(n), describe(n))
		return 0, false
	}
	v := integerValue(iv)
	switch {
	case v >= 100 && v < 200:
		p.fail(n, path, "%d is an interim (1xx) response, and an abort is the final one: use 200-599, e.g. status: 503", v)
		return 0, false
	case v < 200 || v > 599:
		p.fail(n, path, "%s is not a status code a response can carry: use %s, e.g. status: 503", iv.GetToken().Value, allowed)
		return 0, false
	}
	return int(v), true
}

// forbiddenFields are fields an abort may not set: the writer frames the
// content itself, and hop-by-hop fields describe a connection.
var forbiddenFields = []string{"Content-Length", "Content-Type", "Transfer-Encoding", "Trailer"}

// gatewayFields are the fields the gateway sets on every response it
// makes: Date (RFC 9110, 6.6.1), Via (7.6.3), and the rule and request id
// that tie a response to the fault log. A rule that set them would
// contradict the gateway's own values.
var gatewayFields = []string{"Date", "Via", "X-Statuskit-Rule", "X-Request-Id"}

func (p *parser) responseFields(n ast.Node, path string) map[string]string {
	n, ok := p.unwrap(n, path)
	if !ok {
		return nil
	}
	pairs := mappingPairs(n)
	if pairs == nil {
		p.fail(n, path, "must be a mapping of field names to values, got %s; e.g. headers: {Location: /orders/1}", describe(n))
		return nil
	}
	if len(pairs) > maxHeaders {
		p.fail(n, path, "%d fields; an abort sets at most %d", len(pairs), maxHeaders)
		return nil
	}
	out := map[string]string{}
	for _, pair := range pairs {
		name := scalarText(pair.Key)
		sub := join(path, name)
		canon := http.CanonicalHeaderKey(name)
		switch {
		case !field.IsToken(name):
			p.fail(pair.Key, sub, "%q is not a field name (a token); e.g. headers: {X-Reason: maintenance}", param.Clip(name, 40))
			continue
		case field.HopByHop(canon):
			p.fail(pair.Key, sub, "%s is hop-by-hop (RFC 9110, 7.6.1): it describes a connection, not a response; drop it", canon)
			continue
		case slices.Contains(forbiddenFields, canon):
			p.fail(pair.Key, sub, "%s is set by the response writer from the content it sends; drop it (use message for the text)", canon)
			continue
		case slices.Contains(gatewayFields, canon):
			p.fail(pair.Key, sub, "%s is the gateway's own: it sets %s on every response it makes; drop it, and set fields of your own instead, e.g. headers: {X-Reason: maintenance}", canon, strings.Join(gatewayFields, ", "))
			continue
		}
		if _, dup := out[canon]; dup {
			p.fail(pair.Key, sub, "the field %s is named twice (names are case-insensitive); give it once", canon)
			continue
		}
		v, ok := p.text(pair.Value, sub, "X-Reason: maintenance")
		if !ok {
			continue
		}
		if !field.ValidValue(v) {
			p.fail(pair.Value, sub, "the value %q holds characters a field value cannot (control characters other than tab); e.g. X-Reason: maintenance", param.Clip(v, 40))
			continue
		}
		out[canon] = v
	}
	return out
}

func (p *parser) sequence(n ast.Node, path string) *Sequence {
	n, ok := p.unwrap(n, path)
	if !ok {
		return nil
	}
	s := &Sequence{}
	stepsNode, stepsPath := n, path
	if pairs := mappingPairs(n); pairs != nil {
		for _, pair := range pairs {
			if scalarText(pair.Key) == "percent" {
				p.fail(pair.Key, join(path, "percent"), "a sequence goes by count, not by chance, so percent does not apply; for random failures use abort: {status: 503, percent: 30}")
				return nil
			}
		}
		f, ok := p.mapping(n, path, "sequence", []string{"steps", "cycle"})
		if !ok {
			return nil
		}
		if sn, ok := f.take("steps"); ok {
			stepsNode, stepsPath = sn, join(path, "steps")
		} else {
			p.fail(n, path, "a sequence needs steps; e.g. sequence: {steps: [503, 503, pass], cycle: true}, or just sequence: [503, 503, pass]")
			return nil
		}
		if cn, ok := f.take("cycle"); ok {
			b, isBool := cn.(*ast.BoolNode)
			if !isBool {
				p.fail(cn, join(path, "cycle"), "must be true or false, got %s; e.g. cycle: true", describe(cn))
			} else {
				s.Cycle = b.Value
			}
		}
	}
	stepsNode, ok = p.unwrap(stepsNode, stepsPath)
	if !ok {
		return nil
	}
	seq, ok := stepsNode.(*ast.SequenceNode)
	if !ok {
		p.fail(stepsNode, stepsPath, "must be a list of steps (a status, pass, or {status, retry_after}), got %s; e.g. sequence: [503, 503, pass]", describe(stepsNode))
		return nil
	}
	if len(seq.Values) == 0 || len(seq.Values) > maxSteps {
		p.fail(stepsNode, stepsPath, "%d steps; a sequence has 1 to %d, e.g. sequence: [503, 503, pass]", len(seq.Values), maxSteps)
		return nil
	}
	for i, item := range seq.Values {
		sub := fmt.Sprintf("%s[%d]", stepsPath, i)
		item, ok := p.unwrap(item, sub)
		if !ok {
			continue
		}
		switch v := item.(type) {
		case *ast.StringNode:
			if v.Value != "pass" {
				hint := ""
				if param.Digits(v.Value) {
					hint = " (write the status as a number)"
				}
				p.fail(item, sub, "%q is not a step: a step is a status (200-599), pass, or {status: 429, retry_after: 5}%s; e.g. sequence: [503, 503, pass]", param.Clip(v.Value, 40), hint)
				continue
			}
			s.Steps = append(s.Steps, Step{Pass: true})
		case *ast.IntegerNode:
			if st, ok := p.status(v, sub); ok {
				p.statusFields(v, sub, st, nil, true)
				s.Steps = append(s.Steps, Step{Abort: Abort{Status: st, Percent: 100}})
			}
		case *ast.MappingNode, *ast.MappingValueNode:
			if a, ok := p.abort(v, sub, false); ok {
				s.Steps = append(s.Steps, Step{Abort: a})
			}
		default:
			p.fail(item, sub, "a step is a status (200-599), pass, or {status: 429, retry_after: 5}; got %s", describe(item))
		}
	}
	return s
}

func (p *parser) maintenance(n ast.Node, path string) *Maintenance {
	m := &Maintenance{}
	if n, ok := p.unwrap(n, path); ok && n.Type() == ast.NullType {
		return m
	}
	if pairs := mappingPairs(n); pairs != nil && len(pairs) == 0 {
		return m
	}
	f, ok := p.mapping(n, path, "maintenance", []string{"retry_after", "message"})
	if !ok {
		return nil
	}
	if rn, ok := f.take("retry_after"); ok {
		m.RetryAfter, _ = p.retryAfter(rn, join(path, "retry_after"))
	}
	m.Message = p.message(f, path)
	return m
}

func (p *parser) shed(n ast.Node, path string) *Shed {
	f, ok := p.mapping(n, path, "shed", []string{"max_in_flight", "retry_after"})
	if !ok {
		return nil
	}
	s := &Shed{}
	mn, ok := f.take("max_in_flight")
	if !ok {
		p.fail(n, path, "shed needs max_in_flight, the matching requests forwarded at once before more get 503; e.g. shed: {max_in_flight: 10, retry_after: 1}")
		return nil
	}
	// At least 1: a shed rule that forwards nothing is an abort with
	// status 503 (say so with abort), not load shedding.
	v, ok := p.integer(mn, join(path, "max_in_flight"), 1, 1_000_000, "max_in_flight: 10 (to refuse every request, use abort: {status: 503})")
	s.MaxInFlight = int(v)
	if rn, ok := f.take("retry_after"); ok {
		s.RetryAfter, _ = p.retryAfter(rn, join(path, "retry_after"))
	}
	if !ok {
		return nil
	}
	return s
}

func (p *parser) connection(n ast.Node, path string) *Connection {
	f, ok := p.mapping(n, path, "connection", connectionFields)
	if !ok {
		return nil
	}
	names := make([]string, len(ConnectionFaults))
	for i, c := range ConnectionFaults {
		names[i] = string(c)
	}
	c := &Connection{}
	fn, ok := f.take("fault")
	if !ok {
		p.fail(n, path, "connection needs a fault: one of %s; e.g. connection: {fault: reset, after: 512}", strings.Join(names, ", "))
		return nil
	}
	s, ok := p.text(fn, join(path, "fault"), "fault: reset")
	if !ok {
		return nil
	}
	if !slices.Contains(names, s) {
		p.fail(fn, join(path, "fault"), "%q is not a connection fault: use one of %s%s; e.g. connection: {fault: reset, after: 512}", param.Clip(s, 40), strings.Join(names, ", "), suggest(s, names))
		return nil
	}
	c.Fault = ConnectionFault(s)
	c.Percent = p.percent(f, path)
	if an, ok := f.take("after"); ok {
		if !c.Fault.Forwards() {
			p.fail(an, join(path, "after"), "fault %s sends nothing, so after does not apply; after counts the content bytes reset, close and malformed_chunk let through", c.Fault)
		} else {
			c.After, _ = p.integer(an, join(path, "after"), 0, math.MaxInt64, "after: 512")
		}
	}
	return c
}

func (p *parser) delay(n ast.Node, path string) *Delay {
	f, ok := p.mapping(n, path, "delay", delayFields)
	if !ok {
		return nil
	}
	d := &Delay{Before: BeforeUpstream}
	var dist []string
	for _, k := range f.keys {
		if k == "fixed" || k == "uniform" || k == "lognormal" {
			dist = append(dist, k)
		}
	}
	if len(dist) != 1 {
		p.fail(n, path, "a delay has exactly one of fixed, uniform or lognormal (it has %d); e.g. delay: {fixed: 200ms}, {uniform: [50ms, 300ms]} or {lognormal: {median: 80ms, sigma: 0.4, max: 2s}}", len(dist))
		return nil
	}
	sub := join(path, dist[0])
	v := f.values[dist[0]]
	switch dist[0] {
	case "fixed":
		fd, ok := p.duration(v, sub)
		if !ok {
			return nil
		}
		d.Fixed = &fd
	case "uniform":
		v, ok := p.unwrap(v, sub)
		if !ok {
			return nil
		}
		seq, isSeq := v.(*ast.SequenceNode)
		if !isSeq || len(seq.Values) != 2 {
			p.fail(v, sub, "must be a list of two durations, the shortest and the longest; e.g. uniform: [50ms, 300ms]")
			return nil
		}
		lo, ok1 := p.duration(seq.Values[0], sub+"[0]")
		hi, ok2 := p.duration(seq.Values[1], sub+"[1]")
		if !ok1 || !ok2 {
			return nil
		}
		if lo > hi {
			p.fail(v, sub, "the shortest (%s) is longer than the longest (%s); e.g. uniform: [50ms, 300ms]", time.Duration(lo), time.Duration(hi))
			return nil
		}
		d.Uniform = &[2]Duration{lo, hi}
	case "lognormal":
		lf, ok := p.mapping(v, sub, "lognormal", lognormalFields)
		if !ok {
			return nil
		}
		l := &Lognormal{}
		const example = "lognormal: {median: 80ms, sigma: 0.4, max: 2s}"
		for _, k := range lognormalFields {
			if _, ok := lf.take(k); !ok {
				p.fail(v, sub, "lognormal needs median, sigma and max (it lacks %s); e.g. %s", k, example)
				return nil
			}
		}
		mn, _ := lf.take("median")
		median, ok1 := p.duration(mn, join(sub, "median"))
		xn, _ := lf.take("max")
		maxD, ok2 := p.duration(xn, join(sub, "max"))
		sn, _ := lf.take("sigma")
		sigma, ok3 := p.sigma(sn, join(sub, "sigma"))
		if !ok1 || !ok2 || !ok3 {
			return nil
		}
		if median <= 0 || maxD < median {
			p.fail(v, sub, "needs 0 < median <= max (median %s, max %s); e.g. %s", time.Duration(median), time.Duration(maxD), example)
			return nil
		}
		l.Median, l.Sigma, l.Max = median, sigma, maxD
		d.Lognormal = l
	}
	if bn, ok := f.take("before"); ok {
		s, ok := p.text(bn, join(path, "before"), "before: body")
		if ok && s != BeforeUpstream && s != BeforeBody {
			p.fail(bn, join(path, "before"), "%q: use upstream (hold the request before it is forwarded, the default) or body (send the response head, then wait before the content); e.g. before: body", param.Clip(s, 40))
		} else if ok {
			d.Before = s
		}
	}
	d.Percent = p.percent(f, path)
	return d
}

func (p *parser) sigma(n ast.Node, path string) (float64, bool) {
	n, ok := p.unwrap(n, path)
	if !ok {
		return 0, false
	}
	var v float64
	switch x := n.(type) {
	case *ast.FloatNode:
		v = x.Value
	case *ast.IntegerNode:
		i, ok := p.integer(x, path, 0, 10, "sigma: 0.4")
		if !ok {
			return 0, false
		}
		v = float64(i)
	default:
		p.fail(n, path, "must be a number from 0 to 10 (the spread: 0.4 is moderate), got %s; e.g. sigma: 0.4", describe(n))
		return 0, false
	}
	if !(v >= 0 && v <= 10) {
		p.fail(n, path, "%s is outside 0 to 10; e.g. sigma: 0.4", n.GetToken().Value)
		return 0, false
	}
	return v, true
}

func (p *parser) throttle(n ast.Node, path string) *Throttle {
	f, ok := p.mapping(n, path, "throttle", []string{"bytes_per_second", "percent"})
	if !ok {
		return nil
	}
	bn, ok := f.take("bytes_per_second")
	if !ok {
		p.fail(n, path, "throttle needs bytes_per_second; e.g. throttle: {bytes_per_second: 16384}")
		return nil
	}
	v, ok := p.integer(bn, join(path, "bytes_per_second"), 1, 1<<40, "bytes_per_second: 16384")
	if !ok {
		return nil
	}
	return &Throttle{BytesPerSecond: v, Percent: p.percent(f, path)}
}
