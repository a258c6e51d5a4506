package benchmark

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/jsondoc"
	"github.com/qbench/qbench/internal/textcheck"
)

// checkDocument walks a valid JSON document beside the Go type it decodes
// into and lists, each with its path, what decoding would hide:
//   - a key given twice (encoding/json keeps the last, the stored document
//     shows both: the design shown would not be the design analysed);
//   - a key that differs from a known field only in case ("FOCAL_REGION"),
//     which encoding/json would silently take for the field;
//   - keys and strings that are not stored text (textcheck), at any depth,
//     extra fields included, since the document is stored as posted.
func checkDocument(data []byte, t reflect.Type) []FieldError {
	doc, err := jsondoc.Parse(data)
	if err != nil {
		return nil // not JSON: the decoding reports it
	}
	return checkValidDocument(doc, t)
}

// checkValidDocument is checkDocument of a document known to be JSON.
func checkValidDocument(doc jsondoc.Value, t reflect.Type) []FieldError {
	w := &docWalker{}
	w.walk(doc, t)
	return w.out
}

// docWalker walks a document keeping its path as segments, worded only
// when a problem is found: a 5,000-sample design has tens of thousands of
// members, and formatting every path would double the cost of parsing.
type docWalker struct {
	path []pathSeg
	out  []FieldError
}

// pathSeg is a member key, or an array index when key is nil.
type pathSeg struct {
	key   *string
	index int
}

// field words the current path: indicators[3].limit_max.
func (w *docWalker) field() string {
	var b strings.Builder
	for i, seg := range w.path {
		switch {
		case seg.key == nil:
			fmt.Fprintf(&b, "[%d]", seg.index)
		case *seg.key == "":
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(`""`)
		default:
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(*seg.key)
		}
	}
	return b.String()
}

func (w *docWalker) problem(msg i18n.Message) {
	w.out = append(w.out, problem(w.field(), msg))
}

func (w *docWalker) walk(v jsondoc.Value, t reflect.Type) {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch v.Kind() {
	case '{':
		ms := v.Members()
		known := knownFields(t)
		var seen map[string]bool // for large objects; small ones are scanned
		if len(ms) > smallObject {
			seen = make(map[string]bool, len(ms))
		}
		for i := range ms {
			m := &ms[i]
			w.path = append(w.path, pathSeg{key: &m.Key})
			w.member(ms, i, seen, known, t)
			w.path = w.path[:len(w.path)-1]
		}
	case '[':
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for i, e := range v.Elements() {
			w.path = append(w.path, pathSeg{index: i})
			w.walk(e, elem)
			w.path = w.path[:len(w.path)-1]
		}
	case '"':
		if err := rawText(v, true); err != nil {
			w.problem(err.Msg)
		}
	}
}

// smallObject is the size up to which duplicate keys are found by a scan
// of the earlier members, cheaper than a map for the objects of a design.
const smallObject = 16

// member checks the i-th member of an object and walks its value; seen
// holds the keys before it in a large object.
func (w *docWalker) member(ms []jsondoc.Member, i int, seen map[string]bool, known map[string]reflect.Type, t reflect.Type) {
	m := &ms[i]
	if err := rawText(m.RawKey, false); err != nil {
		w.problem(err.Msg)
		return
	}
	dup := seen[m.Key]
	if seen == nil {
		for j := range i {
			dup = dup || ms[j].Key == m.Key
		}
	} else {
		seen[m.Key] = true
	}
	if dup {
		w.problem(i18n.M("records.json.duplicate_key", m.Key))
		return
	}
	child, exact := known[m.Key]
	if !exact {
		for name := range known {
			if strings.EqualFold(name, m.Key) {
				w.problem(i18n.M("records.json.case_variant", m.Key, name))
			}
		}
		if t != nil && t.Kind() == reflect.Map {
			child = t.Elem()
		}
	}
	w.walk(m.Value, child)
}

// fieldTypes caches knownFields by type.
var fieldTypes sync.Map // reflect.Type → map[string]reflect.Type

// knownFields maps the json names of a struct's fields to their types.
func knownFields(t reflect.Type) map[string]reflect.Type {
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	if m, ok := fieldTypes.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	fieldTypes.Store(t, out)
	return out
}

// rawText checks a JSON string as written: its bytes must be UTF-8 (the
// decoder would quietly turn bad bytes into U+FFFD) and its text stored text.
func rawText(raw []byte, multiline bool) *textcheck.Error {
	if !utf8.Valid(raw) {
		return textcheck.Line(string(raw[1 : len(raw)-1]))
	}
	s, ok := jsondoc.Value(raw).Text()
	if !ok {
		return nil // not a string: not text
	}
	if multiline {
		return textcheck.Text(s)
	}
	return textcheck.Line(s)
}

func problem(field string, msg i18n.Message) FieldError {
	return FieldError{Field: field, Reason: i18n.For(i18n.EN).Message(msg), Msg: msg}
}

// CheckText returns nil when value is text qbench may store in the named
// field (single-line unless multiline), else an EINVALID *Error naming the
// field. Reasons, token names and file names pass through it.
func CheckText(field, value string, multiline bool) error {
	check := textcheck.Line
	if multiline {
		check = textcheck.Text
	}
	if err := check(value); err != nil {
		msg := i18n.M("records.text.field", field, err.Msg)
		return &Error{Code: EINVALID, Message: i18n.For(i18n.EN).Message(msg), Msg: msg}
	}
	return nil
}

// CheckCode returns nil when value is a well-formed code (the rule of the
// design's codes), else an EINVALID *Error naming the field: lab codes on
// tokens follow it, so that "../../etc" is never a lab.
func CheckCode(field, value string) error {
	v := &validator{}
	if v.code(field, value) {
		return nil
	}
	msg := i18n.M("records.code.invalid", field, value, maxCodeLength)
	return &Error{Code: EINVALID, Message: i18n.For(i18n.EN).Message(msg), Msg: msg}
}

// CheckReason trims a reason and checks it: a reason of blanks is no
// reason. It returns the trimmed reason.
func CheckReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	return reason, CheckText("reason", reason, true)
}

// PatchDesign applies a JSON merge patch (RFC 7396) to a design's document
// at the level of its bytes — members the patch does not touch stay as they
// were written — and parses the result as a new design.
func PatchDesign(current *Design, patch []byte) (*Design, error) {
	if jsondoc.Kind(patch) != '{' || !json.Valid(patch) {
		return nil, &FormatError{What: "a JSON merge patch of a study design (a JSON object)", Err: errNotObject}
	}
	if problems := checkDocument(patch, reflect.TypeOf(Design{})); len(problems) > 0 {
		return nil, &ValidationError{Problems: problems}
	}
	doc, err := current.JSON()
	if err != nil {
		return nil, fmt.Errorf("encode current design: %w", err)
	}
	merged, err := jsondoc.MergePatch(doc, patch)
	if err != nil {
		return nil, &FormatError{What: "a study design", Err: err}
	}
	return ParseDesign(merged)
}

var errNotObject = fmt.Errorf("the body is not a JSON object")
