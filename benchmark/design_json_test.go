package benchmark

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestDesignJSONFollowsChangedFields: a design read from a document serves
// that document byte for byte, until a field changes; then the document
// says what the design says, extra fields kept.
func TestDesignJSONFollowsChangedFields(t *testing.T) {
	src := validDesignJSON(t)
	var m map[string]any
	if err := json.Unmarshal(src, &m); err != nil {
		t.Fatal(err)
	}
	m["x_bureau_note"] = "keep me"
	src, _ = json.Marshal(m)
	d, err := ParseDesign(src)
	if err != nil {
		t.Fatal(err)
	}
	out, err := d.JSON()
	if err != nil || string(out) != string(d.Document) {
		t.Fatalf("unchanged design: %v, document changed", err)
	}
	d.Title = "改过的标题"
	d.Settings = nil
	out, err = d.JSON()
	if err != nil {
		t.Fatal(err)
	}
	again, err := ParseDesign(out)
	if err != nil {
		t.Fatalf("changed design's document does not parse: %v\n%s", err, out)
	}
	if again.Title != "改过的标题" || again.Settings != nil || !strings.Contains(string(out), `"x_bureau_note":"keep me"`) {
		t.Errorf("document after the change: %s", out)
	}
	if again.Code != d.Code || len(again.Samples) != len(d.Samples) {
		t.Errorf("document lost fields: %s", out)
	}
}

// validDesignJSON is a valid design document with settings.
func validDesignJSON(t *testing.T) []byte {
	t.Helper()
	return []byte(`{"code":"DJ-1","title":"标题","product":"绿茶","focal_region":"BZ",
"regions":[{"code":"BZ","name":"巴中"},{"code":"YA","name":"雅安"}],
"lab":{"code":"SCTQ","name":"四川省茶叶质检站"},
"settings":{"alpha":0.05},
"indicators":[{"code":"water_extract","name":"水浸出物","unit":"%","direction":"higher","method":"GB/T 8305-2013"}],
"samples":[{"code":"BZ-01","region":"BZ"},{"code":"BZ-02","region":"BZ"},{"code":"BZ-03","region":"BZ"},
{"code":"YA-01","region":"YA"},{"code":"YA-02","region":"YA"},{"code":"YA-03","region":"YA"}]}`)
}

// The byte scan that spares the token walk must see every number the walk
// sees, and nothing inside strings.
func TestHasOutOfRangeNumber(t *testing.T) {
	for doc, want := range map[string]bool{
		`{"a": 1, "b": [2.5, -3e10, 0]}`:             false,
		`{"a": 1e999}`:                               true,
		`{"a": [1, {"b": -1e-400}]}`:                 true,
		`{"a": 1e-310}`:                              true,
		`{"a": 0e-999, "b": -0.0}`:                   false,
		`{"a": "1e999", "b\"1e999": "\\"}`:           false,
		`{"a": "x\\", "b": 1E+999}`:                  true,
		`{"1e999": true, "n": null, "f": false}`:     false,
		`{"t": "他说\"1e999\"", "v": 123456789012345}`: false,
	} {
		if got := hasOutOfRangeNumber([]byte(doc)); got != want {
			t.Errorf("hasOutOfRangeNumber(%s) = %v, want %v", doc, got, want)
		}
		if got := len(outOfRangeNumbers([]byte(doc))) > 0; got != want {
			t.Errorf("outOfRangeNumbers(%s) found %v, want %v", doc, got, want)
		}
	}
}
