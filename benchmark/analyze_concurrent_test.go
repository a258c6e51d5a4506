package benchmark_test

import (
	"encoding/json"
	"reflect"
	"runtime"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/gen"
)

// TestAnalyzeConcurrentlySameAsOneCore: a study large enough to be
// analysed with two cores gives the same profile, byte for byte, as with
// one (GOMAXPROCS 1 runs the single loops), and the same error when a
// replicate repeats in either half of the sample values.
func TestAnalyzeConcurrentlySameAsOneCore(t *testing.T) {
	d, results, err := gen.Study(gen.Options{Regions: 5, SamplesPerRegion: 100, Indicators: 9, Replicates: 5, NDShare: 0.1, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) < 20_000 {
		t.Fatalf("%d results: too few for the concurrent path", len(results))
	}
	analyze := func(procs int, results []benchmark.Result) ([]byte, error) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		p, err := benchmark.Analyze(d, results)
		if err != nil {
			return nil, err
		}
		return json.Marshal(p)
	}
	one, err := analyze(1, results)
	if err != nil {
		t.Fatal(err)
	}
	two, err := analyze(2, results)
	if err != nil {
		t.Fatal(err)
	}
	if string(one) != string(two) {
		t.Fatal("the profiles with one and two cores differ")
	}
	// A repeated replicate in the first and in the last indicator: both
	// paths name the first.
	bad := append([]benchmark.Result(nil), results...)
	first, last := bad[0], bad[len(bad)-1]
	bad = append(bad, last, first)
	_, errOne := analyze(1, bad)
	_, errTwo := analyze(2, bad)
	if errOne == nil || !reflect.DeepEqual(errOne, errTwo) {
		t.Fatalf("errors differ: one core %v, two %v", errOne, errTwo)
	}
}
