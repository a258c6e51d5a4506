package sheets

import (
	"archive/zip"
	"bytes"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

// readsAt is a file that records which byte ranges were read.
type readsAt struct {
	r     *bytes.Reader
	reads [][2]int64
}

func (r *readsAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := r.r.ReadAt(p, off)
	r.reads = append(r.reads, [2]int64{off, off + int64(n)})
	return n, err
}

// heapAllocated returns the bytes allocated on the heap so far.
func heapAllocated() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// TestDesignBombRefusedBeforeInflating: a design workbook whose sheet part
// declares 1 GiB is refused from the zip's central directory — not one
// byte of the part's compressed data is read — in little time and memory,
// whether its ratio or its size gives it away.
func TestDesignBombRefusedBeforeInflating(t *testing.T) {
	data := bomb(t, 1024) // 1 GiB of spaces, declared truthfully
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var start, end int64
	for _, zf := range zr.File {
		if zf.Name == "xl/worksheets/sheet1.xml" {
			off, err := zf.DataOffset()
			if err != nil {
				t.Fatal(err)
			}
			start, end = off, off+int64(zf.CompressedSize64)
		}
	}
	for _, tt := range []struct {
		limits Limits
		key    string
	}{
		{Limits{}, "sheets.bomb"},
		{Limits{MaxRatio: 1 << 20}, "sheets.too_large"},
	} {
		file := &readsAt{r: bytes.NewReader(data)}
		runtime.GC()
		before, began := heapAllocated(), time.Now()
		_, err := ReadDesignWorkbook(file, int64(len(data)), tt.limits)
		took, allocs := time.Since(began), heapAllocated()-before
		t.Logf("%d bytes on the wire: refused in %v, %d KiB allocated: %v", len(data), took, allocs>>10, err)
		p, ok := err.(*Problems)
		if !ok || len(p.List) != 1 || p.List[0].Reason.Key != tt.key {
			t.Fatalf("%+v: %v, want %s", tt.limits, err, tt.key)
		}
		for _, r := range file.reads {
			if r[0] < end && r[1] > start {
				t.Errorf("%+v: bytes %d–%d of the sheet's compressed data (%d–%d) were read", tt.limits, r[0], r[1], start, end)
			}
		}
		if took > time.Second || allocs > 1<<20 {
			t.Errorf("%+v: refusing took %v and %d KiB", tt.limits, took, allocs>>10)
		}
	}
}

// withSheetXML is the valid book with its first sheet (研究) replaced by
// the XML, stored, not deflated: long runs of one letter would pass for a
// zip bomb.
func withSheetXML(t *testing.T, sheet string) []byte {
	return withFirstSheet(t, &zip.FileHeader{Method: zip.Store}, false, []byte(sheet))
}

// TestCellLongerThanExcelWrites: a cell of 300 KiB (in runs, each short)
// and a run of XML as long are refused, placed where they are.
func TestCellLongerThanExcelWrites(t *testing.T) {
	run := `<r><t>` + string(bytes.Repeat([]byte("a"), 100<<10)) + `</t></r>`
	sheet := `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="1"><c r="A1" t="inlineStr"><is><t>项目</t></is></c></row>` +
		`<row r="3"><c r="C3" t="inlineStr"><is>` + run + run + run + `</is></c></row></sheetData></worksheet>`
	_, p := readBook(t, withSheetXML(t, sheet), Limits{})
	want := Problem{Sheet: "研究", Row: 3, Letter: "C"}
	if p == nil || p.List[0].Reason.Key != "sheets.cell_too_long" || p.List[0].Sheet != want.Sheet || p.List[0].Row != want.Row || p.List[0].Letter != want.Letter {
		t.Fatalf("problems = %v", p)
	}
	long := `<worksheet><sheetData><row r="1"><c><v>` + string(bytes.Repeat([]byte(" "), 300<<10)) + `</v></c></row></sheetData></worksheet>`
	_, p = readBook(t, withSheetXML(t, long), Limits{})
	if p == nil || p.List[0].Reason.Key != "sheets.cell_too_long" || p.List[0].Sheet != "研究" {
		t.Fatalf("problems = %v", p)
	}
}
