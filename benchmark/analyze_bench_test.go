package benchmark_test

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/qbench/qbench/benchmark"
)

// syntheticStudy makes a study of the given size: samples spread evenly
// over the regions, indicators cycling through the directions, every fifth
// a residue that is mostly not detected, one result in ten with a second
// replicate.
func syntheticStudy(indicators, samples, regions int) (*benchmark.Design, []benchmark.Result) {
	rng := rand.New(rand.NewPCG(uint64(indicators), uint64(samples)))
	d := &benchmark.Design{
		Code: "SYN", Title: "synthetic", Product: "tea", FocalRegion: "R0",
		Lab: &benchmark.Lab{Code: "LAB", Name: "lab"},
	}
	for r := range regions {
		code := "R" + strconv.Itoa(r)
		d.Regions = append(d.Regions, benchmark.Region{Code: code, Name: code})
	}
	directions := []string{benchmark.DirectionHigher, benchmark.DirectionLower, benchmark.DirectionRange, benchmark.DirectionNone}
	lod, limit, lo, hi := 0.01, 12.0, 9.0, 11.0
	for i := range indicators {
		ind := benchmark.Indicator{
			Code: fmt.Sprintf("i%03d", i), Name: "i", Unit: "%", Method: "M", Direction: directions[i%len(directions)],
		}
		switch {
		case i%5 == 4:
			ind.Direction, ind.LOD, ind.LimitMax = benchmark.DirectionLower, &lod, &limit
		case ind.Direction == benchmark.DirectionRange:
			ind.TargetMin, ind.TargetMax = &lo, &hi
		}
		d.Indicators = append(d.Indicators, ind)
	}
	for s := range samples {
		d.Samples = append(d.Samples, benchmark.Sample{Code: fmt.Sprintf("S%05d", s), Region: d.Regions[s%regions].Code})
	}
	var results []benchmark.Result
	for i, ind := range d.Indicators {
		for s, smp := range d.Samples {
			replicates := 1 + rng.IntN(10)/9
			for rep := 1; rep <= replicates; rep++ {
				r := benchmark.Result{Sample: smp.Code, Indicator: ind.Code, Replicate: rep}
				if ind.LOD != nil && rng.IntN(10) < 7 {
					r.Reported, r.NonDetect = "ND", true
				} else {
					v := float64(int((10+0.2*float64(s%regions*(i%3))+rng.NormFloat64())*100)) / 100
					r.Reported, r.Value = strconv.FormatFloat(v, 'f', 2, 64), &v
				}
				results = append(results, r)
			}
		}
	}
	return d, results
}

func TestAnalyzeSyntheticStudy(t *testing.T) {
	t.Parallel()
	d, results := syntheticStudy(40, 600, 4)
	p, err := benchmark.Analyze(d, results)
	if err != nil {
		t.Fatal(err)
	}
	checkNoNaN(t, p)
	if len(p.Indicators) != 40 || len(p.Composite) != 4 || p.Indicators[0].Pooled.N != 450 {
		t.Errorf("profile of %d indicators, %d regions, pooled n %d", len(p.Indicators), len(p.Composite), p.Indicators[0].Pooled.N)
	}
}

func benchmarkAnalyze(b *testing.B, indicators, samples, regions int) {
	d, results := syntheticStudy(indicators, samples, regions)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := benchmark.Analyze(d, results); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAnalyze_20x30(b *testing.B)    { benchmarkAnalyze(b, 20, 30, 3) }
func BenchmarkAnalyze_100x5000(b *testing.B) { benchmarkAnalyze(b, 100, 5000, 5) }
