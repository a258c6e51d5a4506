package lab

import (
	"slices"
	"strconv"
	"strings"

	"github.com/qbench/qbench/benchmark"
)

// The wide layout (docs/formats.md, revision 2) is how labs keep results
// in a spreadsheet: one row per sample, one column per indicator. The
// header has a sample column (sample or 样品编号), optionally replicate,
// tested_on and analyst (or 平行样, 检测日期, 检测人), and a column per
// indicator named by its code, its name or its English name, optionally
// with its unit in brackets ("水分(%)", "水分 [%]", checked against the
// design) and a replicate ("水分#2"). A cell is a value as in the long
// layout (a number, ND, N.D., 未检出, <x); an empty cell is a result not
// given. Unit, method and lab are the design's, and the limit of detection
// the indicator's unless a cell says <x. A replicate is the column's #k
// when it has one, else the row's replicate cell, else 1.
//
// The layout is recognised from the header: a header without an
// indicator column but with a sample column and a column that names an
// indicator is wide.

// wideColumn is an indicator column of a wide table.
type wideColumn struct {
	index     int // in the table
	indicator int // in the design
	replicate int // the column's #k, 0 when the row's replicate holds
}

// headerIssue is a problem of a wide header's column, reported by
// checkHeader.
type headerIssue struct {
	index int
	key   string
	args  []any
}

// isWide reports whether a header is of the wide layout.
func (c *checker) isWide(cols []Column) bool {
	if c.format == JSON {
		return false
	}
	sample := false
	for _, col := range cols {
		switch k, ok := lookupColumn(col.Name); {
		case ok && (k == colIndicator || k == colValue):
			return false
		case ok && k == colSample:
			sample = true
		}
	}
	if !sample {
		return false
	}
	for _, col := range cols {
		if _, ok := lookupColumn(col.Name); !ok && col.Name != "" {
			if ind, _, _, _ := c.indicatorColumn(col.Name); ind >= 0 {
				return true
			}
		}
	}
	return false
}

// wideHeader lays out a wide header: the row-level columns in c.layout,
// the indicator columns in c.wideCols, and the problems of the others.
func (c *checker) wideHeader(cols []Column) {
	type key struct{ indicator, replicate int }
	first := map[key]int{}
	for i, col := range cols {
		if col.Name == "" {
			continue
		}
		if k, ok := lookupColumn(col.Name); ok {
			switch {
			case k != colSample && k != colReplicate && k != colTestedOn && k != colAnalyst:
				// unit, method, lab, lod: the design's in this layout
				c.issues = append(c.issues, headerIssue{i, "lab.wide.design_column", nil})
			case c.layout[k] >= 0:
				c.issues = append(c.issues, headerIssue{i, "lab.column.repeated", []any{c.columnLabel(c.layout[k])}})
			default:
				c.layout[k] = i
			}
			continue
		}
		ind, replicate, unit, ok := c.indicatorColumn(col.Name)
		switch {
		case ind < 0:
			c.issues = append(c.issues, headerIssue{i, "lab.wide.unknown", nil})
			continue
		case !ok:
			c.issues = append(c.issues, headerIssue{i, "lab.wide.unit", []any{unit, c.design.Indicators[ind].Code, c.design.Indicators[ind].Unit}})
			continue
		}
		k := key{ind, replicate}
		if j, dup := first[k]; dup {
			c.issues = append(c.issues, headerIssue{i, "lab.column.repeated", []any{c.columnLabel(j)}})
			continue
		}
		first[k] = i
		c.wideCols = append(c.wideCols, wideColumn{index: i, indicator: ind, replicate: replicate})
	}
	// #1 and a plain column name the same replicate when the row has no
	// replicate cell; with one, a plain column follows the row.
	if c.layout[colReplicate] < 0 {
		kept := c.wideCols[:0]
		for _, w := range c.wideCols {
			if j, dup := first[key{w.indicator, 0}]; dup && w.replicate == 1 {
				c.issues = append(c.issues, headerIssue{w.index, "lab.column.repeated", []any{c.columnLabel(j)}})
				continue
			}
			kept = append(kept, w)
		}
		c.wideCols = kept
	}
	slices.SortStableFunc(c.issues, func(a, b headerIssue) int { return a.index - b.index })
}

// indicatorColumn reads a wide header cell: the indicator it names (-1:
// none), its #k replicate (0: none), the unit in brackets, and whether
// that unit, when given, is the indicator's.
func (c *checker) indicatorColumn(name string) (ind, replicate int, unit string, ok bool) {
	name = halfWidth(strings.TrimSpace(name))
	if i := strings.LastIndexByte(name, '#'); i > 0 {
		if k, err := strconv.Atoi(strings.TrimSpace(name[i+1:])); err == nil && k >= 1 {
			name, replicate = strings.TrimSpace(name[:i]), k
		}
	}
	if ind = c.indicatorNamed(name); ind >= 0 {
		return ind, replicate, "", true
	}
	for _, br := range [][2]byte{{'(', ')'}, {'[', ']'}} {
		open := strings.LastIndexByte(name, br[0])
		if open <= 0 || !strings.HasSuffix(name, string(br[1])) {
			continue
		}
		unit = strings.TrimSpace(name[open+1 : len(name)-1])
		if ind = c.indicatorNamed(strings.TrimSpace(name[:open])); ind >= 0 {
			return ind, replicate, unit, unit == c.design.Indicators[ind].Unit
		}
	}
	return -1, 0, "", false
}

// indicatorNamed finds an indicator by code, name or English name (the
// last in any case).
func (c *checker) indicatorNamed(name string) int {
	if i, ok := c.indicators[name]; ok {
		return i
	}
	for i := range c.design.Indicators {
		ind := &c.design.Indicators[i]
		if (ind.Name != "" && halfWidth(ind.Name) == name) || (ind.NameEn != "" && strings.EqualFold(ind.NameEn, name)) {
			return i
		}
	}
	return -1
}

// checkWideRow checks a row of the wide layout and keeps a result for each
// filled indicator cell.
func (c *checker) checkWideRow(r *Row) {
	before := c.problems.count()
	if c.format == CSV && len(r.Cells) != len(c.columns) {
		c.problems.add(r.Number, "", "lab.row.fields", len(r.Cells), len(c.columns))
		return
	}
	c.controls(r)
	filled := false
	for _, w := range c.wideCols {
		if w.index < len(r.Cells) && strings.TrimSpace(r.Cells[w.index]) != "" {
			filled = true
			break
		}
	}
	if !filled {
		return // a sample whose results are not given (yet)
	}
	sample, sampleIndex := c.sample(r)
	rowReplicate := c.replicate(r)
	testedOn := c.testedOn(r)
	analyst := c.analyst(r)
	c.rowResults = c.rowResults[:0]
	for _, w := range c.wideCols {
		if w.index >= len(r.Cells) {
			continue
		}
		text := halfWidth(strings.TrimSpace(r.Cells[w.index]))
		if text == "" {
			continue
		}
		ind := &c.design.Indicators[w.indicator]
		res := benchmark.Result{Sample: sample, Indicator: ind.Code, Unit: ind.Unit, Method: ind.Method,
			Lab: c.design.Lab.Code, Replicate: rowReplicate, TestedOn: testedOn, Analyst: analyst}
		if w.replicate > 0 {
			res.Replicate = w.replicate
		}
		c.valueAt(r, w.index, text, "", nil, ind, &res)
		if sampleIndex >= 0 && res.Replicate > 0 {
			c.unique(r, resultID{sampleIndex, w.indicator, res.Replicate})
		}
		c.rowResults = append(c.rowResults, res)
	}
	if c.problems.count() == before { // all or nothing, row by row too
		for _, res := range c.rowResults {
			c.results.add(res)
		}
	}
}
