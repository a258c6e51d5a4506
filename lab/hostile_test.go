package lab_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/qbench/qbench/internal/fixture"
	"github.com/qbench/qbench/lab"
)

// allocated returns the bytes allocated on the heap so far.
func allocated() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// TestHostileUploadsAreRefusedCheaply reads each hostile upload of issue 15
// and wants it refused with the limit it exceeds, in well under 5 s, having
// allocated (all told, not just at the peak) a small fraction of what the
// file would cost parsed — and no temporary file left behind.
func TestHostileUploadsAreRefusedCheaply(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a 1 GiB decompression bomb")
	}
	const gib = 1 << 30
	tests := []struct {
		name      string
		format    lab.Format
		data      func() []byte
		limit     string // "" : any refusal will do
		row       int
		column    string
		maxAllocs uint64
	}{
		{"XLSX bomb, 1 GiB of blanks declared", lab.XLSX, func() []byte { return fixture.XLSXBomb(gib, gib) }, lab.LimitXLSXBytes, 0, "", 1 << 20},
		{"XLSX bomb, 1 GiB of blanks, size lied about", lab.XLSX, func() []byte { return fixture.XLSXBomb(gib, 4096) }, "", 0, "", 8 << 20},
		{"XLSX bomb, 100 MiB of blanks declared", lab.XLSX, func() []byte { return fixture.XLSXBomb(100<<20, 100<<20) }, lab.LimitLineBytes, 0, "", 8 << 20},
		{"JSON, 40,000 rows of new keys", lab.JSON, func() []byte { return fixture.JSONNewKeys(40_000) }, lab.LimitJSONKeys, 101, "", 4 << 20},
		{"XLSX, 4,000 rows with a cell in XFD", lab.XLSX, func() []byte { return fixture.XLSXFarColumn(4000) }, lab.LimitColumns, 1, "XFD", 4 << 20},
		{"CSV, one 30 MB row", lab.CSV, func() []byte { return fixture.CSVLongRow(30_000_000) }, lab.LimitLineBytes, 2, "", 4 << 20},
	}
	tmpBefore := tempFiles(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data()
			if len(data) > 32<<20 {
				t.Fatalf("the file is %d bytes, more than an upload may be", len(data))
			}
			runtime.GC()
			before, start := allocated(), time.Now()
			_, err := lab.Read(bytes.NewReader(data), int64(len(data)), tt.format, testDesign(), lab.CheckOptions{})
			took, allocs := time.Since(start), allocated()-before
			t.Logf("%d bytes on the wire: refused in %v, %d KiB allocated: %v", len(data), took, allocs>>10, err)
			var le *lab.LimitError
			var p *lab.Problems
			switch {
			case err == nil:
				t.Fatal("accepted")
			case tt.limit == "" && (errors.As(err, &le) || errors.As(err, &p)):
			case !errors.As(err, &le):
				t.Fatalf("error %v (%T), want a *lab.LimitError", err, err)
			case le.Limit != tt.limit || le.Row != tt.row || le.Column != tt.column:
				t.Errorf("limit %s on row %d, column %q; want %s on row %d, column %q", le.Limit, le.Row, le.Column, tt.limit, tt.row, tt.column)
			case le.Msg.IsZero():
				t.Errorf("no catalogue message")
			}
			if took > 5*time.Second {
				t.Errorf("took %v", took)
			}
			if allocs > tt.maxAllocs {
				t.Errorf("allocated %d KiB, want at most %d KiB", allocs>>10, tt.maxAllocs>>10)
			}
		})
	}
	if after := tempFiles(t); after > tmpBefore {
		t.Errorf("%d temporary files left behind", after-tmpBefore)
	}
}

// tempFiles counts the files in the temporary directory whose names
// excelize's temporary files have.
func tempFiles(t *testing.T) int {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(os.TempDir(), "excelize-*"))
	if err != nil {
		t.Fatal(err)
	}
	return len(m)
}

// TestLimitsAreSettings checks that each limit can be lowered and names
// itself when it refuses.
func TestLimitsAreSettings(t *testing.T) {
	file := csvFile(header, waterRow, bifenthrinRow, alkalinityRow)
	tests := []struct {
		limits lab.Limits
		limit  string
		row    int
	}{
		{lab.Limits{MaxRows: 2}, lab.LimitRows, 4},
		{lab.Limits{MaxColumns: 5}, lab.LimitColumns, 1},
		{lab.Limits{MaxCellBytes: 10}, lab.LimitCellBytes, 2},
		{lab.Limits{MaxLineBytes: 40}, lab.LimitLineBytes, 1},
	}
	for _, tt := range tests {
		_, err := lab.Read(bytes.NewReader([]byte(file)), int64(len(file)), lab.CSV, testDesign(), lab.CheckOptions{Limits: tt.limits})
		var le *lab.LimitError
		if !errors.As(err, &le) || le.Limit != tt.limit || le.Row != tt.row {
			t.Errorf("%+v: %v, want %s on row %d", tt.limits, err, tt.limit, tt.row)
		}
	}
	if _, err := lab.Read(bytes.NewReader([]byte(file)), int64(len(file)), lab.CSV, testDesign(), lab.CheckOptions{Limits: lab.DefaultLimits()}); err != nil {
		t.Errorf("within the defaults: %v", err)
	}
}
