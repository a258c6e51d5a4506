package console

import (
	"html"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/qbench/qbench/internal/explain"
	"github.com/qbench/qbench/internal/explain/explaintest"
	"github.com/qbench/qbench/internal/i18n"
)

// TestFailRendersExplain: for one error of every class, the error page
// has explain's status, its lead sentence and a table line per problem,
// in both languages; the API's fail is held to the same explanations
// (internal/api), so both answer every class alike.
func TestFailRendersExplain(t *testing.T) {
	p, err := loadPages()
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{pages: p}
	for _, lang := range i18n.Langs {
		for _, cl := range explaintest.Classes() {
			t.Run(string(lang)+" "+cl.Name, func(t *testing.T) {
				w := httptest.NewRecorder()
				s.fail(w, httptest.NewRequest("GET", "/studies/BZ-GT-2016", nil), &call{lang: langChoice{lang: lang}}, cl.Err)
				want := explain.Of(cl.Err, i18n.For(lang))
				body := html.UnescapeString(w.Body.String())
				if w.Code != want.Status {
					t.Errorf("status %d, explain says %d", w.Code, want.Status)
				}
				if !strings.Contains(body, want.Lead) {
					t.Errorf("the page lacks the lead %q:\n%s", want.Lead, body)
				}
				if n := strings.Count(body, `<td class="num">`); n != len(want.Problems) {
					t.Errorf("%d lines in the problem table, explain has %d problems", n, len(want.Problems))
				}
				for _, pr := range want.Problems {
					if !strings.Contains(body, "<td>"+pr.Reason+"</td>") {
						t.Errorf("the page lacks the problem %q", pr.Reason)
					}
				}
			})
		}
	}
}

// TestProblemRows places each kind of problem as the table shows it.
func TestProblemRows(t *testing.T) {
	tests := []struct {
		e    explain.Explanation
		want []problemRow
	}{
		{explain.Explanation{Place: explain.ByField, Problems: []explain.Problem{{Field: "code", Reason: "r1"}, {Field: "title", Reason: "r2"}}},
			[]problemRow{{1, "code", "r1"}, {2, "title", "r2"}}},
		{explain.Explanation{Place: explain.ByRow, Problems: []explain.Problem{{Row: 7, Column: "value", Reason: "r"}, {Row: 9, Column: "茶多酚", Cell: "C9", Reason: "r"}, {Reason: "r"}}},
			[]problemRow{{7, "value", "r"}, {9, "茶多酚 C9", "r"}, {0, "", "r"}}},
		{explain.Explanation{Place: explain.BySheet, Problems: []explain.Problem{{Sheet: "指标", Row: 3, Column: "方向", Letter: "F", Reason: "r"}, {Sheet: "样品", Reason: "r"}, {Reason: "r"}}},
			[]problemRow{{3, "指标 方向 (F)", "r"}, {0, "样品", "r"}, {0, "", "r"}}},
	}
	for _, tt := range tests {
		got := problemRows(tt.e)
		if len(got) != len(tt.want) {
			t.Fatalf("%+v → %+v", tt.e, got)
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%+v → %+v, want %+v", tt.e.Problems[i], got[i], tt.want[i])
			}
		}
	}
}
