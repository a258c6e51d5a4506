package benchmark_test

import (
	"encoding/json"
	"testing"

	"github.com/qbench/qbench/benchmark"
)

// designDoc is the JSON document of a synthetic design of the largest size
// the API takes in practice (100 indicators, 5,000 samples).
func designDoc(b *testing.B) (*benchmark.Design, []byte) {
	d, _ := syntheticStudy(100, 5000, 5)
	doc, err := json.Marshal(d)
	if err != nil {
		b.Fatal(err)
	}
	parsed, err := benchmark.ParseDesign(doc)
	if err != nil {
		b.Fatal(err)
	}
	return parsed, doc
}

// BenchmarkParseDesign_100x5000 measures ParseDesign with its record checks
// (duplicate and case-variant keys, stored text at every depth).
func BenchmarkParseDesign_100x5000(b *testing.B) {
	_, doc := designDoc(b)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := benchmark.ParseDesign(doc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPatchDesign_100x5000 measures a one-field merge patch of the same
// design: the byte-level merge and the parse of the result.
func BenchmarkPatchDesign_100x5000(b *testing.B) {
	d, doc := designDoc(b)
	patch := []byte(`{"title_en": "Patched"}`)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := benchmark.PatchDesign(d, patch); err != nil {
			b.Fatal(err)
		}
	}
}
