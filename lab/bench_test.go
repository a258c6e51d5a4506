package lab_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/lab"
	"github.com/xuri/excelize/v2"
)

// bigStudy is a design of 1,000 samples and 10 indicators and a CSV file of
// their 100,000 results (10 replicates each), a third of them non-detects.
func bigStudy(tb testing.TB) (*benchmark.Design, []byte) {
	tb.Helper()
	d := &benchmark.Design{Code: "BIG", FocalRegion: "R0", Lab: &benchmark.Lab{Code: "SCTQ"}}
	for i := range 10 {
		d.Regions = append(d.Regions, benchmark.Region{Code: fmt.Sprintf("R%d", i)})
		d.Indicators = append(d.Indicators, benchmark.Indicator{
			Code: fmt.Sprintf("indicator_%d", i), Unit: "mg/kg", Method: fmt.Sprintf("GB 5009.%d-2016", i), LOD: new(0.01),
		})
	}
	for i := range 1000 {
		d.Samples = append(d.Samples, benchmark.Sample{Code: fmt.Sprintf("R%d-%03d", i%10, i), Region: fmt.Sprintf("R%d", i%10)})
	}
	var buf bytes.Buffer
	buf.WriteString(header + "\n")
	n := 0
	for _, s := range d.Samples {
		for _, ind := range d.Indicators {
			for replicate := 1; replicate <= 10; replicate++ {
				value := fmt.Sprintf("%d.%02d", n%97, n%100)
				if n%3 == 0 {
					value = "ND"
				}
				fmt.Fprintf(&buf, "%s,%s,%s,%s,%s,SCTQ,,%d,2016-06-%02d,Analyst %d\n",
					s.Code, ind.Code, value, ind.Unit, ind.Method, replicate, n%28+1, n%5)
				n++
			}
		}
	}
	return d, buf.Bytes()
}

func BenchmarkParseCSV100k(b *testing.B) {
	_, data := bigStudy(b)
	benchmarkParse(b, lab.CSV, data)
}

func BenchmarkCheck100k(b *testing.B) {
	d, data := bigStudy(b)
	table := mustParse(b, lab.CSV, string(data))
	b.ReportAllocs()
	for b.Loop() {
		results, err := lab.Check(d, table, lab.CheckOptions{})
		if err != nil || len(results) != 100_000 {
			b.Fatalf("%d results, %v", len(results), err)
		}
	}
}

// BenchmarkCheck100kAllWrong is a file wrong on every row (the wrong lab):
// the problem cap keeps it about as cheap as a good one.
func BenchmarkCheck100kAllWrong(b *testing.B) {
	d, data := bigStudy(b)
	table := mustParse(b, lab.CSV, string(data))
	d.Lab.Code = "OTHER"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := lab.Check(d, table, lab.CheckOptions{}); err == nil {
			b.Fatal("no problems")
		}
	}
}

func BenchmarkParseJSON100k(b *testing.B) {
	d, data := bigStudy(b)
	results, err := lab.Check(d, mustParse(b, lab.CSV, string(data)), lab.CheckOptions{})
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := lab.WriteJSON(&buf, results); err != nil {
		b.Fatal(err)
	}
	benchmarkParse(b, lab.JSON, buf.Bytes())
}

func BenchmarkParseXLSX100k(b *testing.B) {
	_, data := bigStudy(b)
	benchmarkParse(b, lab.XLSX, xlsxOf(b, data))
}

func benchmarkParse(b *testing.B, format lab.Format, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		table, err := lab.Parse(bytes.NewReader(data), format)
		if err != nil || len(table.Rows) != 100_000 {
			b.Fatalf("%v", err)
		}
	}
}

// BenchmarkRead100k is the server's intake of 100,000 results: parse and
// check in one pass (goal: under 60 ms).
func BenchmarkRead100k(b *testing.B) {
	d, data := bigStudy(b)
	benchmarkRead(b, d, lab.CSV, data)
}

func BenchmarkReadJSON100k(b *testing.B) {
	d, data := bigStudy(b)
	results, err := lab.Check(d, mustParse(b, lab.CSV, string(data)), lab.CheckOptions{})
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := lab.WriteJSON(&buf, results); err != nil {
		b.Fatal(err)
	}
	benchmarkRead(b, d, lab.JSON, buf.Bytes())
}

// BenchmarkReadXLSX100k reads 100,000 results from a workbook (issue 12
// item 8: measured per 100,000 rows).
func BenchmarkReadXLSX100k(b *testing.B) {
	d, data := bigStudy(b)
	benchmarkRead(b, d, lab.XLSX, xlsxOf(b, data))
}

func xlsxOf(b *testing.B, data []byte) []byte {
	records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	for i, record := range records {
		cells := make([]any, len(record))
		for j, cell := range record {
			cells[j] = cell
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", i+1), cells); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func benchmarkRead(b *testing.B, d *benchmark.Design, format lab.Format, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		results, err := lab.Read(bytes.NewReader(data), int64(len(data)), format, d, lab.CheckOptions{})
		if err != nil || len(results) != 100_000 {
			b.Fatalf("%d results, %v", len(results), err)
		}
	}
	// CPU time as well as wall time: on a shared machine the wall time
	// measures the neighbours too.
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
