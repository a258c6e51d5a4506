package lab

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonScanner is a tokenizer for a JSON results file: encoding/json's
// Decoder.Token made a map entry, an interface value and a string for
// every key and value, and read 100,000 results in over a second. The
// scanner yields the same tokens in the same order with the same errors,
// but a string or a number is left as bytes (str) — in the file itself
// when the file is in memory (Bytes) and the string needs no decoding —
// and a value being skipped is only checked. Strings decode as
// encoding/json decodes them: escapes, surrogate pairs, and each byte that
// is not UTF-8 replaced by U+FFFD. jsonscan_test.go holds it to the
// decoder.
//
// The file is taken in blocks of jsonBlock bytes, each refused before any
// of it is read when it makes a run of bytes without a quote longer than
// MaxLineBytes: a bound on any one token, as the reader before bounded the
// decoder's buffer with a runLimiter below its 64 KiB reads. Reading stops
// at the start of such a block as at the end of the file, with a
// LimitError; memory is a block and the longest kept text, whatever the
// file holds.
type jsonScanner struct {
	r       io.ReaderAt
	size    int64
	inPlace bool   // buf is the file itself: texts in it stay valid
	buf     []byte // the file in place, or a window on it
	pos     int    // the next byte to read
	avail   int    // buf[:avail] has been checked and may be read
	next    int64  // offset in the file of the next block
	end     jsonEnd
	readErr error
	// lastQuote is the offset of the last quote in the blocks checked,
	// -1 before the first: a run starts after it.
	lastQuote int64
	maxRun    int64

	// The token state, as Decoder keeps it, with the open arrays and
	// objects as a bit each (1: an array).
	state  int
	depth  int
	arrays [maxJSONDepth/64 + 1]uint64

	// The text of the last string or number: str, strLen bytes long once
	// decoded, of which str holds at most the keep bytes asked for unless
	// it lies in buf. stable tells that str is the file's own bytes.
	str    []byte
	strLen int
	stable bool
	keep   int
	text   []byte // str when it had to be decoded or copied
}

// jsonBlock is the size of the blocks the scanner checks and reads, that
// of the buffered reads before it: a run is refused in the same block.
const jsonBlock = 64 << 10

// jsonCarry is the most bytes a token leaves unread when the window moves
// on: the rest of an escape or of a UTF-8 sequence.
const jsonCarry = 16

// maxJSONDepth is the deepest nesting of arrays and objects the scanner
// follows, as encoding/json's Unmarshal and Valid do: a file of a million
// '[' is refused at the 10,001st, and the open ones take a few bits each.
const maxJSONDepth = 10000

type jsonEnd uint8

const (
	jsonMore       jsonEnd = iota // blocks remain
	jsonEOF                       // the file is read
	jsonTooLong                   // the next block has a run too long
	jsonReadFailed                // reading failed with readErr
)

// The token states of encoding/json's Decoder.
const (
	tokenTopValue = iota
	tokenArrayStart
	tokenArrayValue
	tokenArrayComma
	tokenObjectStart
	tokenObjectKey
	tokenObjectColon
	tokenObjectValue
	tokenObjectComma
)

// newJSONScanner starts reading the file at its first token, past a byte
// order mark.
func newJSONScanner(r io.ReaderAt, size int64, lim Limits) *jsonScanner {
	s := &jsonScanner{r: r, size: size, lastQuote: -1, maxRun: int64(lim.MaxLineBytes)}
	if b, ok := r.(Bytes); ok && int64(len(b)) == size {
		s.inPlace, s.buf = true, b
	} else {
		s.buf = make([]byte, 0, min(jsonBlock, max(size, 0))+jsonCarry)
	}
	if s.fill() && bytes.HasPrefix(s.buf[s.pos:s.avail], utf8BOM) {
		s.pos += len(utf8BOM)
	}
	return s
}

// fill makes the next block readable, keeping buf[pos:avail]; it reports
// false at the end of what may be read.
func (s *jsonScanner) fill() bool {
	if s.end != jsonMore {
		return false
	}
	if s.next >= s.size {
		s.end = jsonEOF
		return false
	}
	n := int(min(jsonBlock, s.size-s.next))
	var block []byte
	if s.inPlace {
		block = s.buf[s.next : s.next+int64(n)]
	} else {
		kept := copy(s.buf[:cap(s.buf)], s.buf[s.pos:s.avail])
		if kept+n > cap(s.buf) {
			s.buf = append(s.buf[:kept], make([]byte, n)...)
		}
		s.pos, s.avail = 0, kept
		k, err := s.r.ReadAt(s.buf[kept:kept+n], s.next)
		switch {
		case k == n:
		case err == io.EOF || err == nil:
			s.size = s.next + int64(k) // the file is shorter than said
		default:
			s.end, s.readErr = jsonReadFailed, err
		}
		block = s.buf[kept : kept+k]
		s.buf = s.buf[:kept+k]
	}
	if !s.runsFit(block, s.next) {
		s.end = jsonTooLong
		return false
	}
	s.next += int64(len(block))
	s.avail += len(block)
	return len(block) > 0 || s.fill()
}

// runsFit reports whether block, the bytes at offset at of the file, keeps
// every run without a quote within maxRun bytes, and notes its last quote.
func (s *jsonScanner) runsFit(block []byte, at int64) bool {
	end := at + int64(len(block))
	for {
		// The byte that makes the current run too long; the blocks
		// before ended before it.
		over := s.lastQuote + 1 + s.maxRun
		if over >= end {
			if i := bytes.LastIndexByte(block, '"'); i >= 0 {
				s.lastQuote = max(s.lastQuote, at+int64(i))
			}
			return true
		}
		from := max(s.lastQuote+1, at)
		i := bytes.LastIndexByte(block[from-at:over-at+1], '"')
		if i < 0 {
			return false
		}
		s.lastQuote = from + int64(i)
	}
}

// endErr is the error of needing a byte past what may be read: eof at the
// end of the file.
func (s *jsonScanner) endErr(eof error) error {
	switch s.end {
	case jsonTooLong:
		return errLongLine
	case jsonReadFailed:
		return s.readErr
	}
	return eof
}

// byteAt returns buf[pos+k], filling as needed.
func (s *jsonScanner) byteAt(k int) (byte, bool) {
	for s.pos+k >= s.avail {
		if !s.fill() {
			return 0, false
		}
	}
	return s.buf[s.pos+k], true
}

// peek returns the next byte that is not white space, as Decoder.peek.
func (s *jsonScanner) peek() (byte, error) {
	for {
		for s.pos < s.avail {
			if c := s.buf[s.pos]; c > ' ' || (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
				return c, nil
			}
			s.pos++
		}
		if !s.fill() {
			return 0, s.endErr(io.EOF)
		}
	}
}

// more reports whether there is another element in the current array or
// object, as Decoder.More.
func (s *jsonScanner) more() bool {
	c, err := s.peek()
	return err == nil && c != ']' && c != '}'
}

// token reads the next token, as Decoder.Token: one of the delimiters
// '{', '}', '[', ']', a string or a key '"', a number '0', a boolean 't'
// or null 'n'. The text of a string or a number is in str, of which at
// most keep bytes are kept when it has to be copied. At the end of the
// file it returns io.EOF.
func (s *jsonScanner) token(keep int) (byte, error) {
	s.keep = keep
	for {
		c, err := s.peek()
		if err != nil {
			return 0, err
		}
		switch c {
		case '[', '{':
			if !s.valueAllowed() {
				return 0, s.tokenError(c)
			}
			if s.depth == maxJSONDepth {
				return 0, errors.New("exceeded max depth")
			}
			s.pos++
			bit := uint64(1) << (s.depth % 64)
			if c == '[' {
				s.arrays[s.depth/64] |= bit
				s.state = tokenArrayStart
			} else {
				s.arrays[s.depth/64] &^= bit
				s.state = tokenObjectStart
			}
			s.depth++
			return c, nil
		case ']', '}':
			if c == ']' && s.state != tokenArrayStart && s.state != tokenArrayComma ||
				c == '}' && s.state != tokenObjectStart && s.state != tokenObjectComma {
				return 0, s.tokenError(c)
			}
			s.pos++
			s.depth--
			switch {
			case s.depth == 0:
				s.state = tokenTopValue
			case s.arrays[(s.depth-1)/64]&(1<<((s.depth-1)%64)) != 0:
				s.state = tokenArrayComma
			default:
				s.state = tokenObjectComma
			}
			return c, nil
		case ':':
			if s.state != tokenObjectColon {
				return 0, s.tokenError(c)
			}
			s.pos++
			s.state = tokenObjectValue
			continue
		case ',':
			switch s.state {
			case tokenArrayComma:
				s.state = tokenArrayValue
			case tokenObjectComma:
				s.state = tokenObjectKey
			default:
				return 0, s.tokenError(c)
			}
			s.pos++
			continue
		case '"':
			if s.state == tokenObjectStart || s.state == tokenObjectKey {
				s.pos++
				if err := s.readString(); err != nil {
					return 0, err
				}
				if err := s.lookahead(); err != nil {
					return 0, err
				}
				s.state = tokenObjectColon
				return '"', nil
			}
		}
		if !s.valueAllowed() {
			return 0, s.tokenError(c)
		}
		tok, err := s.scalar(c)
		if err != nil {
			return 0, err
		}
		switch s.state {
		case tokenArrayStart, tokenArrayValue:
			s.state = tokenArrayComma
		case tokenObjectValue:
			s.state = tokenObjectComma
		}
		return tok, nil
	}
}

func (s *jsonScanner) valueAllowed() bool {
	switch s.state {
	case tokenTopValue, tokenArrayStart, tokenArrayValue, tokenObjectValue:
		return true
	}
	return false
}

func (s *jsonScanner) tokenError(c byte) error {
	context := " looking for beginning of value"
	switch s.state {
	case tokenArrayComma:
		context = " after array element"
	case tokenObjectKey:
		context = " looking for beginning of object key string"
	case tokenObjectColon:
		context = " after object key"
	case tokenObjectComma:
		context = " after object key:value pair"
	}
	return errors.New("invalid character " + quoteChar(c) + context)
}

// skip reads a whole value.
func (s *jsonScanner) skip() error {
	tok, err := s.token(0)
	if err != nil {
		return err
	}
	return s.skipRest(tok)
}

// skipRest reads the rest of a value whose first token, tok, has been
// read: an array or an object to its end.
func (s *jsonScanner) skipRest(tok byte) error {
	if tok != '[' && tok != '{' {
		return nil
	}
	for outer := s.depth - 1; s.depth > outer; {
		if _, err := s.token(0); err != nil {
			return err
		}
	}
	return nil
}

// scalar reads a value that is not an array nor an object, which starts
// with c, as Decoder.Decode reads a whole value: with the byte after it,
// which tells that it has ended.
func (s *jsonScanner) scalar(c byte) (byte, error) {
	switch {
	case c == '"':
		s.pos++
		if err := s.readString(); err != nil {
			return 0, err
		}
		return '"', s.lookahead()
	case c == '-' || '0' <= c && c <= '9':
		return '0', s.readNumber()
	case c == 't':
		return 't', s.literal("true")
	case c == 'f':
		return 't', s.literal("false")
	case c == 'n':
		return 'n', s.literal("null")
	}
	return 0, errors.New("invalid character " + quoteChar(c) + " looking for beginning of value")
}

// lookahead needs the byte after a value, as Decoder.Decode does to see
// that the value has ended; the end of the file will do.
func (s *jsonScanner) lookahead() error {
	if s.pos < s.avail {
		return nil
	}
	if !s.inPlace {
		// The window moves on: what str holds of it goes to text.
		s.text = append(s.text[:0], s.str[:min(len(s.str), s.keep)]...)
		s.str = s.text
	}
	if s.fill() || s.end == jsonEOF {
		return nil
	}
	return s.endErr(nil)
}

func (s *jsonScanner) literal(lit string) error {
	for i := 0; i < len(lit); i++ {
		c, ok := s.byteAt(0)
		if !ok {
			return s.endErr(io.ErrUnexpectedEOF)
		}
		if c != lit[i] {
			return errors.New("invalid character " + quoteChar(c) + " in literal " + lit + " (expecting " + quoteChar(lit[i]) + ")")
		}
		s.pos++
	}
	return s.lookahead()
}

// jsonPlain tells the bytes a string holds as they are: ASCII other than
// controls, the quote and the backslash.
var jsonPlain = func() (t [256]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// readString reads a string whose opening quote has been read, up to and
// including its closing quote.
func (s *jsonScanner) readString() error {
	start := s.pos
	for i := start; ; {
		for i < s.avail {
			c := s.buf[i]
			if jsonPlain[c] {
				i++
				continue
			}
			if c == '"' {
				s.str, s.strLen, s.stable = s.buf[start:i], i-start, s.inPlace
				s.pos = i + 1
				return nil
			}
			if c < utf8.RuneSelf {
				return s.decodeString(start) // an escape or a control
			}
			r, size := utf8.DecodeRune(s.buf[i:s.avail])
			if r == utf8.RuneError && size == 1 {
				return s.decodeString(start) // not UTF-8, or cut
			}
			i += size
		}
		// In place, the bytes read stay where they are.
		if !s.inPlace || !s.fill() {
			return s.decodeString(start)
		}
	}
}

// decodeString reads the string from buf[start], as readString, copying
// its text, decoded, into text.
func (s *jsonScanner) decodeString(start int) error {
	s.pos, s.text, s.strLen = start, s.text[:0], 0
	for {
		i := s.pos
		for i < s.avail && jsonPlain[s.buf[i]] {
			i++
		}
		s.appendText(s.buf[s.pos:i])
		s.pos = i
		c, ok := s.byteAt(0)
		switch {
		case !ok:
			return s.endErr(io.ErrUnexpectedEOF)
		case c == '"':
			s.pos++
			s.str, s.stable = s.text, false
			return nil
		case c == '\\':
			if err := s.escape(); err != nil {
				return err
			}
		case c < ' ':
			return errors.New("invalid character " + quoteChar(c) + " in string literal")
		default:
			for !utf8.FullRune(s.buf[s.pos:s.avail]) {
				if !s.fill() {
					return s.endErr(io.ErrUnexpectedEOF)
				}
			}
			r, size := utf8.DecodeRune(s.buf[s.pos:s.avail])
			if r == utf8.RuneError && size == 1 {
				s.appendRune(utf8.RuneError)
			} else {
				s.appendText(s.buf[s.pos : s.pos+size])
			}
			s.pos += size
		}
	}
}

// escape reads the escape at pos. A \u escape of half a surrogate pair
// takes the other half from the escape after it; alone, it is U+FFFD.
func (s *jsonScanner) escape() error {
	c, ok := s.byteAt(1)
	if !ok {
		return s.endErr(io.ErrUnexpectedEOF)
	}
	if c != 'u' {
		b := unescaped[c]
		if b == 0 {
			return errors.New("invalid character " + quoteChar(c) + " in string escape code")
		}
		s.appendText([]byte{b})
		s.pos += 2
		return nil
	}
	r, err := s.hex4(2)
	if err != nil {
		return err
	}
	s.pos += 6
	if utf16.IsSurrogate(r) {
		pair := utf8.RuneError
		// Each byte looked at is one the string holds, or its end.
		if c, ok := s.byteAt(0); !ok {
			return s.endErr(io.ErrUnexpectedEOF)
		} else if c == '\\' {
			if c, ok := s.byteAt(1); !ok {
				return s.endErr(io.ErrUnexpectedEOF)
			} else if c == 'u' {
				r2, err := s.hex4(2)
				if err != nil {
					return err
				}
				if pair = utf16.DecodeRune(r, r2); pair != utf8.RuneError {
					s.pos += 6
				}
			}
		}
		r = pair
	}
	s.appendRune(r)
	return nil
}

// hex4 reads the four hexadecimal digits from pos+k.
func (s *jsonScanner) hex4(k int) (rune, error) {
	var r rune
	for j := k; j < k+4; j++ {
		c, ok := s.byteAt(j)
		if !ok {
			return 0, s.endErr(io.ErrUnexpectedEOF)
		}
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, errors.New("invalid character " + quoteChar(c) + " in \\u hexadecimal character escape")
		}
		r = r<<4 | rune(c)
	}
	return r, nil
}

// unescaped maps the letter of an escape other than \u to the byte it
// stands for; 0 marks no escape.
var unescaped = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// appendText adds b to the text, keeping at most keep bytes of it.
func (s *jsonScanner) appendText(b []byte) {
	if room := s.keep - len(s.text); room > 0 {
		s.text = append(s.text, b[:min(room, len(b))]...)
	}
	s.strLen += len(b)
}

func (s *jsonScanner) appendRune(r rune) {
	var b [utf8.UTFMax]byte
	s.appendText(utf8.AppendRune(b[:0], r))
}

// The states of a number, as encoding/json's scanner has them.
const (
	numSign  = iota // after '-'
	numZero         // a leading 0
	numInt          // in the integer part
	numDot          // after '.'
	numFrac         // in the fraction
	numE            // after 'e'
	numESign        // after the exponent's sign
	numExp          // in the exponent
)

// readNumber reads a number up to the byte after it (or the end of the
// file), keeping its text as written.
func (s *jsonScanner) readNumber() error {
	s.text, s.strLen = s.text[:0], 0
	start, copied := s.pos, false
	state := numSign
	if s.buf[s.pos] != '-' {
		state = numInt
		if s.buf[s.pos] == '0' {
			state = numZero
		}
	}
	s.pos++
	for {
		if s.pos == s.avail {
			if !s.inPlace { // the window moves: keep the digits read
				s.appendText(s.buf[start:s.pos])
				copied, start = true, s.pos
			}
			if !s.fill() {
				if s.end == jsonEOF && numberEnds(state) {
					break
				}
				return s.endErr(io.ErrUnexpectedEOF)
			}
			if !s.inPlace {
				start = s.pos
			}
		}
		c := s.buf[s.pos]
		next, ok := numberStep(state, c)
		if !ok {
			if numberEnds(state) {
				break
			}
			return errors.New("invalid character " + quoteChar(c) + numberContext[state])
		}
		state = next
		s.pos++
	}
	if copied {
		s.appendText(s.buf[start:s.pos])
		s.str, s.stable = s.text, false
	} else {
		s.str, s.strLen, s.stable = s.buf[start:s.pos], s.pos-start, s.inPlace
	}
	return nil
}

// numberStep is the state after c, and false when c does not continue the
// number.
func numberStep(state int, c byte) (int, bool) {
	digit := '0' <= c && c <= '9'
	switch state {
	case numSign:
		if c == '0' {
			return numZero, true
		}
		if digit {
			return numInt, true
		}
	case numZero, numInt, numFrac:
		switch {
		case digit && state != numZero:
			return state, true
		case c == '.' && state != numFrac:
			return numDot, true
		case c == 'e' || c == 'E':
			return numE, true
		}
	case numDot:
		if digit {
			return numFrac, true
		}
	case numE:
		if c == '+' || c == '-' {
			return numESign, true
		}
		if digit {
			return numExp, true
		}
	case numESign, numExp:
		if digit {
			return numExp, true
		}
	}
	return state, false
}

// numberEnds reports whether a number may end in the state.
func numberEnds(state int) bool {
	return state == numZero || state == numInt || state == numFrac || state == numExp
}

var numberContext = [numExp + 1]string{
	numSign:  " in numeric literal",
	numDot:   " after decimal point in numeric literal",
	numE:     " in exponent of numeric literal",
	numESign: " in exponent of numeric literal",
}

// quoteChar formats c as a quoted character literal, as encoding/json
// does in its errors.
func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	s := strconv.Quote(string(c))
	return "'" + s[1:len(s)-1] + "'"
}
