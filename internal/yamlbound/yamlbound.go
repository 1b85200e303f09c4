// Package yamlbound reads untrusted YAML with goccy/go-yaml (v1.19)
// within bounds on the work its parser does.
//
// The parser costs far more than a document's size for some documents:
// flow collections nested deeply ([[[[…]]]]: its time and memory grow
// with the square of the depth, 13 GB for 100,000 levels), many tokens (it
// holds about 300 bytes for each) and block mappings of many keys (it
// copies a mapping's keys once for every key: time and memory in the
// square of their number; goccy/go-yaml pull request 889). Scan looks at
// the scanner's tokens, which cost time and memory linear in the
// document, and refuses the document before the parser sees it.
package yamlbound

import (
	"fmt"
	"io"
	"math"

	"github.com/goccy/go-yaml/scanner"
	"github.com/goccy/go-yaml/token"
)

// Limits bound the parser's work on one document. A field's zero value is
// zero (Nesting 0 refuses every mapping and list).
type Limits struct {
	// Nesting is how deeply mappings and lists may nest, flow ([ and {)
	// and block (indented) together: {"a": {"b": [1]}} is 3.
	Nesting int
	// Tokens bounds the document's tokens (scalars, keys, punctuation).
	Tokens int
	// MappingCost bounds the sum, over the document's block mappings, of
	// the square of each one's number of keys. Flow mappings ({a: 1}) have
	// no such cost.
	MappingCost int64
}

// Bound names a Limits field, for the Error that reports it.
type Bound int

// The bounds, one for each Limits field.
const (
	Nesting Bound = iota
	Tokens
	MappingCost
)

// Error is a document refused because it passed a bound. Its message
// says which bound, where, the bound's value and, from Advice, what to do.
type Error struct {
	Bound Bound
	// Line and Column (1-based, Column in bytes) are where the bound was
	// passed; 0 if unknown.
	Line, Column int
	// Limit is the bound's value.
	Limit int64
	// Keys is, for MappingCost, the keys of the mapping at Line so far.
	Keys int
	// Advice ends the message, e.g. "write the document as JSON"; empty
	// for none.
	Advice string
}

func (e *Error) Error() string {
	var msg string
	switch e.Bound {
	case Nesting:
		msg = fmt.Sprintf("the document nests mappings and lists more than %d deep (line %d); at most %d are read, e.g. {\"a\": {\"b\": [1]}} is 3", e.Limit, e.Line, e.Limit)
	case Tokens:
		msg = fmt.Sprintf("the YAML document has more than %d tokens (line %d); the YAML reader holds about 300 bytes for each, and reads at most %d", e.Limit, e.Line, e.Limit)
	default:
		msg = fmt.Sprintf("the YAML document's block mappings are too large for the YAML reader: the one at line %d has %d keys so far, and the reader's work grows with the square of a mapping's keys (at most %d, squares summed over the mappings, e.g. one mapping of %d keys)", e.Line, e.Keys, e.Limit, isqrt(e.Limit))
	}
	if e.Advice != "" {
		msg += "; " + e.Advice
	}
	return msg
}

// Scan reads doc's tokens with goccy/go-yaml's scanner within lim and
// returns them for parser.Parse(tokens, 0). A document past a bound is an
// *Error (with no Advice: the caller sets it) and no tokens. Its time and
// memory are linear in len(doc) (BenchmarkScanDeepNesting). A syntax
// error is left to the parser, which reports it with its position.
func Scan(doc []byte, lim Limits) (token.Tokens, error) {
	if err := flowNesting(doc, lim.Nesting); err != nil {
		return nil, err
	}
	var s scanner.Scanner
	s.Init(string(doc))
	g := guard{lim: lim}
	var tokens token.Tokens
	for {
		sub, err := s.Scan()
		if err == io.EOF {
			break
		}
		for _, tk := range sub {
			if err := g.see(tk); err != nil {
				return nil, err
			}
		}
		// A token the scanner cannot read is an InvalidType token,
		// which the parser reports with its position (as lexer.Tokenize).
		tokens.Add(sub...)
	}
	return tokens, nil
}

// flowNesting refuses a document whose flow collections ([ and {) nest
// deeper than limit, from its bytes. The scanner returns a whole flow
// collection at once, about 220 bytes and 1 µs for each token, so the
// guard alone would see 100,000 levels only after 45 MB and 0.2 s; this
// sees them after limit+1 bytes. It knows just enough YAML to count
// exactly in JSON and in flow style (YAML 1.2, 7.4: a plain scalar in a
// flow collection holds no [ ] { }): quoted scalars and comments are
// skipped, and in block style a [ or { starts a collection only where a
// value starts (after a space or a line break). Text in a block scalar
// (|, >) or a plain one (a [b) may look like flow collections to it; only
// brackets opened and not closed count, so such text is refused only with
// more than limit of them. The token guard then counts exactly.
func flowNesting(doc []byte, limit int) error {
	depth, line, lineStart := 0, 1, 0
	prev := byte('\n')
	for i := 0; i < len(doc); i++ {
		c := doc[i]
		space := prev == ' ' || prev == '\t' || prev == '\n' || prev == '\r'
		// In a flow collection every [ { outside a quoted scalar starts
		// a collection, and " ' start a quoted scalar where a scalar
		// starts (a plain one may hold them: [it's]).
		opens := space || depth > 0
		quotes := space || depth > 0 && (prev == '[' || prev == '{' || prev == ',' || prev == ':')
		switch {
		case c == '\n':
			line, lineStart = line+1, i+1
		case c == '#' && space:
			for i+1 < len(doc) && doc[i+1] != '\n' {
				i++
			}
		case (c == '"' || c == '\'') && quotes:
			for i++; i < len(doc) && doc[i] != c; i++ {
				switch {
				case doc[i] == '\n':
					line, lineStart = line+1, i+1
				case c == '"' && doc[i] == '\\':
					i++
					if i < len(doc) && doc[i] == '\n' {
						line, lineStart = line+1, i+1
					}
				}
			}
		case (c == '[' || c == '{') && opens:
			depth++
			if depth > limit {
				return &Error{Bound: Nesting, Line: line, Column: i - lineStart + 1, Limit: int64(limit)}
			}
		case (c == ']' || c == '}') && depth > 0:
			depth--
		}
		prev = doc[min(i, len(doc)-1)] // past a quoted scalar or comment
	}
	return nil
}

// guard watches the tokens before they reach the parser. Block mappings
// are known here by the column their keys start at; a guess that counts
// too many keys only refuses sooner.
type guard struct {
	lim    Limits
	tokens int
	flow   int // depth of [ and {
	line   int // of the last token
	keyCol int // where a key on this line starts
	newKey bool
	blocks []block
	cost   int64
}

// block is an open block mapping or sequence.
type block struct {
	col, keys, line int
	seq             bool
}

func (g *guard) see(tk *token.Token) error {
	g.tokens++
	if g.tokens > g.lim.Tokens {
		e := &Error{Bound: Tokens, Limit: int64(g.lim.Tokens)}
		if tk.Position != nil {
			e.Line, e.Column = tk.Position.Line, tk.Position.Column
		}
		return e
	}
	if tk.Type == token.CommentType || tk.Position == nil {
		return nil
	}
	pos := tk.Position
	if pos.Line != g.line || g.newKey {
		g.line, g.keyCol, g.newKey = pos.Line, pos.Column, false
	}
	switch tk.Type {
	case token.SequenceStartType, token.MappingStartType:
		g.flow++
		return g.depth(pos)
	case token.SequenceEndType, token.MappingEndType:
		g.flow = max(g.flow-1, 0)
	case token.DocumentHeaderType, token.DocumentEndType:
		g.close(-1, false)
	case token.SequenceEntryType:
		if g.flow > 0 {
			return nil
		}
		g.close(pos.Column, false)
		if n := len(g.blocks); n == 0 || g.blocks[n-1].col != pos.Column || !g.blocks[n-1].seq {
			g.blocks = append(g.blocks, block{col: pos.Column, line: pos.Line, seq: true})
		}
		g.newKey = true
		return g.depth(pos)
	case token.MappingValueType:
		if g.flow > 0 {
			return nil
		}
		c := g.keyCol
		g.close(c, true)
		n := len(g.blocks)
		if n == 0 || g.blocks[n-1].col != c || g.blocks[n-1].seq {
			g.blocks = append(g.blocks, block{col: c, line: pos.Line})
			n++
		}
		b := &g.blocks[n-1]
		g.cost += 2*int64(b.keys) + 1 // (k+1)² - k²
		b.keys++
		if g.cost > g.lim.MappingCost {
			return &Error{Bound: MappingCost, Line: b.line, Column: b.col, Limit: g.lim.MappingCost, Keys: b.keys}
		}
		return g.depth(pos)
	}
	return nil
}

// close ends the blocks nested deeper than col; a key at col (sameCol)
// also ends a sequence written at its own column ("key:\n- a").
func (g *guard) close(col int, sameCol bool) {
	for n := len(g.blocks); n > 0; n-- {
		b := g.blocks[n-1]
		if b.col > col || sameCol && b.seq && b.col == col {
			g.blocks = g.blocks[:n-1]
			continue
		}
		break
	}
}

func (g *guard) depth(pos *token.Position) error {
	if g.flow+len(g.blocks) > g.lim.Nesting {
		return &Error{Bound: Nesting, Line: pos.Line, Column: pos.Column, Limit: int64(g.lim.Nesting)}
	}
	return nil
}

func isqrt(n int64) int64 {
	return int64(math.Sqrt(float64(max(n, 0))))
}
