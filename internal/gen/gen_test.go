package gen_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/gen"
	"github.com/qbench/qbench/lab"
)

func study(t *testing.T, o gen.Options) (*benchmark.Design, []benchmark.Result, []byte) {
	t.Helper()
	d, results, err := gen.Study(o)
	if err != nil {
		t.Fatal(err)
	}
	var csv bytes.Buffer
	if err := gen.WriteCSV(&csv, results); err != nil {
		t.Fatal(err)
	}
	return d, results, csv.Bytes()
}

func digest(t *testing.T, d *benchmark.Design, csv []byte) string {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", sha256.Sum256(append(b, csv...)))
}

func TestStudyIsDeterministicBySeed(t *testing.T) {
	o := gen.Options{Regions: 4, SamplesPerRegion: 7, Indicators: 9, Replicates: 2, NDShare: 0.2, Seed: 42}
	d1, _, csv1 := study(t, o)
	d2, _, csv2 := study(t, o)
	if digest(t, d1, csv1) != digest(t, d2, csv2) {
		t.Error("the same options gave different studies")
	}
	o.Seed = 43
	d3, _, csv3 := study(t, o)
	if digest(t, d1, csv1) == digest(t, d3, csv3) {
		t.Error("another seed gave the same study")
	}
}

// TestStudyPassesCheckAndAnalyze: the design validates, the CSV file reads
// back through lab.Parse and lab.Check as exactly the generated results,
// and Analyze finds both advantages and shortfalls.
func TestStudyPassesCheckAndAnalyze(t *testing.T) {
	for _, o := range []gen.Options{
		{Regions: 2, SamplesPerRegion: 1, Indicators: 1, Replicates: 1},
		{Regions: 5, SamplesPerRegion: 12, Indicators: 14, Replicates: 3, NDShare: 0.25, Seed: 7, Code: "SYN-7"},
		{Regions: 3, SamplesPerRegion: 4, Indicators: 6, Replicates: 2, NDShare: 1, Seed: 1},
	} {
		t.Run(fmt.Sprintf("%dx%dx%dx%d-%v", o.Regions, o.SamplesPerRegion, o.Indicators, o.Replicates, o.NDShare), func(t *testing.T) {
			d, results, csv := study(t, o)
			if err := d.Validate(); err != nil {
				t.Fatal(err)
			}
			if len(results) != o.Rows() {
				t.Fatalf("%d results, want %d", len(results), o.Rows())
			}
			table, err := lab.Parse(bytes.NewReader(csv), lab.CSV)
			if err != nil {
				t.Fatal(err)
			}
			checked, err := lab.Check(d, table, lab.CheckOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(results, checked); diff != "" {
				t.Fatalf("results read back from the CSV differ (-generated +read):\n%s", diff)
			}
			p, err := benchmark.Analyze(d, results)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Indicators) != o.Indicators || len(p.Composite) != o.Regions {
				t.Errorf("profile of %d indicators and %d regions", len(p.Indicators), len(p.Composite))
			}
			nd := 0
			for _, r := range results {
				if r.NonDetect {
					nd++
				}
			}
			if share := float64(nd) / float64(len(results)); share < o.NDShare-0.1 || share > o.NDShare+0.1 {
				t.Errorf("share of non-detects %.2f, asked for %.2f", share, o.NDShare)
			}
		})
	}
}

func TestStudyShowsAdvantagesAndShortfalls(t *testing.T) {
	d, results, _ := study(t, gen.Options{Regions: 4, SamplesPerRegion: 20, Indicators: 12, Replicates: 2, NDShare: 0.1, Seed: 3})
	p, err := benchmark.Analyze(d, results)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Advantages) == 0 || len(p.Shortfalls) == 0 {
		t.Errorf("%d advantages, %d shortfalls: want both", len(p.Advantages), len(p.Shortfalls))
	}
}

func TestOptionsRefused(t *testing.T) {
	for _, o := range []gen.Options{
		{Regions: 1, SamplesPerRegion: 1, Indicators: 1, Replicates: 1},
		{Regions: 2, SamplesPerRegion: 0, Indicators: 1, Replicates: 1},
		{Regions: 2, SamplesPerRegion: 1, Indicators: 0, Replicates: 1},
		{Regions: 2, SamplesPerRegion: 1, Indicators: 1, Replicates: 0},
		{Regions: 2, SamplesPerRegion: 1, Indicators: 1, Replicates: 1, NDShare: 1.5},
	} {
		if _, _, err := gen.Study(o); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}
