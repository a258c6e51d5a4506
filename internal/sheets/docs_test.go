package sheets

import (
	"os"
	"strings"
	"testing"
)

// TestDocsListEveryHeader keeps docs/workbooks.md true: every sheet name,
// header (both languages, aliases) and direction the reader knows is there.
func TestDocsListEveryHeader(t *testing.T) {
	data, err := os.ReadFile("../../docs/workbooks.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	for _, s := range append(designSheets, notesSheet) {
		for _, w := range []string{s.zh, s.en} {
			if !strings.Contains(doc, w) {
				t.Errorf("docs/workbooks.md lacks the sheet name %q", w)
			}
		}
		for _, f := range s.fields {
			words := append([]string{"| " + f.zh, "| " + f.path + " |"}, f.aliases...)
			for _, w := range words {
				if !strings.Contains(doc, w) {
					t.Errorf("docs/workbooks.md lacks %q (%s, sheet %s)", w, f.path, s.zh)
				}
			}
		}
	}
	for _, d := range directions {
		if !strings.Contains(doc, "| "+d.zh+" | "+d.code+" |") {
			t.Errorf("docs/workbooks.md lacks the direction %s / %s", d.zh, d.code)
		}
	}
}
