package lab

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// Table is a results file read into raw rows: cells as text, not yet
// checked against a design. Parse makes it; Check judges it.
type Table struct {
	Format  Format
	Columns []Column
	Rows    []Row
}

// Column is a column of a table: a header cell of a CSV file or sheet, or a
// key of the JSON results.
type Column struct {
	// Name is the header cell without surrounding spaces, or the JSON key.
	Name string
	// Row is where the column is named: the header row, or in JSON the
	// first result that has the key.
	Row int
}

// Row is a row of a table.
type Row struct {
	// Number is the row as the user sees it (see RowError).
	Number int
	// Cells are the row's cells as written, Cells[i] in Columns[i]. A row
	// may have fewer cells than the table has columns — a sheet row ends at
	// its last filled cell, a JSON result may lack keys — and a missing cell
	// reads as empty. Only CSV rows must match the header (Check).
	Cells []string
}

// Parse reads a results file in the given format into a table.
//
// It fails only when the file cannot be read as a table at all: malformed
// CSV quoting, text that is not UTF-8, broken JSON or a JSON value that is
// neither a string nor a number, an unreadable workbook, or no header. Those
// errors are a *Problems too, with the row where reading stopped; any other
// error comes from r. Blank lines and rows of empty cells are skipped, in
// every format but JSON.
func Parse(r io.Reader, format Format) (*Table, error) {
	switch format {
	case CSV:
		return parseCSV(r)
	case JSON:
		return parseJSON(r)
	case XLSX:
		return parseXLSX(r)
	}
	return nil, fmt.Errorf("lab: unknown results format %q", format)
}

func parseCSV(r io.Reader) (*Table, error) {
	cr := csv.NewReader(skipBOM(r))
	// A record with the wrong number of fields is a problem of that row,
	// which Check reports with the others, not the end of reading.
	cr.FieldsPerRecord = -1
	t := &Table{Format: CSV}
	for {
		record, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		for _, cell := range record {
			if !utf8.ValidString(cell) {
				// Excel on a Chinese Windows saves CSV in GBK: refuse it
				// rather than store garbled names.
				return nil, fileProblem(line, "the file is not UTF-8 text: save it as \"CSV UTF-8\"")
			}
		}
		switch {
		case isBlank(record):
		case t.Columns == nil:
			t.Columns = header(record, line)
		default:
			t.Rows = append(t.Rows, Row{Number: line, Cells: record})
		}
	}
	if t.Columns == nil {
		return nil, fileProblem(1, "the file is empty: a header row is required")
	}
	return t, nil
}

func csvError(err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("lab: reading CSV: %w", err)
	}
	reason := fmt.Sprintf("malformed CSV at line %d, character %d: %v", pe.Line, pe.Column, pe.Err)
	if errors.Is(pe.Err, csv.ErrBareQuote) || errors.Is(pe.Err, csv.ErrQuote) {
		reason += ` (a field with a quote must be quoted whole, with the quote doubled: "say ""ND""")`
	}
	return fileProblem(pe.StartLine, "%s", reason)
}

// skipBOM drops the byte order mark that Windows tools put before UTF-8.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(len(utf8BOM)); err == nil && bytes.Equal(b, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
	}
	return br
}

// header turns the header row of a CSV file or sheet into columns.
func header(names []string, row int) []Column {
	cols := make([]Column, len(names))
	for i, name := range names {
		cols[i] = Column{Name: strings.TrimSpace(name), Row: row}
	}
	return cols
}

func isBlank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func parseJSON(r io.Reader) (*Table, error) {
	dec := json.NewDecoder(skipBOM(r))
	// Numbers keep their text, so that "value": 41.20 is reported as 41.20.
	dec.UseNumber()
	const shape = `expected a JSON object {"results": [...]}`
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fileProblem(1, "%s", shape)
	}
	var t *Table
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fileProblem(1, "malformed JSON: %v", err)
		}
		if tok != "results" {
			// Other keys are welcome (shared/FORMATS.md): skip them.
			var skipped json.RawMessage
			if err := dec.Decode(&skipped); err != nil {
				return nil, fileProblem(1, "malformed JSON: %v", err)
			}
			continue
		}
		if t != nil {
			return nil, fileProblem(1, `"results" is given twice`)
		}
		if t, err = jsonResults(dec); err != nil {
			return nil, err
		}
	}
	if t == nil {
		return nil, fileProblem(1, "%s: no \"results\"", shape)
	}
	// The closing brace, then nothing more.
	if _, err := dec.Token(); err != nil {
		return nil, fileProblem(len(t.Rows)+1, "malformed JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fileProblem(len(t.Rows)+1, "unexpected data after the results object")
	}
	return t, nil
}

// jsonResults reads the results array. A value that is not a string, a
// number or null is a problem of its result; all of them are listed.
func jsonResults(dec *json.Decoder) (*Table, error) {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return nil, fileProblem(1, `"results" must be an array`)
	}
	t := &Table{Format: JSON}
	index := make(map[string]int) // key -> column
	problems := newProblemList(DefaultMaxProblems)
	var result map[string]any // reused: halves the memory a JSON file costs
	n := 0                    // the result being read
	for dec.More() {
		n++
		clear(result)
		if err := dec.Decode(&result); err != nil {
			var typeErr *json.UnmarshalTypeError
			if !errors.As(err, &typeErr) {
				return nil, fileProblem(n, "malformed JSON: %v", err)
			}
			problems.addf(n, "", "a result must be a JSON object")
			continue
		}
		addKeys(t, index, result, n)
		cells := make([]string, len(t.Columns))
		for key, v := range result {
			switch v := v.(type) {
			case string:
				cells[index[key]] = v
			case json.Number:
				cells[index[key]] = v.String()
			case nil:
				// null: as if the key were absent
			default:
				problems.addf(n, key, "must be a string or a number")
			}
		}
		t.Rows = append(t.Rows, Row{Number: n, Cells: cells})
	}
	if _, err := dec.Token(); err != nil { // ']'
		return nil, fileProblem(n+1, "malformed JSON: %v", err)
	}
	if err := problems.err(); err != nil {
		return nil, err
	}
	return t, nil
}

// addKeys adds the result's keys not seen before as columns named on row n,
// in name order, so that the columns do not depend on map order.
func addKeys(t *Table, index map[string]int, result map[string]any, n int) {
	var fresh []string
	for key := range result {
		if _, ok := index[key]; !ok {
			fresh = append(fresh, key)
		}
	}
	slices.Sort(fresh)
	for _, key := range fresh {
		index[key] = len(t.Columns)
		t.Columns = append(t.Columns, Column{Name: key, Row: n})
	}
}
