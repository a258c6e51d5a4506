package benchmark

import (
	"encoding/json"
	"errors"
	"os"
	"testing"
)

// FuzzDesign feeds arbitrary JSON to the design decoder, Validate and, for
// designs that pass, Analyze without results: none may panic, every refusal
// must name fields, and a valid design must survive a JSON round trip.
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
	f.Fuzz(func(t *testing.T, data []byte) {
		var d Design
		if json.Unmarshal(data, &d) != nil {
			return
		}
		err := d.Validate()
		var verr *ValidationError
		switch {
		case err == nil:
			if _, err := Analyze(&d, nil); err != nil {
				t.Fatalf("Analyze of a valid design without results: %v", err)
			}
			back, err := json.Marshal(&d)
			if err != nil {
				t.Fatal(err)
			}
			var again Design
			if err := json.Unmarshal(back, &again); err != nil || again.Validate() != nil {
				t.Fatalf("a valid design does not survive a round trip: %v", err)
			}
		case errors.As(err, &verr):
			for _, p := range verr.Problems {
				if p.Field == "" || p.Reason == "" {
					t.Fatalf("problem without field or reason: %+v", p)
				}
			}
		default:
			t.Fatalf("Validate() = %T %v, want *ValidationError", err, err)
		}
	})
}
