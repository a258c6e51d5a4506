package benchmark

import (
	"encoding/json"
	"errors"
	"os"
	"testing"
)

// FuzzDesign feeds arbitrary bytes to ParseDesign and, for designs that
// pass, Analyze without results: none may panic, every refusal is a format
// or a validation error naming fields, and a valid design's document parses
// to itself.
func FuzzDesign(f *testing.F) {
	b, err := json.Marshal(validDesign())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	if demo, err := os.ReadFile("../examples/green-tea/design.json"); err == nil {
		f.Add(demo)
	}
	f.Add([]byte(`{"code":"X","regions":[{"code":"A"},{"code":"A"}],"indicators":[{"direction":"range","target_min":3,"target_max":1}]}`))
	f.Add([]byte(`{"settings":{"alpha":-1,"correction":"x"},"lab":null,"samples":[{"code":""}]}`))
	// Revision 2: claims, signed limits, the sampling record, programme
	// fields, numbers float64 cannot hold.
	f.Add([]byte(`{"code":"S","title":"t","product":"p","focal_region":"A","programme":"P","round":"2017","predecessor":"S0",` +
		`"regions":[{"code":"A","name":"a"},{"code":"B","name":"b"}],"lab":{"code":"L","name":"l"},` +
		`"indicators":[{"code":"se","name":"硒","unit":"mg/kg","method":"m","direction":"higher","lod":0.01,` +
		`"claim":{"label":"富硒","min":0.25,"max":null,"standard":"GH/T 1090-2014"},"standard":"GB 2762"},` +
		`{"code":"dev","name":"偏差","unit":"%","method":"m","direction":"range","target_min":-4,"target_max":-1e-400}],` +
		`"samples":[{"code":"A1","region":"A","brand":"b","batch":"1","produced_on":"2016-02-30","sampled_at":"x"}]}`))
	f.Add([]byte(`{"indicators":[{"claim":{"min":1e999,"lable":"x"}}],"round":2017}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseDesign(data)
		var verr *ValidationError
		var ferr *FormatError
		switch {
		case err == nil:
			if _, err := Analyze(d, nil); err != nil {
				t.Fatalf("Analyze of a valid design without results: %v", err)
			}
			again, err := ParseDesign(d.Document)
			if err != nil || string(again.Document) != string(d.Document) {
				t.Fatalf("a valid design's document does not parse to itself: %v", err)
			}
		case errors.As(err, &ferr):
		case errors.As(err, &verr):
			for _, p := range verr.Problems {
				if p.Field == "" || p.Reason == "" {
					t.Fatalf("problem without field or reason: %+v", p)
				}
			}
		default:
			t.Fatalf("ParseDesign() = %T %v, want a ValidationError or a FormatError", err, err)
		}
	})
}
