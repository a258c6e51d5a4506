package lab

import (
	"encoding/json"
	"errors"
	"io"
	"slices"
)

// readJSONReference is the reader that readJSON replaced, kept as the
// reference of its fuzzer (FuzzReadJSONScanner): it reads {"results":
// [...]} in two passes with encoding/json's token API, the first learning
// the columns and finding values of the wrong type, the second handing the
// rows to s.
func readJSONReference(r io.ReaderAt, size int64, lim Limits, s sink) error {
	var cols []Column
	index := make(map[string]int) // key -> column
	problems := newProblemList(DefaultMaxProblems)
	var fresh []string
	first := func(n int, fields []refField) error {
		fresh = fresh[:0]
		for _, f := range fields {
			if _, ok := index[f.key]; !ok {
				index[f.key] = -1
				fresh = append(fresh, f.key)
			}
		}
		if len(cols)+len(fresh) > lim.MaxJSONKeys {
			return limitError(LimitJSONKeys, int64(lim.MaxJSONKeys), n, "")
		}
		// In name order, so that the columns do not depend on key order.
		slices.Sort(fresh)
		for _, key := range fresh {
			index[key] = len(cols)
			cols = append(cols, Column{Name: key, Row: n})
		}
		// A key given twice counts once, with its last value (as
		// encoding/json decodes it into a map).
		for i, f := range fields {
			if f.kind == jsonBad && lastOfReference(fields, i) {
				problems.add(n, f.key, "lab.json.value_type")
			}
		}
		return nil
	}
	err := scanJSONReference(io.NewSectionReader(r, 0, size), lim, first, func(n int) {
		problems.add(n, "", "lab.json.not_object")
	})
	if err != nil {
		return err
	}
	if err := problems.err(); err != nil {
		return err
	}
	s.header(cols)
	cells := make([]string, len(cols))
	second := func(n int, fields []refField) error {
		clear(cells)
		for _, f := range fields {
			if i, ok := index[f.key]; ok && i >= 0 {
				cells[i] = f.value
			}
		}
		s.row(n, cells, false)
		return nil
	}
	return scanJSONReference(io.NewSectionReader(r, 0, size), lim, second, func(int) {})
}

// lastOfReference reports whether fields[i] is the last field with its key.
func lastOfReference(fields []refField, i int) bool {
	for _, f := range fields[i+1:] {
		if f.key == fields[i].key {
			return false
		}
	}
	return true
}

// refField is one key of a result and its value.
type refField struct {
	key   string
	value string
	kind  jsonKind
}

// scanJSONReference walks the file with the decoder's token API and calls
// result for every result that is an object (null counts as one without
// fields) and notObject for every other one.
func scanJSONReference(r io.Reader, lim Limits, result func(n int, fields []refField) error, notObject func(n int)) error {
	ql := &runLimiter{r: r, sep: '"', max: lim.MaxLineBytes}
	dec := json.NewDecoder(skipBOM(ql))
	// Numbers keep their text, so that "value": 41.20 is reported as 41.20.
	dec.UseNumber()
	n := 0 // the result being read
	malformed := func(row int, err error) error {
		if errors.Is(err, errLongLine) {
			return limitError(LimitLineBytes, int64(lim.MaxLineBytes), max(row, 1), "")
		}
		if le := (*LimitError)(nil); errors.As(err, &le) {
			return err
		}
		return fileProblem(row, "lab.json.malformed", err.Error())
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		if errors.Is(err, errLongLine) {
			return malformed(1, err)
		}
		return fileProblem(1, "lab.json.shape")
	}
	seen := false
	var fields []refField
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return malformed(1, err)
		}
		if tok != "results" {
			// Other keys are welcome (docs/formats.md): skip them.
			if _, err := skipValueReference(dec, nil); err != nil {
				return malformed(1, err)
			}
			continue
		}
		if seen {
			return fileProblem(1, "lab.json.results_twice")
		}
		seen = true
		if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
			if err != nil && errors.Is(err, errLongLine) {
				return malformed(1, err)
			}
			return fileProblem(1, "lab.json.results_not_array")
		}
		for dec.More() {
			n++
			if n > lim.MaxRows {
				return limitError(LimitRows, int64(lim.MaxRows), n, "")
			}
			tok, err := dec.Token()
			if err != nil {
				return malformed(n, err)
			}
			switch tok {
			case json.Delim('{'):
			case nil:
				if err := result(n, nil); err != nil {
					return err
				}
				continue
			default:
				if _, err := skipValueReference(dec, tok); err != nil {
					return malformed(n, err)
				}
				notObject(n)
				continue
			}
			fields = fields[:0]
			for dec.More() {
				key, err := dec.Token()
				if err != nil {
					return malformed(n, err)
				}
				f := refField{key: key.(string)}
				if len(f.key) > lim.MaxCellBytes {
					return limitError(LimitCellBytes, int64(lim.MaxCellBytes), n, "")
				}
				v, err := dec.Token()
				if err != nil {
					return malformed(n, err)
				}
				switch v := v.(type) {
				case string:
					f.value = v
				case json.Number:
					f.value = string(v)
				case nil:
					f.kind = jsonNull
				default:
					if _, err := skipValueReference(dec, v); err != nil {
						return malformed(n, err)
					}
					f.kind = jsonBad
				}
				if len(f.value) > lim.MaxCellBytes {
					return limitError(LimitCellBytes, int64(lim.MaxCellBytes), n, f.key)
				}
				// Distinct keys are capped; a result repeating one key
				// a million times is capped by the same count.
				if len(fields) >= lim.MaxJSONKeys*4 {
					return limitError(LimitJSONKeys, int64(lim.MaxJSONKeys), n, "")
				}
				fields = append(fields, f)
			}
			if _, err := dec.Token(); err != nil { // '}'
				return malformed(n, err)
			}
			if err := result(n, fields); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil { // ']'
			return malformed(n+1, err)
		}
	}
	if !seen {
		return fileProblem(1, "lab.json.no_results")
	}
	// The closing brace, then nothing more.
	if _, err := dec.Token(); err != nil {
		return malformed(n+1, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		if errors.Is(err, errLongLine) {
			return malformed(n+1, err)
		}
		return fileProblem(n+1, "lab.json.trailing")
	}
	return nil
}

// skipValueReference reads the rest of a value whose first token is tok (read by
// the caller), or a whole value when tok is nil.
func skipValueReference(dec *json.Decoder, tok json.Token) (json.Token, error) {
	if tok == nil {
		var err error
		if tok, err = dec.Token(); err != nil {
			return nil, err
		}
	}
	depth := 0
	for {
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				depth++
			default:
				depth--
			}
		}
		if depth == 0 {
			return tok, nil
		}
		var err error
		if tok, err = dec.Token(); err != nil {
			return nil, err
		}
	}
}
