package benchmark

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
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
	var out []FieldError
	walkDocument(data, t, "", &out)
	return out
}

func walkDocument(v []byte, t reflect.Type, path string, out *[]FieldError) {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch jsondoc.Kind(v) {
	case '{':
		ms, _ := jsondoc.Members(v)
		known := knownFields(t)
		seen := make(map[string]bool, len(ms))
		for _, m := range ms {
			field := m.Key
			if field == "" {
				field = `""`
			}
			if path != "" {
				field = path + "." + m.Key
			}
			if err := rawText(m.RawKey, false); err != nil {
				*out = append(*out, textProblem(field, err))
				continue
			}
			if seen[m.Key] {
				*out = append(*out, problem(field, i18n.M("records.json.duplicate_key", m.Key)))
				continue
			}
			seen[m.Key] = true
			child, exact := known[m.Key]
			if !exact {
				for name := range known {
					if strings.EqualFold(name, m.Key) {
						*out = append(*out, problem(field, i18n.M("records.json.case_variant", m.Key, name)))
					}
				}
				if t != nil && t.Kind() == reflect.Map {
					child = t.Elem()
				}
			}
			walkDocument(m.Value, child, field, out)
		}
	case '[':
		els, _ := jsondoc.Elements(v)
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for i, e := range els {
			walkDocument(e, elem, fmt.Sprintf("%s[%d]", path, i), out)
		}
	case '"':
		if err := rawText(v, true); err != nil {
			*out = append(*out, textProblem(path, err))
		}
	}
}

// knownFields maps the json names of a struct's fields to their types.
func knownFields(t reflect.Type) map[string]reflect.Type {
	if t == nil || t.Kind() != reflect.Struct {
		return nil
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
	return out
}

// rawText checks a JSON string as written: its bytes must be UTF-8 (the
// decoder would quietly turn bad bytes into U+FFFD) and its text stored text.
func rawText(raw []byte, multiline bool) *textcheck.Error {
	if !utf8.Valid(raw) {
		return textcheck.Line(string(raw[1 : len(raw)-1]))
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
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

func textProblem(field string, err *textcheck.Error) FieldError {
	return problem(field, err.Msg)
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
