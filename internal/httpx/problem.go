package httpx

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"github.com/qbench/qbench/internal/i18n"
)

// Problem is an RFC 9457 problem document. Type is a stable URN that clients
// may switch on; Errors lists every problem of a refused input.
type Problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail"`
	Instance  string `json:"instance,omitempty"`
	RequestID string `json:"request_id,omitempty"`
	// Errors lists field errors ({"field","reason"}) of a design or row errors
	// ({"row","column","reason"}) of a results file.
	Errors any `json:"errors,omitempty"`
	// Truncated counts row errors found but not listed.
	Truncated int `json:"truncated,omitempty"`
}

// Problem types of the plumbing (the API adds its own under the same
// prefix). They are part of the API contract: never rename one.
const (
	TypePrefix   = "urn:qbench:problem:"
	TypeInternal = TypePrefix + "internal"
	TypeInvalid  = TypePrefix + "invalid-request"
	// MediaTypeProblem is the media type of problem documents.
	MediaTypeProblem = "application/problem+json"
)

// WriteProblem answers r with p, filling its title, instance and request id.
func WriteProblem(w http.ResponseWriter, r *http.Request, p Problem) {
	if p.Title == "" {
		p.Title = StatusTitle(i18n.For(InfoFrom(r.Context()).Lang), p.Status)
	}
	p.Instance = r.URL.Path
	p.RequestID = InfoFrom(r.Context()).RequestID
	if p.Status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	w.Header().Set("Content-Type", MediaTypeProblem)
	w.WriteHeader(p.Status)
	_ = EncodeJSON(w, p)
}

// StatusTitle is the title of a problem that has none of its own: the
// status's name, in pr's language when the catalogue has it.
func StatusTitle(pr *i18n.Printer, status int) string {
	if key := "httpx.status." + strconv.Itoa(status); pr.Has(key) {
		return pr.Sprintf(key)
	}
	return http.StatusText(status)
}

// EncodeJSON writes v as JSON without HTML escaping (Chinese text and
// "<0.005" stay readable).
func EncodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
