package lab

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/qbench/qbench/benchmark"
)

// WriteCSV writes results in the upload format, header first, sorted by
// sample, indicator and replicate, with every text cell that a spreadsheet
// would run as a formula behind an apostrophe (formula.go). What Check
// accepted, Parse and Check read back as the same results.
func WriteCSV(w io.Writer, results []benchmark.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(columnNames[:]); err != nil {
		return err
	}
	record := make([]string, numColumns)
	for _, r := range sorted(results) {
		record[colSample] = r.Sample
		record[colIndicator] = r.Indicator
		record[colValue] = r.Reported
		record[colUnit] = r.Unit
		record[colMethod] = r.Method
		record[colLab] = r.Lab
		record[colLOD] = formatLOD(r.LOD)
		record[colReplicate] = strconv.Itoa(r.Replicate)
		record[colTestedOn] = r.TestedOn
		record[colAnalyst] = r.Analyst
		for i, cell := range record {
			record[i] = neutralise(cell) // see formula.go
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// formatLOD writes a limit of detection in the shortest decimal form that
// reads back as the same number, without an exponent.
func formatLOD(lod *float64) string {
	if lod == nil {
		return ""
	}
	return strconv.FormatFloat(*lod, 'f', -1, 64)
}

// WriteJSON writes results as {"results": [...]} with the keys of the upload
// format, value as the reported text, sorted like WriteCSV.
func WriteJSON(w io.Writer, results []benchmark.Result) error {
	// benchmark.Result's JSON form is already the upload format's.
	doc := struct {
		Results []*benchmark.Result `json:"results"`
	}{sorted(results)}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // "<0.005", not "\u003c0.005": people read these files
	return enc.Encode(doc)
}

// sorted returns pointers to the results in export order, leaving the
// caller's slice as it is.
func sorted(results []benchmark.Result) []*benchmark.Result {
	out := make([]*benchmark.Result, len(results))
	for i := range results {
		out[i] = &results[i]
	}
	slices.SortStableFunc(out, func(a, b *benchmark.Result) int {
		return cmp.Or(
			strings.Compare(a.Sample, b.Sample),
			strings.Compare(a.Indicator, b.Indicator),
			cmp.Compare(a.Replicate, b.Replicate),
		)
	})
	return out
}
