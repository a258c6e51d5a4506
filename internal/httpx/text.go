package httpx

import (
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/qbench/qbench/internal/i18n"
)

// validText refuses (400) a request whose path or query string, decoded,
// is not valid UTF-8 or holds a control character: no code, filename or
// reason may contain one, and PostgreSQL would refuse a NUL byte with a
// 500 where SQLite stores it. Refused here, both databases answer alike.
func validText(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !cleanText(r.URL.Path) {
			WriteProblem(w, r, Problem{Type: TypeInvalid, Status: http.StatusBadRequest,
				Detail: Word(r, i18n.M("httpx.bad_path"))})
			return
		}
		if r.URL.RawQuery != "" {
			q, err := url.ParseQuery(r.URL.RawQuery)
			if err != nil {
				WriteProblem(w, r, Problem{Type: TypeInvalid, Status: http.StatusBadRequest,
					Detail: Word(r, i18n.M("httpx.bad_query"))})
				return
			}
			for name, values := range q {
				if !cleanText(name) {
					WriteProblem(w, r, Problem{Type: TypeInvalid, Status: http.StatusBadRequest,
						Detail: Word(r, i18n.M("httpx.bad_query"))})
					return
				}
				for _, v := range values {
					if !cleanText(v) {
						WriteProblem(w, r, Problem{Type: TypeInvalid, Status: http.StatusBadRequest,
							Detail: Word(r, i18n.M("httpx.bad_query_param", name))})
						return
					}
				}
			}
		}
		h.ServeHTTP(w, r)
	})
}

// cleanText reports whether s is valid UTF-8 without control characters.
func cleanText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	return !strings.ContainsFunc(s, unicode.IsControl)
}

// headAsGet answers HEAD as GET without the body, so that every GET route
// answers HEAD (RFC 9110 §9.3.2) without a route of its own.
func headAsGet(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodHead {
			h.ServeHTTP(w, r)
			return
		}
		r2 := r.Clone(r.Context())
		r2.Method = http.MethodGet
		h.ServeHTTP(headWriter{w}, r2)
	})
}

// headWriter drops the body of a HEAD answer; the headers, Content-Length
// included when the handler set it, stay.
type headWriter struct{ http.ResponseWriter }

func (w headWriter) Write(b []byte) (int, error) { return len(b), nil }

func (w headWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
