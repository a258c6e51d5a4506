package xlsx

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// xmlScanner is a tokenizer for sheet XML, the one part of a workbook
// that is large: encoding/xml's RawToken allocates a name, an attribute
// list and a copy of the text for every token, ten or more allocations a
// cell, and read 100,000 rows in over a second. The scanner yields start
// tags, end tags and text from a buffered reader without allocating per
// token: names are local (a prefix such as x: dropped), attributes are
// looked up in the raw tag on demand, and text comes with entities
// decoded and line ends normalised as XML wants (what encoding/xml gives;
// xmlscan_test.go compares the two). Comments, processing instructions and
// the document type are skipped; CDATA is text.
type xmlScanner struct {
	r       *bufio.Reader
	inTag   bool   // a '<' has been read, its tag not yet
	tag     []byte // the current start tag, without < and >
	name    []byte // local name of the current tag
	text    []byte // the current text
	raw     []byte // scratch for a text's line ends
	attrBuf []byte // an attribute value with entities decoded
	closing bool   // a self-closing start tag owes its end tag
}

const (
	tokStart = iota + 1
	tokEnd
	tokText
)

// minXMLBuffer is the smallest buffer a scanner gets: what the longest run
// allowed by default in a results workbook needs (see newXMLScanner).
const minXMLBuffer = 64<<10*2 + 4096

// newXMLScanner returns a scanner of r, whose runs between two '<' the
// runLimiter below it keeps to maxRun bytes: the buffer exceeds twice
// that, so that ReadSlice never runs out of buffer.
func newXMLScanner(r io.Reader, maxRun int) *xmlScanner {
	return &xmlScanner{r: bufio.NewReaderSize(r, max(minXMLBuffer, maxRun*2+4096))}
}

// reset makes the scanner read r from its start, keeping its buffers: a
// workbook reads its parts one after the other through one scanner.
func (s *xmlScanner) reset(r io.Reader) {
	s.r.Reset(r)
	s.inTag, s.closing = false, false
	s.tag, s.name, s.text = s.tag[:0], nil, s.text[:0]
}

var errXML = errors.New("malformed XML")

// next returns the kind of the next token.
func (s *xmlScanner) next() (int, error) {
	if s.closing {
		s.closing = false
		return tokEnd, nil
	}
	for {
		if !s.inTag {
			b, err := s.r.ReadSlice('<')
			found := err == nil
			if err != nil && err != io.EOF {
				return 0, err
			}
			if found {
				b = b[:len(b)-1]
				s.inTag = true
			}
			if len(b) > 0 {
				if err := s.decodeText(b); err != nil {
					return 0, err
				}
				return tokText, nil
			}
			if !found {
				return 0, io.EOF
			}
		}
		s.inTag = false
		if err := s.readTag(); err != nil {
			return 0, err
		}
		t := s.tag
		switch {
		case len(t) == 0:
			return 0, errXML
		case t[0] == '/':
			s.name = localName(bytes.TrimSpace(t[1:]))
			return tokEnd, nil
		case t[0] == '?' || t[0] == '!':
			if bytes.HasPrefix(t, []byte("![CDATA[")) {
				s.text = append(s.text[:0], t[8:len(t)-2]...)
				normaliseLineEnds(&s.text)
				if !utf8.Valid(s.text) {
					return 0, fmt.Errorf("%w: invalid UTF-8", errXML)
				}
				return tokText, nil
			}
			continue // a comment, a processing instruction, the doctype
		}
		end := bytes.IndexAny(t, " \t\r\n/")
		if end < 0 {
			end = len(t)
		}
		s.name = localName(t[:end])
		s.closing = t[len(t)-1] == '/'
		return tokStart, nil
	}
}

// readTag reads up to the '>' that ends the tag begun by the last '<':
// not one inside a quoted attribute value, a comment, a CDATA section or
// a processing instruction.
func (s *xmlScanner) readTag() error {
	s.tag = s.tag[:0]
	for {
		b, err := s.r.ReadSlice('>')
		if err != nil {
			if err == io.EOF {
				return fmt.Errorf("%w: unexpected end in a tag", errXML)
			}
			return err
		}
		s.tag = append(s.tag, b...)
		t := s.tag[:len(s.tag)-1]
		switch {
		case bytes.HasPrefix(t, []byte("!--")):
			if len(t) < 5 || !bytes.HasSuffix(t, []byte("--")) {
				continue
			}
		case bytes.HasPrefix(t, []byte("![CDATA[")):
			if len(t) < 10 || !bytes.HasSuffix(t, []byte("]]")) {
				continue
			}
		case bytes.HasPrefix(t, []byte("?")):
			if len(t) < 2 || !bytes.HasSuffix(t, []byte("?")) {
				continue
			}
		default:
			if !quotesClosed(t) {
				continue
			}
		}
		s.tag = t
		return nil
	}
}

// quotesClosed reports whether every quoted attribute value of a tag is
// closed, quotes of the other kind inside one included.
func quotesClosed(t []byte) bool {
	var q byte
	for _, c := range t {
		switch {
		case q == 0 && (c == '"' || c == '\''):
			q = c
		case c == q:
			q = 0
		}
	}
	return q == 0
}

// localName drops a name's prefix, as encoding/xml does: at the first
// colon, when there is something on both sides of it.
func localName(n []byte) []byte {
	if i := bytes.IndexByte(n, ':'); i > 0 && i < len(n)-1 {
		return n[i+1:]
	}
	return n
}

// is reports whether the current tag's local name is name.
func (s *xmlScanner) is(name string) bool { return string(s.name) == name }

// attr returns the value of an attribute of the current start tag (by
// local name), entities decoded; empty when it has none.
func (s *xmlScanner) attr(name string) string { return string(s.attrBytes(name)) }

// attrBytes is attr without the string: valid until the next token.
func (s *xmlScanner) attrBytes(name string) []byte {
	t := s.tag
	i := bytes.IndexAny(t, " \t\r\n")
	if i < 0 {
		return nil
	}
	t = t[i:]
	for {
		t = bytes.TrimLeft(t, " \t\r\n")
		eq := bytes.IndexByte(t, '=')
		if eq < 0 {
			return nil
		}
		key := localName(bytes.TrimSpace(t[:eq]))
		t = bytes.TrimLeft(t[eq+1:], " \t\r\n")
		if len(t) == 0 || (t[0] != '"' && t[0] != '\'') {
			return nil
		}
		end := bytes.IndexByte(t[1:], t[0])
		if end < 0 {
			return nil
		}
		if string(key) == name {
			v := t[1 : 1+end]
			if bytes.IndexByte(v, '&') < 0 && bytes.IndexByte(v, '\r') < 0 {
				return v
			}
			s.raw = append(s.raw[:0], v...)
			normaliseLineEnds(&s.raw) // as encoding/xml reads attribute values
			var err error
			if s.attrBuf, err = decodeEntities(s.attrBuf[:0], s.raw); err != nil {
				return nil
			}
			return s.attrBuf
		}
		t = t[end+2:]
	}
}

// decodeText normalises the line ends of the raw text, then decodes its
// entities (so that &#13; stays a CR, as XML wants).
func (s *xmlScanner) decodeText(b []byte) error {
	var err error
	raw := b
	if bytes.IndexByte(b, '\r') >= 0 {
		s.raw = append(s.raw[:0], b...)
		normaliseLineEnds(&s.raw)
		raw = s.raw
	}
	if s.text, err = decodeEntities(s.text[:0], raw); err != nil {
		return err
	}
	if !utf8.Valid(s.text) {
		return fmt.Errorf("%w: invalid UTF-8", errXML)
	}
	return nil
}

// normaliseLineEnds turns \r\n and a lone \r into \n.
func normaliseLineEnds(b *[]byte) {
	if bytes.IndexByte(*b, '\r') < 0 {
		return
	}
	out := (*b)[:0]
	src := *b
	for i := 0; i < len(src); i++ {
		if src[i] == '\r' {
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			out = append(out, '\n')
			continue
		}
		out = append(out, src[i])
	}
	*b = out
}

// decodeEntities appends b to dst with the predefined entities and
// character references decoded.
func decodeEntities(dst, b []byte) ([]byte, error) {
	for {
		i := bytes.IndexByte(b, '&')
		if i < 0 {
			return append(dst, b...), nil
		}
		dst = append(dst, b[:i]...)
		b = b[i:]
		semi := bytes.IndexByte(b, ';')
		if semi < 0 {
			return nil, fmt.Errorf("%w: unterminated entity", errXML)
		}
		ent := string(b[1:semi])
		b = b[semi+1:]
		switch ent {
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "amp":
			dst = append(dst, '&')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			var n uint64
			var err error
			switch {
			case len(ent) > 2 && ent[0] == '#' && ent[1] == 'x':
				n, err = strconv.ParseUint(ent[2:], 16, 32)
			case len(ent) > 1 && ent[0] == '#':
				n, err = strconv.ParseUint(ent[1:], 10, 32)
			default:
				err = errXML
			}
			if err != nil || !isXMLChar(rune(n)) {
				return nil, fmt.Errorf("%w: entity &%s;", errXML, ent)
			}
			dst = utf8.AppendRune(dst, rune(n))
		}
	}
}

// isXMLChar reports whether XML allows the character.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
