package field

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits of the Structured Field parser: exactly the minimums RFC 9651,
// 3 requires every parser to support, so that anything a conforming
// sender may rely on parses, and nothing bigger does.
const (
	MaxSFMembers            = 1024  // members of a List (RFC 9651, 3.1)
	MaxSFInnerItems         = 256   // Items of an Inner List (3.1.1)
	MaxSFParams             = 256   // Parameters of one Item or Inner List (3.1.2)
	MaxSFKeyLength          = 64    // characters of a key (3.1.2)
	MaxSFStringLength       = 1024  // characters of a String (3.3.3)
	MaxSFTokenLength        = 512   // characters of a Token (3.3.4)
	MaxSFByteSequenceLength = 16384 // octets of a Byte Sequence, decoded (3.3.5)
)

// SFList is a Structured Field List (RFC 9651, 3.1): the type of
// RateLimit, RateLimit-Policy and many newer fields.
type SFList []SFItem

// SFItem is a member of a List or an Inner List: a bare item and its
// parameters (RFC 9651, 3.3). Value is one of
//
//	int64            Integer, -999999999999999 to 999999999999999
//	SFDecimal        Decimal
//	string           String: printable ASCII (%x20-7E)
//	SFToken          Token
//	[]byte           Byte Sequence
//	bool             Boolean
//	SFDate           Date
//	SFDisplayString  Display String: any valid UTF-8
//	SFInnerList      Inner List (RFC 9651, 3.1.1); only as a List member
type SFItem struct {
	Value  any
	Params SFParams
}

// SFInnerList is an Inner List (RFC 9651, 3.1.1) as a List member's Value;
// the Inner List's own parameters are the member's Params.
type SFInnerList []SFItem

// SFParams are the Parameters of an Item or Inner List (RFC 9651, 3.1.2),
// in order, keys unique. A parameter without a value is true.
type SFParams []SFParam

// SFParam is one parameter: a key (lcalpha or "*", then lcalpha, DIGIT,
// "_", "-", ".", "*") and a bare item of the kinds SFItem lists, except
// SFInnerList.
type SFParam struct {
	Key   string
	Value any
}

// Get returns the value of the parameter named key.
func (p SFParams) Get(key string) (any, bool) {
	for _, x := range p {
		if x.Key == key {
			return x.Value, true
		}
	}
	return nil, false
}

// SFToken is a Token bare item (RFC 9651, 3.3.4), distinct from a String.
type SFToken string

// SFDecimal is a Decimal bare item (RFC 9651, 3.3.2) in thousandths, so
// that it is exact: SFDecimal(1500) is 1.5. Its range is
// -999999999999999 to 999999999999999 (twelve integer digits, three
// fractional).
type SFDecimal int64

func (d SFDecimal) String() string {
	n := int64(d)
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	frac := strings.TrimRight(fmt.Sprintf("%03d", n%1000), "0")
	if frac == "" {
		frac = "0"
	}
	return sign + strconv.FormatInt(n/1000, 10) + "." + frac
}

// SFDate is a Date bare item (RFC 9651, 3.3.7): seconds since the Unix
// epoch.
type SFDate int64

// SFDisplayString is a Display String bare item (RFC 9651, 3.3.8):
// Unicode text, sent percent-encoded. RFC 9651 sets no minimum length;
// this package accepts up to 4*MaxSFStringLength bytes of UTF-8.
type SFDisplayString string

const maxSFInteger = 999_999_999_999_999

// sfExample ends Structured Field error messages.
const sfExample = `; a List is comma-separated Items with ;parameters, e.g. "default";q=100;w=60, "daily";q=1000 (RFC 9651, 3.1)`

// ParseSFList reads every field line of a List-valued field (name is the
// field name, for messages) exactly as RFC 9651, 4.2 parses a List: the
// lines are combined with ", ", leading spaces are dropped, and the rest
// is parsed strictly; any error fails the whole field, as 4.2 requires. So
// an empty line between others is an error (an empty member), while no
// lines, or one empty line, is an empty List. The parser passes the
// httpwg/structured-field-tests List and Item cases.
func ParseSFList(name string, lines []string) (SFList, error) {
	input := strings.Join(lines, ", ")
	p := sfParser{s: strings.TrimLeft(input, " ")}
	list, err := p.list()
	if err == nil {
		p.s = strings.TrimLeft(p.s, " ")
		if p.s != "" {
			err = errors.New("unexpected " + showValue(p.s[:min(len(p.s), 10)]) + " after the List")
		}
	}
	if err != nil {
		return nil, newError(name, input, "is not a Structured Field List: "+err.Error()+sfExample)
	}
	return list, nil
}

type sfParser struct{ s string }

func (p *sfParser) peek() byte {
	if p.s == "" {
		return 0
	}
	return p.s[0]
}

func (p *sfParser) skipOWS() { p.s = strings.TrimLeft(p.s, " \t") }

func (p *sfParser) skipSP() { p.s = strings.TrimLeft(p.s, " ") }

// list is RFC 9651, 4.2.1.
func (p *sfParser) list() (SFList, error) {
	var out SFList
	for p.s != "" {
		if len(out) == MaxSFMembers {
			return nil, errors.New("more than " + strconv.Itoa(MaxSFMembers) + " members")
		}
		m, err := p.member()
		if err != nil {
			return nil, err
		}
		out = append(out, m)
		p.skipOWS()
		if p.s == "" {
			return out, nil
		}
		if p.s[0] != ',' {
			return nil, errors.New("members are separated by commas, found " + showValue(p.s[:1]))
		}
		p.s = p.s[1:]
		p.skipOWS()
		if p.s == "" {
			return nil, errors.New("a comma ends the List")
		}
	}
	return out, nil
}

// member is an Item or an Inner List (4.2.1.1).
func (p *sfParser) member() (SFItem, error) {
	if p.peek() == '(' {
		inner, err := p.innerList()
		if err != nil {
			return SFItem{}, err
		}
		params, err := p.params()
		return SFItem{Value: inner, Params: params}, err
	}
	return p.item()
}

// innerList is 4.2.1.2, without the parameters.
func (p *sfParser) innerList() (SFInnerList, error) {
	p.s = p.s[1:] // "("
	inner := SFInnerList{}
	for {
		p.skipSP()
		if p.s == "" {
			break
		}
		if p.peek() == ')' {
			p.s = p.s[1:]
			return inner, nil
		}
		if len(inner) == MaxSFInnerItems {
			return nil, errors.New("an Inner List has more than " + strconv.Itoa(MaxSFInnerItems) + " Items")
		}
		it, err := p.item()
		if err != nil {
			return nil, err
		}
		inner = append(inner, it)
		if c := p.peek(); c != ' ' && c != ')' {
			return nil, errors.New("the Items of an Inner List are separated by spaces and the list ends with \")\"")
		}
	}
	return nil, errors.New("an Inner List is not closed with \")\"")
}

// item is 4.2.3.
func (p *sfParser) item() (SFItem, error) {
	v, err := p.bareItem()
	if err != nil {
		return SFItem{}, err
	}
	params, err := p.params()
	return SFItem{Value: v, Params: params}, err
}

// params is 4.2.3.2.
func (p *sfParser) params() (SFParams, error) {
	var (
		out   SFParams
		index map[string]int // key → position, once there are many keys
	)
	for p.peek() == ';' {
		p.s = p.s[1:]
		p.skipSP()
		key, err := p.key()
		if err != nil {
			return nil, err
		}
		var v any = true
		if p.peek() == '=' {
			p.s = p.s[1:]
			if v, err = p.bareItem(); err != nil {
				return nil, err
			}
		}
		// A later value replaces an earlier one in place (4.2.3.2). The
		// index keeps a field of many repeated keys linear.
		if index == nil && len(out) >= 8 {
			index = make(map[string]int, MaxSFParams)
			for i, x := range out {
				index[x.Key] = i
			}
		}
		i := -1
		if index != nil {
			if j, ok := index[key]; ok {
				i = j
			}
		} else {
			for j := range out {
				if out[j].Key == key {
					i = j
				}
			}
		}
		switch {
		case i >= 0:
			out[i].Value = v
		case len(out) == MaxSFParams:
			return nil, errors.New("more than " + strconv.Itoa(MaxSFParams) + " parameters")
		default:
			if index != nil {
				index[key] = len(out)
			}
			out = append(out, SFParam{key, v})
		}
	}
	return out, nil
}

func isLCAlpha(c byte) bool { return c >= 'a' && c <= 'z' }

func isKeyChar(c byte) bool {
	return isLCAlpha(c) || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c == '*'
}

// key is 4.2.3.3.
func (p *sfParser) key() (string, error) {
	if c := p.peek(); !isLCAlpha(c) && c != '*' {
		return "", errors.New("a parameter key starts with a lower-case letter or \"*\"")
	}
	i := 1
	for i < len(p.s) && isKeyChar(p.s[i]) {
		i++
	}
	if i > MaxSFKeyLength {
		return "", errors.New("a key is longer than " + strconv.Itoa(MaxSFKeyLength) + " characters")
	}
	k := p.s[:i]
	p.s = p.s[i:]
	return k, nil
}

// bareItem is 4.2.3.1.
func (p *sfParser) bareItem() (any, error) {
	c := p.peek()
	switch {
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == '"':
		return p.str()
	case c == '*' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		return p.token()
	case c == ':':
		return p.byteSequence()
	case c == '?':
		return p.boolean()
	case c == '@':
		return p.date()
	case c == '%':
		return p.displayString()
	case c == 0:
		return nil, errors.New("a value is missing")
	}
	return nil, errors.New(showValue(p.s[:1]) + " does not start an Integer, Decimal, String, Token, Byte Sequence, Boolean, Date or Display String")
}

// number is 4.2.4: an Integer (int64) or a Decimal (SFDecimal).
func (p *sfParser) number() (any, error) {
	neg := false
	if p.peek() == '-' {
		neg, p.s = true, p.s[1:]
	}
	i, dot := 0, -1
	for ; i < len(p.s); i++ {
		c := p.s[i]
		if c >= '0' && c <= '9' {
			continue
		}
		if c == '.' && dot < 0 {
			if i > 12 {
				return nil, errors.New("a Decimal has more than 12 integer digits")
			}
			dot = i
			continue
		}
		break
	}
	num := p.s[:i]
	if num == "" || num[0] < '0' || num[0] > '9' {
		return nil, errors.New("a number has no digits")
	}
	if dot < 0 {
		if len(num) > 15 {
			return nil, errors.New("an Integer has more than 15 digits")
		}
		n, _ := strconv.ParseInt(num, 10, 64)
		if neg {
			n = -n
		}
		p.s = p.s[i:]
		return n, nil
	}
	if len(num) > 16 {
		return nil, errors.New("a Decimal has more than 16 characters")
	}
	frac := num[dot+1:]
	if frac == "" {
		return nil, errors.New("a Decimal ends with \".\"")
	}
	if len(frac) > 3 {
		return nil, errors.New("a Decimal has more than 3 fractional digits")
	}
	whole, _ := strconv.ParseInt(num[:dot], 10, 64)
	f, _ := strconv.ParseInt(frac+strings.Repeat("0", 3-len(frac)), 10, 64)
	n := whole*1000 + f
	if neg {
		n = -n
	}
	p.s = p.s[i:]
	return SFDecimal(n), nil
}

// str is 4.2.5.
func (p *sfParser) str() (string, error) {
	var b strings.Builder
	for i := 1; i < len(p.s); i++ {
		if b.Len() > MaxSFStringLength {
			return "", errors.New("a String is longer than " + strconv.Itoa(MaxSFStringLength) + " characters")
		}
		switch c := p.s[i]; {
		case c == '\\':
			i++
			if i == len(p.s) || p.s[i] != '"' && p.s[i] != '\\' {
				return "", errors.New("a String escapes only \" and \\ with a backslash")
			}
			b.WriteByte(p.s[i])
		case c == '"':
			if b.Len() > MaxSFStringLength {
				return "", errors.New("a String is longer than " + strconv.Itoa(MaxSFStringLength) + " characters")
			}
			p.s = p.s[i+1:]
			return b.String(), nil
		case c < 0x20 || c > 0x7e:
			return "", errors.New("a String holds only printable ASCII; use a Display String for other text")
		default:
			b.WriteByte(c)
		}
	}
	return "", errors.New("a String is not closed with a double quote")
}

func isSFTokenChar(c byte) bool { return tchar[c] || c == ':' || c == '/' }

// token is 4.2.6.
func (p *sfParser) token() (SFToken, error) {
	i := 1
	for i < len(p.s) && isSFTokenChar(p.s[i]) {
		i++
	}
	if i > MaxSFTokenLength {
		return "", errors.New("a Token is longer than " + strconv.Itoa(MaxSFTokenLength) + " characters")
	}
	t := p.s[:i]
	p.s = p.s[i:]
	return SFToken(t), nil
}

func isBase64Char(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '='
}

// byteSequence is 4.2.7. Missing "=" padding and non-zero pad bits are
// accepted, as 4.2.7 says parsers SHOULD.
func (p *sfParser) byteSequence() ([]byte, error) {
	end := strings.IndexByte(p.s[1:], ':')
	if end < 0 {
		return nil, errors.New("a Byte Sequence is not closed with \":\"")
	}
	enc := p.s[1 : 1+end]
	for i := 0; i < len(enc); i++ {
		if !isBase64Char(enc[i]) {
			return nil, errors.New("a Byte Sequence holds only base64 (A-Z a-z 0-9 + / =)")
		}
	}
	if base64.StdEncoding.DecodedLen(len(enc)) > MaxSFByteSequenceLength+2 {
		return nil, errors.New("a Byte Sequence is longer than " + strconv.Itoa(MaxSFByteSequenceLength) + " bytes")
	}
	body := strings.TrimRight(enc, "=")
	if strings.Contains(body, "=") || len(enc)-len(body) > 2 {
		return nil, errors.New("a Byte Sequence has \"=\" other than as padding at its end")
	}
	b, err := base64.RawStdEncoding.DecodeString(body)
	if err != nil || len(enc) != len(body) && len(enc)%4 != 0 {
		return nil, errors.New("a Byte Sequence is not valid base64")
	}
	if len(b) > MaxSFByteSequenceLength {
		return nil, errors.New("a Byte Sequence is longer than " + strconv.Itoa(MaxSFByteSequenceLength) + " bytes")
	}
	p.s = p.s[end+2:]
	return b, nil
}

// boolean is 4.2.8.
func (p *sfParser) boolean() (bool, error) {
	if len(p.s) < 2 || p.s[1] != '0' && p.s[1] != '1' {
		return false, errors.New("a Boolean is ?0 or ?1")
	}
	v := p.s[1] == '1'
	p.s = p.s[2:]
	return v, nil
}

// date is 4.2.9.
func (p *sfParser) date() (SFDate, error) {
	p.s = p.s[1:]
	n, err := p.number()
	if err != nil {
		return 0, err
	}
	i, ok := n.(int64)
	if !ok {
		return 0, errors.New("a Date is @ and an Integer")
	}
	return SFDate(i), nil
}

// displayString is 4.2.10.
func (p *sfParser) displayString() (SFDisplayString, error) {
	if len(p.s) < 2 || p.s[1] != '"' {
		return "", errors.New("a Display String starts with %\"")
	}
	var b []byte
	for i := 2; i < len(p.s); i++ {
		c := p.s[i]
		switch {
		case c < 0x20 || c > 0x7e:
			return "", errors.New("a Display String holds only printable ASCII; other characters are percent-encoded")
		case c == '%':
			if i+2 >= len(p.s) || !isLowerHex(p.s[i+1]) || !isLowerHex(p.s[i+2]) {
				return "", errors.New("a Display String's % is followed by two lower-case hex digits")
			}
			v, _ := strconv.ParseUint(p.s[i+1:i+3], 16, 8)
			b = append(b, byte(v))
			i += 2
		case c == '"':
			if !utf8.Valid(b) {
				return "", errors.New("a Display String does not decode to UTF-8")
			}
			p.s = p.s[i+1:]
			return SFDisplayString(b), nil
		default:
			b = append(b, c)
		}
		if len(b) > MaxSFStringLength*4 {
			return "", errors.New("a Display String is longer than " + strconv.Itoa(MaxSFStringLength*4) + " bytes")
		}
	}
	return "", errors.New("a Display String is not closed with a double quote")
}

func isLowerHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' }

// FormatSFList serializes l as RFC 9651, 4.1.1 does, e.g.
// `"default";q=100;w=60, "daily";q=1000`. It fails, saying which value, on
// anything RFC 9651 cannot express (an Integer out of range, a String with
// non-ASCII, an invalid key, a value of another Go type, a nested Inner
// List) or that exceeds this package's limits. An empty List is "", which
// a sender does not send at all.
func FormatSFList(l SFList) (string, error) {
	if len(l) > MaxSFMembers {
		return "", errors.New("field: a Structured Field List has more than " + strconv.Itoa(MaxSFMembers) + " members")
	}
	var b strings.Builder
	for i, m := range l {
		if i > 0 {
			b.WriteString(", ")
		}
		if inner, ok := m.Value.(SFInnerList); ok {
			if err := writeInnerList(&b, inner); err != nil {
				return "", err
			}
			if err := writeParams(&b, m.Params); err != nil {
				return "", err
			}
			continue
		}
		if err := writeItem(&b, m); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}

func writeInnerList(b *strings.Builder, inner SFInnerList) error {
	if len(inner) > MaxSFInnerItems {
		return errors.New("field: an Inner List has more than " + strconv.Itoa(MaxSFInnerItems) + " Items")
	}
	b.WriteByte('(')
	for i, it := range inner {
		if i > 0 {
			b.WriteByte(' ')
		}
		if err := writeItem(b, it); err != nil {
			return err
		}
	}
	b.WriteByte(')')
	return nil
}

func writeItem(b *strings.Builder, it SFItem) error {
	if err := writeBareItem(b, it.Value); err != nil {
		return err
	}
	return writeParams(b, it.Params)
}

func writeParams(b *strings.Builder, params SFParams) error {
	if len(params) > MaxSFParams {
		return errors.New("field: more than " + strconv.Itoa(MaxSFParams) + " parameters")
	}
	for i, p := range params {
		if err := checkSFKey(p.Key); err != nil {
			return err
		}
		for _, q := range params[:i] {
			if q.Key == p.Key {
				return errors.New("field: the parameter key " + showPart(p.Key) + " appears twice")
			}
		}
		b.WriteByte(';')
		b.WriteString(p.Key)
		if v, ok := p.Value.(bool); ok && v {
			continue // a true parameter has no value (4.1.1.2)
		}
		b.WriteByte('=')
		if err := writeBareItem(b, p.Value); err != nil {
			return err
		}
	}
	return nil
}

func checkSFKey(k string) error {
	ok := k != "" && len(k) <= MaxSFKeyLength && (isLCAlpha(k[0]) || k[0] == '*')
	for i := 1; ok && i < len(k); i++ {
		ok = isKeyChar(k[i])
	}
	if !ok {
		return errors.New("field: " + showPart(k) + " is not a Structured Field key: a lower-case letter or \"*\", then lower-case letters, digits, _ - . *, at most " + strconv.Itoa(MaxSFKeyLength))
	}
	return nil
}

func writeBareItem(b *strings.Builder, v any) error {
	switch v := v.(type) {
	case int64:
		if v > maxSFInteger || v < -maxSFInteger {
			return errors.New("field: the Integer " + strconv.FormatInt(v, 10) + " is outside ±999999999999999")
		}
		b.WriteString(strconv.FormatInt(v, 10))
	case SFDecimal:
		if v > maxSFInteger || v < -maxSFInteger {
			return errors.New("field: the Decimal " + v.String() + " has more than 12 integer digits")
		}
		b.WriteString(v.String())
	case string:
		if len(v) > MaxSFStringLength {
			return errors.New("field: a String is longer than " + strconv.Itoa(MaxSFStringLength) + " characters")
		}
		for i := 0; i < len(v); i++ {
			if v[i] < 0x20 || v[i] > 0x7e {
				return errors.New("field: the String \"" + showPart(v) + "\" is not printable ASCII; use SFDisplayString")
			}
		}
		b.WriteByte('"')
		for i := 0; i < len(v); i++ {
			if v[i] == '"' || v[i] == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(v[i])
		}
		b.WriteByte('"')
	case SFToken:
		ok := v != "" && len(v) <= MaxSFTokenLength && (v[0] == '*' || isLetter(v[0]))
		for i := 1; ok && i < len(v); i++ {
			ok = isSFTokenChar(v[i])
		}
		if !ok {
			return errors.New("field: " + showPart(string(v)) + " is not a Structured Field Token")
		}
		b.WriteString(string(v))
	case []byte:
		if len(v) > MaxSFByteSequenceLength {
			return errors.New("field: a Byte Sequence is longer than " + strconv.Itoa(MaxSFByteSequenceLength) + " bytes")
		}
		b.WriteByte(':')
		b.WriteString(base64.StdEncoding.EncodeToString(v))
		b.WriteByte(':')
	case bool:
		if v {
			b.WriteString("?1")
		} else {
			b.WriteString("?0")
		}
	case SFDate:
		if v > maxSFInteger || v < -maxSFInteger {
			return errors.New("field: the Date " + strconv.FormatInt(int64(v), 10) + " is outside ±999999999999999")
		}
		b.WriteByte('@')
		b.WriteString(strconv.FormatInt(int64(v), 10))
	case SFDisplayString:
		if !utf8.ValidString(string(v)) {
			return errors.New("field: a Display String is not valid UTF-8")
		}
		if len(v) > MaxSFStringLength*4 {
			return errors.New("field: a Display String is longer than " + strconv.Itoa(MaxSFStringLength*4) + " bytes")
		}
		b.WriteString(`%"`)
		for i := 0; i < len(v); i++ {
			c := v[i]
			if c == '%' || c == '"' || c < 0x20 || c > 0x7e {
				fmt.Fprintf(b, "%%%02x", c)
				continue
			}
			b.WriteByte(c)
		}
		b.WriteByte('"')
	case nil:
		return errors.New("field: a Structured Field value is missing (nil)")
	default:
		return fmt.Errorf("field: %T is not a Structured Field bare item; use int64, SFDecimal, string, SFToken, []byte, bool, SFDate or SFDisplayString", v)
	}
	return nil
}
