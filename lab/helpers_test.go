package lab_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/lab"
)

// header is the upload format's header, in WriteCSV's order.
const header = "sample,indicator,value,unit,method,lab,lod,replicate,tested_on,analyst"

// Rows of the test design that pass Check, one per indicator kind.
const (
	waterRow      = "BZ-01,water_extract,41.2,%,GB/T 8305-2013,SCTQ,,1,2016-06-01,Li"
	bifenthrinRow = "BZ-01,bifenthrin,ND,mg/kg,GB 23200.113-2018,SCTQ,,1,2016-06-02,Wang"
	alkalinityRow = "YA-01,alkalinity,2.15,%,GB/T 8309-2013,SCTQ,,1,2016-06-03,Zhao"
)

// testDesign is a small study: three regions, three indicators (one with a
// limit of detection) and two samples per region.
func testDesign() *benchmark.Design {
	d := &benchmark.Design{
		Code:        "BZ-GT-2016",
		Title:       "巴中绿茶质量比对",
		Product:     "绿茶",
		FocalRegion: "BZ",
		Regions: []benchmark.Region{
			{Code: "BZ", Name: "巴中"}, {Code: "YA", Name: "雅安"}, {Code: "MS", Name: "眉山"},
		},
		Lab: &benchmark.Lab{Code: "SCTQ", Name: "四川省茶叶质检站"},
		Indicators: []benchmark.Indicator{
			{Code: "water_extract", Name: "水浸出物", Unit: "%", Direction: benchmark.DirectionHigher, Method: "GB/T 8305-2013"},
			{Code: "bifenthrin", Name: "联苯菊酯", Unit: "mg/kg", Direction: benchmark.DirectionLower, Method: "GB 23200.113-2018", LOD: new(0.005)},
			{Code: "alkalinity", Name: "水溶性灰分碱度", Unit: "%", Direction: benchmark.DirectionRange, Method: "GB/T 8309-2013"},
		},
	}
	for _, region := range []string{"BZ", "YA", "MS"} {
		for i := 1; i <= 2; i++ {
			d.Samples = append(d.Samples, benchmark.Sample{
				Code:       fmt.Sprintf("%s-%02d", region, i),
				Region:     region,
				Enterprise: fmt.Sprintf("%s茶业有限公司%d", region, i),
			})
		}
	}
	return d
}

// csvFile joins a header and rows into a CSV file.
func csvFile(lines ...string) string { return strings.Join(lines, "\n") + "\n" }

func mustParse(t testing.TB, format lab.Format, data string) *lab.Table {
	t.Helper()
	table, err := lab.Parse(strings.NewReader(data), format)
	if err != nil {
		t.Fatalf("Parse(%s): %v", format, err)
	}
	return table
}

// mustCheck parses and checks a file that must be accepted.
func mustCheck(t testing.TB, format lab.Format, data string) []benchmark.Result {
	t.Helper()
	results, err := lab.Check(testDesign(), mustParse(t, format, data), lab.CheckOptions{})
	if err != nil {
		t.Fatalf("Check(%s): %v", format, err)
	}
	return results
}

// problemsOf returns err as *lab.Problems, failing the test if it is not.
func problemsOf(t testing.TB, err error) *lab.Problems {
	t.Helper()
	var p *lab.Problems
	if !errors.As(err, &p) {
		t.Fatalf("error %v (%T) is not a *lab.Problems", err, err)
	}
	return p
}

// wantProblem is an expected problem: row and column exactly, a part of
// the reason.
type wantProblem struct {
	row    int
	column string
	reason string
}

func assertProblems(t testing.TB, err error, want ...wantProblem) {
	t.Helper()
	p := problemsOf(t, err)
	if len(p.Errors) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(p.Errors), len(want), listProblems(p))
	}
	for i, w := range want {
		g := p.Errors[i]
		if g.Row != w.row || g.Column != w.column || !strings.Contains(g.Reason, w.reason) {
			t.Errorf("problem %d = %v, want row %d, column %q, reason containing %q", i, g, w.row, w.column, w.reason)
		}
	}
}

func listProblems(p *lab.Problems) string {
	var b strings.Builder
	for _, e := range p.Errors {
		b.WriteString("\t" + e.String() + "\n")
	}
	return b.String()
}

// sortedResults returns the results in export order.
func sortedResults(results []benchmark.Result) []benchmark.Result {
	out := slices.Clone(results)
	slices.SortFunc(out, func(a, b benchmark.Result) int {
		if c := strings.Compare(a.Sample, b.Sample); c != 0 {
			return c
		}
		if c := strings.Compare(a.Indicator, b.Indicator); c != 0 {
			return c
		}
		return a.Replicate - b.Replicate
	})
	return out
}

// assertSameResults compares results (pointers by what they point to) in
// any order.
func assertSameResults(t testing.TB, got, want []benchmark.Result) {
	t.Helper()
	got, want = sortedResults(got), sortedResults(want)
	if len(got) != len(want) {
		t.Fatalf("got %d results, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("result %d:\n got  %s\n want %s", i, describe(got[i]), describe(want[i]))
		}
	}
}

func describe(r benchmark.Result) string {
	deref := func(p *float64) string {
		if p == nil {
			return "nil"
		}
		return fmt.Sprint(*p)
	}
	return fmt.Sprintf("%+v value=%s lod=%s", r, deref(r.Value), deref(r.LOD))
}
