package api

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/lab"
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

// Problem types. They are part of the API contract: never rename one.
const (
	problemPrefix        = "urn:qbench:problem:"
	ptNotFound           = problemPrefix + "not-found"
	ptConflict           = problemPrefix + "conflict"
	ptInvalid            = problemPrefix + "invalid-request"
	ptInvalidDesign      = problemPrefix + "invalid-design"
	ptInvalidResults     = problemPrefix + "invalid-results"
	ptMalformed          = problemPrefix + "malformed-body"
	ptTooLarge           = problemPrefix + "too-large"
	ptUnsupportedMedia   = problemPrefix + "unsupported-media-type"
	ptUnauthorized       = problemPrefix + "unauthorized"
	ptForbidden          = problemPrefix + "forbidden"
	ptUnavailable        = problemPrefix + "unavailable"
	ptInternal           = problemPrefix + "internal"
	ptMethodNotAllowed   = problemPrefix + "method-not-allowed"
	problemJSONMediaType = "application/problem+json"
)

// codeStatus maps application error codes to HTTP statuses and problem types.
var codeStatus = map[string]struct {
	status int
	typ    string
}{
	benchmark.ENOTFOUND:    {http.StatusNotFound, ptNotFound},
	benchmark.ECONFLICT:    {http.StatusConflict, ptConflict},
	benchmark.EINVALID:     {http.StatusUnprocessableEntity, ptInvalid},
	benchmark.EFORBIDDEN:   {http.StatusForbidden, ptForbidden},
	benchmark.EUNAVAILABLE: {http.StatusServiceUnavailable, ptUnavailable},
	benchmark.EINTERNAL:    {http.StatusInternalServerError, ptInternal},
}

// writeProblem answers with a problem document and aborts the chain.
func writeProblem(c *gin.Context, p Problem) {
	if p.Title == "" {
		p.Title = http.StatusText(p.Status)
	}
	p.Instance = c.Request.URL.Path
	p.RequestID = requestID(c)
	if p.Status == http.StatusServiceUnavailable {
		c.Header("Retry-After", "5")
	}
	c.Abort()
	c.Render(p.Status, problemRender{p})
}

// fail answers with the problem that err stands for: validation errors list
// every problem, application errors get their code's status, anything else
// is logged and answered as a 500 without details.
func fail(c *gin.Context, err error) {
	var verr *benchmark.ValidationError
	var rows *lab.Problems
	var appErr *benchmark.Error
	var malformed *benchmark.FormatError
	var limit *lab.LimitError
	switch {
	case errors.As(err, &limit):
		// Reading stopped at a limit of the server: too large, not wrong.
		writeProblem(c, Problem{Type: ptTooLarge, Status: http.StatusRequestEntityTooLarge,
			Detail: "the results file exceeds the intake limit " + limit.Limit + ": " + limit.Error() + "; nothing was stored",
			Errors: []lab.RowError{{Row: limit.Row, Column: limit.Column, Reason: limit.Reason, Msg: limit.Msg}}})
	case errors.As(err, &malformed):
		writeProblem(c, Problem{Type: ptMalformed, Status: http.StatusBadRequest, Detail: "the body is " + malformed.Error()})
	case errors.As(err, &verr):
		writeProblem(c, Problem{Type: ptInvalidDesign, Status: http.StatusUnprocessableEntity, Title: "Invalid study design",
			Detail: plural(len(verr.Problems), "problem") + " in the study design; nothing was stored", Errors: verr.Problems})
	case errors.As(err, &rows):
		writeProblem(c, Problem{Type: ptInvalidResults, Status: http.StatusUnprocessableEntity, Title: "Invalid results file",
			Detail: plural(len(rows.Errors)+rows.Truncated, "problem") + " in the results file; nothing was stored",
			Errors: rows.Errors, Truncated: rows.Truncated})
	case errors.As(err, &appErr):
		m := codeStatus[appErr.Code]
		if m.status == 0 {
			m = codeStatus[benchmark.EINTERNAL]
		}
		if m.status >= 500 {
			_ = c.Error(err)
		}
		writeProblem(c, Problem{Type: m.typ, Status: m.status, Detail: appErr.Message})
	default:
		_ = c.Error(err) // logged by the request logger
		writeProblem(c, Problem{Type: ptInternal, Status: http.StatusInternalServerError,
			Detail: "an unexpected error occurred; quote the request id when you report it"})
	}
}

// problemRender writes a problem with its own media type.
type problemRender struct{ p Problem }

func (r problemRender) Render(w http.ResponseWriter) error {
	r.WriteContentType(w)
	return jsonEncode(w, r.p)
}

func (r problemRender) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", problemJSONMediaType)
}
