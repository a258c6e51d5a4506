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
