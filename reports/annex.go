package reports

import (
	"archive/zip"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/qbench/qbench/benchmark"
	"github.com/xuri/excelize/v2"
)

// The XLSX data annex: the raw results of a study (the same rows and
// columns as the CSV export of package lab) and the sample list with the
// sampling record, in one workbook stored beside the PDF. A large study's
// PDF refers to it by its SHA-256 instead of printing every result.

// AnnexResultColumns are the columns of the annex's results sheet: those
// of the results CSV export (lab.WriteCSV), in its order.
var AnnexResultColumns = []string{"sample", "indicator", "value", "unit", "method", "lab",
	"lod", "replicate", "tested_on", "analyst"}

// AnnexSampleColumns are the columns of the annex's samples sheet: the
// design's sample fields, the sampling record included.
var AnnexSampleColumns = []string{"code", "region", "enterprise", "grade", "brand", "batch",
	"produced_on", "sampled_at", "collected_on", "source"}

// Annex sheet names.
const (
	AnnexResultsSheet = "results"
	AnnexSamplesSheet = "samples"
)

// DataAnnexMediaType is the media type of the annex.
const DataAnnexMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// WriteDataAnnex writes the XLSX data annex of a study to w: a results
// sheet with every result as the lab reported it (sorted by sample,
// indicator and replicate, as the CSV export), and a samples sheet with
// the sample list and its sampling record. Values are written as text,
// exactly as reported ("<0.005", "ND"). The same input gives the same
// bytes.
func WriteDataAnnex(w io.Writer, d *benchmark.Design, results []benchmark.Result) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", AnnexResultsSheet); err != nil {
		return fmt.Errorf("data annex: %w", err)
	}
	if _, err := f.NewSheet(AnnexSamplesSheet); err != nil {
		return fmt.Errorf("data annex: %w", err)
	}
	if err := writeAnnexSheet(f, AnnexResultsSheet, AnnexResultColumns, len(results), resultRows(results)); err != nil {
		return err
	}
	samples := d.Samples
	if err := writeAnnexSheet(f, AnnexSamplesSheet, AnnexSampleColumns, len(samples), func(i int, row []any) {
		s := &samples[i]
		for k, v := range []string{s.Code, s.Region, s.Enterprise, s.Grade, s.Brand, s.Batch,
			s.ProducedOn, s.SampledAt, s.CollectedOn, s.Source} {
			row[k] = v
		}
	}); err != nil {
		return err
	}
	// Fixed document properties: excelize would otherwise stamp the
	// current time, and the same study must give the same bytes.
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "qbench", Title: d.Code,
		Created: "2000-01-01T00:00:00Z", Modified: "2000-01-01T00:00:00Z"}); err != nil {
		return fmt.Errorf("data annex: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return fmt.Errorf("data annex: write: %w", err)
	}
	return sortedZip(w, buf.Bytes())
}

// sortedZip copies a zip archive to w with its entries in name order and
// without timestamps: excelize writes its parts in map order, and the
// same study must give the same bytes. Entries are copied compressed as
// they are.
func sortedZip(w io.Writer, archive []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		return fmt.Errorf("data annex: reread: %w", err)
	}
	files := slices.Clone(zr.File)
	slices.SortFunc(files, func(a, b *zip.File) int { return strings.Compare(a.Name, b.Name) })
	zw := zip.NewWriter(w)
	for _, file := range files {
		h := file.FileHeader
		h.Modified = time.Time{}
		h.ModifiedDate, h.ModifiedTime = 0, 0
		h.Extra = nil
		raw, err := file.OpenRaw()
		if err != nil {
			return fmt.Errorf("data annex: %s: %w", file.Name, err)
		}
		out, err := zw.CreateRaw(&h)
		if err != nil {
			return fmt.Errorf("data annex: %s: %w", file.Name, err)
		}
		if _, err := io.Copy(out, raw); err != nil {
			return fmt.Errorf("data annex: %s: %w", file.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("data annex: %w", err)
	}
	return nil
}

// resultRows fills row i of the results sheet, results in export order.
func resultRows(results []benchmark.Result) func(int, []any) {
	order := make([]int, len(results))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ra, rb := &results[a], &results[b]
		return cmp.Or(strings.Compare(ra.Sample, rb.Sample), strings.Compare(ra.Indicator, rb.Indicator),
			cmp.Compare(ra.Replicate, rb.Replicate))
	})
	return func(i int, row []any) {
		r := &results[order[i]]
		lod := ""
		if r.LOD != nil {
			lod = strconv.FormatFloat(*r.LOD, 'f', -1, 64)
		}
		for k, v := range []string{r.Sample, r.Indicator, r.Reported, r.Unit, r.Method, r.Lab,
			lod, strconv.Itoa(r.Replicate), r.TestedOn, r.Analyst} {
			row[k] = v
		}
	}
}

// writeAnnexSheet streams a header and n rows into a sheet.
func writeAnnexSheet(f *excelize.File, sheet string, header []string, n int, fill func(int, []any)) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("data annex: %s: %w", sheet, err)
	}
	row := make([]any, len(header))
	for k, h := range header {
		row[k] = h
	}
	if err := sw.SetRow("A1", row); err != nil {
		return fmt.Errorf("data annex: %s: %w", sheet, err)
	}
	for i := range n {
		fill(i, row)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return fmt.Errorf("data annex: %s row %d: %w", sheet, i+2, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("data annex: %s: %w", sheet, err)
	}
	return nil
}
