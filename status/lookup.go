package status

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// byNumber is built once from the table, so every lookup by number is an
// array read and the table stays the only place the data is written.
var byNumber = func() (ix [600]*Code) {
	for i := range registry {
		ix[registry[i].Number] = &registry[i]
	}
	return ix
}()

// byName maps every squashed phrase, slug and alias to its number. Only
// lookups by name need it, so it is built on the first one rather than at
// every start of the binary.
var byName = sync.OnceValue(func() map[string]int {
	m := make(map[string]int)
	for i := range registry {
		c := &registry[i]
		for _, name := range append([]string{c.Phrase, c.IANAName}, c.AlsoKnownAs...) {
			key := Squash(name)
			if key == "" {
				continue
			}
			// An official phrase wins over an alias or an unofficial code's
			// phrase, which is why the first writer keeps the key only if it
			// is the code's own phrase.
			if _, taken := m[key]; !taken || name == c.Phrase && c.Registered() {
				m[key] = c.Number
			}
		}
	}
	return m
})

// Squash reduces a phrase to lower-case letters and digits only, so
// "Not Found", "NotFound", "not-found" and "not_found" are one key. It is
// how Find compares names, exported so other lookups compare the same way.
func Squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// All returns every code the registry knows, registered and unofficial, in
// numeric order. The slice is a copy; changing it does not change the
// registry.
func All() []Code { return slices.Clone(registry) }

// Lookup returns the code with the given number.
//
// A number in 100-599 that the registry does not assign is reported with
// Standing Unassigned and the meaning of its class's x00, because RFC 9110,
// 15 tells a client to treat an unrecognised code that way. A number outside
// 100-599 returns a *RangeError.
func Lookup(number int) (Code, error) {
	if number < 100 || number > 599 {
		return Code{}, &RangeError{Number: number}
	}
	if c := byNumber[number]; c != nil {
		return *c, nil
	}
	return *unassignedCode(number), nil
}

// unassignedCodes holds each unassigned number's entry once it has been
// asked for: building one formats two sentences, which every table that
// walks 100-599 would otherwise pay again.
var unassignedCodes [600]atomic.Pointer[Code]

func unassignedCode(number int) *Code {
	if c := unassignedCodes[number].Load(); c != nil {
		return c
	}
	c := unassigned(number)
	unassignedCodes[number].CompareAndSwap(nil, &c)
	return unassignedCodes[number].Load()
}

// MustLookup is Lookup for numbers known at compile time; it panics on a
// number outside 100-599.
func MustLookup(number int) Code {
	c, err := Lookup(number)
	if err != nil {
		panic(err)
	}
	return c
}

// Known reports whether the registry has an entry (registered or unofficial)
// for the number.
func Known(number int) bool {
	return number >= 100 && number <= 599 && byNumber[number] != nil
}

// Equivalent is the code a client treats this one as: the code itself when
// it is known, otherwise its class's x00 (RFC 9110, 15).
func (c Code) Equivalent() int {
	if c.Standing == Unassigned {
		return int(c.Class()) * 100
	}
	return c.Number
}

func unassigned(number int) Code {
	base := *byNumber[number/100*100]
	class := Class(number / 100)
	return Code{
		Number:   number,
		Phrase:   "Unassigned",
		Standing: Unassigned,
		Summary: fmt.Sprintf("An unassigned %s code; a client that does not recognise it treats it as %s.",
			class, base),
		Description: fmt.Sprintf("%d is in the %s (%s) range but the IANA registry assigns it no meaning. "+
			"RFC 9110, 15 says a client must understand the class of any status code and treat an "+
			"unrecognised code as the x00 code of its class, so %d is handled like %s, "+
			"except that a cache must not store it.", number, class, class.Name(), number, base),
		Spec:             rfc("9110", "15"),
		ContentForbidden: class == Informational,
		Advice:           base.Advice,
	}
}

// NotFoundError reports a name or query that matches no code; Suggestions
// holds the nearest codes, best first.
type NotFoundError struct {
	Query       string
	Suggestions []Code
}

func (e *NotFoundError) Error() string {
	msg := fmt.Sprintf("no status code matches %q: give a number from 100 to 599 (e.g. 404), a reason phrase (e.g. \"not found\") or a class (e.g. 4xx)", e.Query)
	if len(e.Suggestions) > 0 {
		names := make([]string, len(e.Suggestions))
		for i, c := range e.Suggestions {
			names[i] = c.String()
		}
		msg += "; did you mean " + strings.Join(names, ", ") + "?"
	}
	return msg
}

// ErrNotFound is matched by errors.Is for every *NotFoundError.
var ErrNotFound = errors.New("no status code matches")

// Is makes errors.Is(err, ErrNotFound) true.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// Find resolves what a person typed to one code: a number ("404"), a reason
// phrase or slug in any case or spacing ("not found", "NotFound",
// "not-found"), or an older phrase ("Request Entity Too Large"). A number out
// of range gives a *RangeError; anything else that matches no code gives a
// *NotFoundError with suggestions.
func Find(query string) (Code, error) {
	q := strings.TrimSpace(query)
	if n, err := strconv.Atoi(q); err == nil {
		return Lookup(n)
	}
	if n, ok := byName()[Squash(q)]; ok && Squash(q) != "" {
		return *byNumber[n], nil
	}
	return Code{}, &NotFoundError{Query: query, Suggestions: Suggest(q, 3)}
}

// ParseClass reads "4xx", "4XX" or "4" as a class.
func ParseClass(s string) (Class, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimSuffix(t, "xx")
	if len(t) == 1 && t[0] >= '1' && t[0] <= '5' {
		return Class(t[0] - '0'), nil
	}
	return 0, fmt.Errorf("%q is not a status class: the classes are 1xx, 2xx, 3xx, 4xx and 5xx", s)
}

// InClass returns the known codes of a class in numeric order.
func InClass(c Class) []Code {
	var out []Code
	for _, code := range registry {
		if code.Class() == c {
			out = append(out, code)
		}
	}
	return out
}
