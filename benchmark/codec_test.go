package benchmark

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParseDesignKeepsExtraFields checks that fields the format does not
// know are accepted and come back in the design's document.
func TestParseDesignKeepsExtraFields(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(mustMarshal(t, validDesign()), &doc); err != nil {
		t.Fatal(err)
	}
	doc["notes"] = "second round, 2017"
	doc["title_zh"] = "巴中绿茶"
	doc["indicators"].([]any)[0].(map[string]any)["lot"] = "A-17"
	doc["samples"].([]any)[0].(map[string]any)["price_yuan"] = 320.5
	in := mustMarshal(t, doc)
	d, err := ParseDesign(in)
	if err != nil {
		t.Fatalf("ParseDesign: %v", err)
	}
	var back map[string]any
	if err := json.Unmarshal(d.Document, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(doc, back); diff != "" {
		t.Errorf("document (-posted +kept):\n%s", diff)
	}
	if out, _ := d.JSON(); string(out) != string(d.Document) {
		t.Error("JSON() is not the document")
	}
}

func TestParseDesignRefusesMisspeltFields(t *testing.T) {
	in := strings.Replace(string(mustMarshal(t, validDesign())), `"limit_max":5`, `"limit_mx":5`, 1)
	in = strings.Replace(in, `"focal_region"`, `"focal_regoin"`, 1)
	_, err := ParseDesign([]byte(in))
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("ParseDesign = %v, want a ValidationError", err)
	}
	want := []FieldError{
		{Field: "focal_regoin", Reason: `unknown field "focal_regoin": did you mean "focal_region"? (its value would be ignored)`},
		{Field: "indicators[1].limit_mx", Reason: `unknown field "limit_mx": did you mean "limit_max"? (its value would be ignored)`},
		{Field: "focal_region", Reason: "is required"},
	}
	if diff := cmp.Diff(want, verr.Problems, ignoreMsg); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestParseDesignRefusesWhatIsNotADesign(t *testing.T) {
	for _, in := range []string{`{"code": "X",`, `[]`, `{"regions": "BZ"}`, `{"code": "X"} {"code": "Y"}`} {
		var ferr *FormatError
		if _, err := ParseDesign([]byte(in)); !errors.As(err, &ferr) {
			t.Errorf("ParseDesign(%s) = %v, want a FormatError", in, err)
		}
	}
}

func TestNearMiss(t *testing.T) {
	known := indicatorFields
	for key, want := range map[string]string{
		"limit_mx": "limit_max", "limt_min": "limit_min", "units": "unit", "diretcion": "direction",
		"Limit_Max": "", "unit": "", "lot": "", "notes": "", "title_zh": "", "weight_kg": "",
	} {
		if got := nearMiss(key, known); got != want {
			t.Errorf("nearMiss(%q) = %q, want %q", key, got, want)
		}
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
