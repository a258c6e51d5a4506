package benchmark

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"

	"github.com/qbench/qbench/internal/jsondoc"
)

// FormatError means an input is not a JSON document of the expected form:
// malformed JSON, a value of the wrong type, an unknown field, or more than
// one value.
type FormatError struct {
	What string // what was expected: "study design", "findings", …
	Err  error
}

func (e *FormatError) Error() string { return "not " + e.What + " in JSON: " + e.Err.Error() }

func (e *FormatError) Unwrap() error { return e.Err }

// DecodeJSON decodes exactly one JSON value into v and refuses unknown
// fields: in files that users keep for years they are usually misspelt
// fields, whose values would otherwise be lost without a word. It also
// refuses duplicate keys, keys that differ from a field only in case, and
// text that cannot be stored (checkDocument). Errors are *FormatError
// naming what was expected.
func DecodeJSON(data []byte, v any, what string) error {
	problems, err := decodeStrict(data, v, what)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		parts := make([]string, len(problems))
		for i, p := range problems {
			parts[i] = p.Field + ": " + p.Reason
		}
		return &FormatError{What: what, Err: errors.New(strings.Join(parts, "; "))}
	}
	return nil
}

// decodeStrict is DecodeJSON with the problems of checkDocument returned
// as a list, for callers that report them field by field.
func decodeStrict(data []byte, v any, what string) ([]FieldError, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return nil, &FormatError{What: what, Err: err}
	}
	if dec.More() {
		return nil, &FormatError{What: what, Err: errors.New("more than one JSON value")}
	}
	return checkDocument(data, reflect.TypeOf(v)), nil
}

// ParseDesign reads a study design in its JSON form (docs/formats.md) and
// validates it: a *FormatError when it is not a design, a *ValidationError
// listing every broken rule. Fields the format does not know are welcome
// and kept (Design.Document), except near misses of known ones ("limit_mx"),
// which are refused: a misspelt limit would silently be lost.
func ParseDesign(data []byte) (*Design, error) {
	var d Design
	decodeErr := json.Unmarshal(data, &d)
	// Every check below needs to know whether the document is JSON at all;
	// decoding has just said so when it worked, and a syntax check of a
	// large design costs as much as decoding it.
	valid := decodeErr == nil || json.Valid(data)
	var doc jsondoc.Value
	if valid {
		doc = jsondoc.Value(data)
	}
	problems := designDocumentProblems(data, doc)
	if decodeErr != nil {
		if len(problems) > 0 { // 1e999 does not decode: say where it is
			return nil, &ValidationError{Problems: problems}
		}
		return nil, &FormatError{What: "a study design", Err: decodeErr}
	}
	// Duplicate and case-variant keys and unstorable text first, then
	// misspellings and numbers float64 cannot hold.
	problems = append(checkValidDocument(doc, reflect.TypeOf(d)), problems...)
	var verr *ValidationError
	if err := d.Validate(); errors.As(err, &verr) {
		problems = append(problems, verr.Problems...)
	} else if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return nil, &ValidationError{Problems: problems}
	}
	d.Document = jsondoc.AppendCompact(make([]byte, 0, len(data)), data)
	return &d, nil
}

// ParseFindings reads experts' findings in JSON and checks them against the
// study's design; a *ValidationError of SubjectFindings lists every problem.
func ParseFindings(data []byte, d *Design) (*Findings, error) {
	var f Findings
	problems, err := decodeStrict(data, &f, "findings")
	if err != nil {
		return nil, err
	}
	var verr *ValidationError
	if err := f.Validate(d); errors.As(err, &verr) {
		problems = append(problems, verr.Problems...)
	} else if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return nil, &ValidationError{Problems: problems, Subject: SubjectFindings}
	}
	return &f, nil
}
