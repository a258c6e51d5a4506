package reports

import (
	"bytes"
	"crypto/sha256"
	"strings"
	"testing"
	"time"

	"github.com/qbench/qbench/lab"
	"github.com/xuri/excelize/v2"
)

// TestDataAnnex: the annex holds the CSV export's rows and columns and
// the sample list, reads back with excelize, and its bytes do not depend
// on the clock.
func TestDataAnnex(t *testing.T) {
	in := loadFixture(t, "small")
	var a bytes.Buffer
	if err := WriteDataAnnex(&a, in.Design, in.Results); err != nil {
		t.Fatal(err)
	}
	// Later, and several times (excelize writes its parts in map order):
	// no timestamp or order may change.
	time.Sleep(1100 * time.Millisecond)
	for range 5 {
		var b bytes.Buffer
		if err := WriteDataAnnex(&b, in.Design, in.Results); err != nil {
			t.Fatal(err)
		}
		if sha256.Sum256(a.Bytes()) != sha256.Sum256(b.Bytes()) {
			t.Fatal("the same study gives different annex bytes")
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(AnnexResultsSheet)
	if err != nil {
		t.Fatal(err)
	}
	var csv bytes.Buffer
	if err := lab.WriteCSV(&csv, in.Results); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(csv.String()), "\n")
	if len(rows) != len(lines) {
		t.Fatalf("annex has %d rows, the CSV export %d lines", len(rows), len(lines))
	}
	for i, line := range lines {
		row := rows[i]
		for len(row) < len(AnnexResultColumns) {
			row = append(row, "")
		}
		if got := strings.Join(row, ","); got != strings.TrimRight(line, "\r") {
			t.Fatalf("row %d = %q, CSV %q", i, got, line)
		}
	}
	samples, err := f.GetRows(AnnexSamplesSheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(samples) != len(in.Design.Samples)+1 || samples[1][0] != in.Design.Samples[0].Code {
		t.Errorf("samples sheet: %d rows", len(samples))
	}
}
