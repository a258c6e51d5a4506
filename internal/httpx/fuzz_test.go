package httpx_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/qbench/qbench/internal/httpx"
)

func clean(s string) bool { return utf8.ValidString(s) && !strings.ContainsFunc(s, unicode.IsControl) }

// FuzzPathAndQuery sends any escaped path and query through the plumbing:
// it never panics, refuses (400) exactly what is not clean text, and lets
// everything else through to the handler.
func FuzzPathAndQuery(f *testing.F) {
	for _, seed := range [][2]string{{"/api/v1/studies/A", "state=open"}, {"/a%00b", ""}, {"/x", "a=%FF"},
		{"/x", "%zz"}, {"/研究", "q=巴中"}, {"/x", "a=1&a=%1B"}} {
		f.Add(seed[0], seed[1])
	}
	reached := false
	h := httpx.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached = true }),
		httpx.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	f.Fuzz(func(t *testing.T, rawPath, rawQuery string) {
		u, err := url.Parse("http://qbench.test/" + strings.TrimPrefix(rawPath, "/"))
		if err != nil || u.Path == "" || strings.ContainsAny(rawQuery, "# ") {
			return // not a request a client could send
		}
		u.RawQuery = rawQuery
		r := httptest.NewRequest("GET", "http://qbench.test/", nil)
		r.URL = u
		w := httptest.NewRecorder()
		reached = false
		h.ServeHTTP(w, r)
		want := clean(u.Path)
		if q, err := url.ParseQuery(rawQuery); err != nil {
			want = false
		} else {
			for k, vs := range q {
				want = want && clean(k)
				for _, v := range vs {
					want = want && clean(v)
				}
			}
		}
		if want != reached || (!want && w.Code != http.StatusBadRequest) {
			t.Fatalf("path %q query %q: status %d, reached %v, want clean=%v", u.Path, rawQuery, w.Code, reached, want)
		}
	})
}
