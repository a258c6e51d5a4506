package api

import (
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/qbench/qbench/internal/explain"
	"github.com/qbench/qbench/internal/explain/explaintest"
	"github.com/qbench/qbench/internal/i18n"
)

// TestFailRendersExplain: for one error of every class, fail answers
// explain's status, type, title and summary, and lists as many errors as
// explain has problems, in the shape of their place.
func TestFailRendersExplain(t *testing.T) {
	gin.SetMode(gin.TestMode)
	for _, cl := range explaintest.Classes() {
		t.Run(cl.Name, func(t *testing.T) {
			w := httptest.NewRecorder()
			c, _ := gin.CreateTestContext(w)
			c.Request = httptest.NewRequest("GET", "/api/v1/studies/BZ-GT-2016", nil)
			fail(c, cl.Err)
			want := explain.Of(cl.Err, i18n.For(i18n.Default))
			var got struct {
				Type, Title, Detail string
				Status, Truncated   int
				Errors              []map[string]any
			}
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatalf("%v: %s", err, w.Body)
			}
			if w.Code != want.Status || got.Status != want.Status || got.Type != want.Type || got.Title != want.Title ||
				got.Detail != want.Summary || got.Truncated != want.Truncated {
				t.Errorf("answered %d %+v, explain says %+v", w.Code, got, want)
			}
			if len(got.Errors) != len(want.Problems) {
				t.Fatalf("%d errors, explain has %d problems", len(got.Errors), len(want.Problems))
			}
			// The field that tells the shapes apart (API contract: a
			// workbook's errors always carry their sheet).
			tell := map[explain.Place]string{explain.ByField: "field", explain.ByRow: "row", explain.BySheet: "sheet"}[want.Place]
			for i, e := range got.Errors {
				if _, ok := e[tell]; !ok {
					t.Errorf("error %d %v lacks %q", i, e, tell)
				}
				if e["reason"] != want.Problems[i].Reason {
					t.Errorf("error %d reason %v, want %q", i, e["reason"], want.Problems[i].Reason)
				}
			}
		})
	}
}
