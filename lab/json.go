package lab

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"unsafe"
)

// readJSON reads {"results": [...]} in two passes over the file: the first
// learns the columns (every key of the results, named on the first result
// that has it) and finds values of the wrong type, the second hands the
// rows to s. The columns must be known before the first row is judged — a
// key first used on row 40 makes it a column that rows 1–39 left empty —
// and reading the file twice costs less than keeping it as cells.
//
// The file is read with jsonScanner (jsonscan.go), which reads what
// encoding/json's token API read, the same way, at a fraction of the cost.
func readJSON(r io.ReaderAt, size int64, lim Limits, s sink) error {
	cols := &jsonColumns{lim: lim, index: make(map[string]int), problems: newProblemList(DefaultMaxProblems)}
	if err := scanJSON(newJSONScanner(r, size, lim), lim, cols); err != nil {
		return err
	}
	if err := cols.problems.err(); err != nil {
		return err
	}
	s.header(cols.cols)
	rows := &jsonRows{s: s, cols: cols.cols, index: cols.index, cells: make([]string, len(cols.cols))}
	return scanJSON(newJSONScanner(r, size, lim), lim, rows)
}

type jsonKind int

const (
	jsonText jsonKind = iota // a string or a number
	jsonNull                 // null: as if the key were absent
	jsonBad                  // an object, an array or a boolean
)

// jsonResults takes the results of a file as scanJSON reads them.
type jsonResults interface {
	// field takes a key of result n and the kind of its value; a text is
	// the scanner's (jsonScanner.str). Both are valid only during the
	// call.
	field(n int, key []byte, kind jsonKind, s *jsonScanner) error
	// end takes the end of result n, an object; null counts as one
	// without fields.
	end(n int) error
	// notObject takes result n, which is neither an object nor null.
	notObject(n int)
}

// scanJSON reads the file, calling res for every result. It reads the
// tokens in the order, and stops on the same errors with the same rows,
// as the reader before it did with encoding/json's Decoder.Token and
// Decoder.More (json_reference_test.go), of which jsonScanner's token and
// more are a copy: which token comes where decides which problem a broken
// file has (lab.json.shape, lab.json.results_not_array,
// lab.json.malformed, ...) and on which row.
func scanJSON(s *jsonScanner, lim Limits, res jsonResults) error {
	n := 0 // the result being read
	malformed := func(row int, err error) error {
		if errors.Is(err, errLongLine) {
			return limitError(LimitLineBytes, int64(lim.MaxLineBytes), max(row, 1), "")
		}
		return fileProblem(row, "lab.json.malformed", err.Error())
	}
	if tok, err := s.token(0); err != nil || tok != '{' {
		if errors.Is(err, errLongLine) {
			return malformed(1, err)
		}
		return fileProblem(1, "lab.json.shape")
	}
	seen := false
	var key []byte // the key of the field being read, kept while its value is
	for s.more() {
		if _, err := s.token(len("results")); err != nil {
			return malformed(1, err)
		}
		if s.strLen != len("results") || string(s.str) != "results" {
			// Other keys are welcome (docs/formats.md): skip them.
			if err := s.skip(); err != nil {
				return malformed(1, err)
			}
			continue
		}
		if seen {
			return fileProblem(1, "lab.json.results_twice")
		}
		seen = true
		if tok, err := s.token(0); err != nil || tok != '[' {
			if err != nil && errors.Is(err, errLongLine) {
				return malformed(1, err)
			}
			return fileProblem(1, "lab.json.results_not_array")
		}
		for s.more() {
			n++
			if n > lim.MaxRows {
				return limitError(LimitRows, int64(lim.MaxRows), n, "")
			}
			tok, err := s.token(0)
			if err != nil {
				return malformed(n, err)
			}
			switch tok {
			case '{':
			case 'n':
				if err := res.end(n); err != nil {
					return err
				}
				continue
			default:
				if err := s.skipRest(tok); err != nil {
					return malformed(n, err)
				}
				res.notObject(n)
				continue
			}
			fields := 0
			for s.more() {
				if _, err := s.token(lim.MaxCellBytes); err != nil {
					return malformed(n, err)
				}
				if s.strLen > lim.MaxCellBytes {
					return limitError(LimitCellBytes, int64(lim.MaxCellBytes), n, "")
				}
				key = append(key[:0], s.str...)
				tok, err := s.token(lim.MaxCellBytes)
				if err != nil {
					return malformed(n, err)
				}
				kind := jsonText
				switch tok {
				case '"', '0':
					if s.strLen > lim.MaxCellBytes {
						return limitError(LimitCellBytes, int64(lim.MaxCellBytes), n, string(key))
					}
				case 'n':
					kind = jsonNull
				default:
					if err := s.skipRest(tok); err != nil {
						return malformed(n, err)
					}
					kind = jsonBad
				}
				// Distinct keys are capped; a result repeating one key
				// a million times is capped by the same count.
				if fields >= lim.MaxJSONKeys*4 {
					return limitError(LimitJSONKeys, int64(lim.MaxJSONKeys), n, "")
				}
				fields++
				if err := res.field(n, key, kind, s); err != nil {
					return err
				}
			}
			if _, err := s.token(0); err != nil { // '}'
				return malformed(n, err)
			}
			if err := res.end(n); err != nil {
				return err
			}
		}
		if _, err := s.token(0); err != nil { // ']'
			return malformed(n+1, err)
		}
	}
	if !seen {
		return fileProblem(1, "lab.json.no_results")
	}
	// The closing brace, then nothing more.
	if _, err := s.token(0); err != nil {
		return malformed(n+1, err)
	}
	if _, err := s.token(0); err != io.EOF {
		if errors.Is(err, errLongLine) {
			return malformed(n+1, err)
		}
		return fileProblem(n+1, "lab.json.trailing")
	}
	return nil
}

// jsonColumns is the first pass: it learns the columns and lists the
// values of the wrong type and the results that are not objects.
type jsonColumns struct {
	lim      Limits
	cols     []Column
	index    map[string]int // key -> column
	problems *problemList
	// The fields of the result being read: its keys one after another in
	// keys, where each field's ends.
	keys   []byte
	fields []jsonKey
	fresh  []string
	// known holds the keys of the last result by position: results
	// mostly repeat them, and a key equal to the one before it at its
	// place needs no look-up.
	known []string
}

type jsonKey struct {
	end int // of the key in jsonColumns.keys
	bad bool
}

func (c *jsonColumns) key(i int) []byte {
	start := 0
	if i > 0 {
		start = c.fields[i-1].end
	}
	return c.keys[start:c.fields[i].end]
}

func (c *jsonColumns) field(_ int, key []byte, kind jsonKind, _ *jsonScanner) error {
	c.keys = append(c.keys, key...)
	c.fields = append(c.fields, jsonKey{end: len(c.keys), bad: kind == jsonBad})
	return nil
}

func (c *jsonColumns) end(n int) error {
	defer func() { c.keys, c.fields = c.keys[:0], c.fields[:0] }()
	c.fresh = c.fresh[:0]
	for i := range c.fields {
		key := c.key(i)
		if i < len(c.known) && c.known[i] == string(key) {
			continue
		}
		if _, ok := c.index[string(key)]; !ok {
			k := string(key)
			c.index[k] = -1
			c.fresh = append(c.fresh, k)
		}
	}
	if len(c.cols)+len(c.fresh) > c.lim.MaxJSONKeys {
		return limitError(LimitJSONKeys, int64(c.lim.MaxJSONKeys), n, "")
	}
	// In name order, so that the columns do not depend on key order.
	slices.Sort(c.fresh)
	for _, key := range c.fresh {
		c.index[key] = len(c.cols)
		c.cols = append(c.cols, Column{Name: key, Row: n})
	}
	for i := range c.fields {
		key := c.key(i)
		if i < len(c.known) && c.known[i] == string(key) {
			continue
		}
		name := c.cols[c.index[string(key)]].Name
		if i < len(c.known) {
			c.known[i] = name
		} else {
			c.known = append(c.known, name)
		}
	}
	// A key given twice counts once, with its last value (as
	// encoding/json decodes it into a map).
	for i, f := range c.fields {
		if f.bad && c.lastOf(i) {
			c.problems.add(n, c.known[i], "lab.json.value_type")
		}
	}
	return nil
}

// lastOf reports whether field i is the last one with its key.
func (c *jsonColumns) lastOf(i int) bool {
	for j := i + 1; j < len(c.fields); j++ {
		if bytes.Equal(c.key(j), c.key(i)) {
			return false
		}
	}
	return true
}

func (c *jsonColumns) notObject(n int) {
	c.problems.add(n, "", "lab.json.not_object")
}

// jsonRows is the second pass: it hands each result to the sink as a row
// of the columns the first pass found.
type jsonRows struct {
	s     sink
	cols  []Column
	index map[string]int
	cells []string
	// known and knownCol are the keys of the results before and their
	// columns, by position (see jsonColumns.known); i is the position of
	// the field being read.
	known    []string
	knownCol []int
	i        int
	texts    textSlab
}

func (r *jsonRows) field(_ int, key []byte, kind jsonKind, s *jsonScanner) error {
	col := -1
	if r.i < len(r.known) && r.known[r.i] == string(key) {
		col = r.knownCol[r.i]
	} else if c, ok := r.index[string(key)]; ok && c >= 0 {
		col = c
		if r.i < len(r.known) {
			r.known[r.i], r.knownCol[r.i] = r.cols[c].Name, c
		} else if r.i == len(r.known) {
			r.known, r.knownCol = append(r.known, r.cols[c].Name), append(r.knownCol, c)
		}
	}
	r.i++
	if col < 0 {
		return nil
	}
	switch {
	case kind != jsonText || len(s.str) == 0:
		r.cells[col] = ""
	case s.stable:
		// The file's own bytes, which do not change while Read runs
		// (Bytes).
		r.cells[col] = unsafe.String(unsafe.SliceData(s.str), len(s.str))
	default:
		r.cells[col] = r.texts.copy(s.str)
	}
	return nil
}

func (r *jsonRows) end(n int) error {
	r.s.row(n, r.cells, false)
	clear(r.cells)
	r.i = 0
	return nil
}

func (r *jsonRows) notObject(int) { r.i = 0 }
