package api

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/httpx"
	"github.com/qbench/qbench/lab"
)

// Problem is an RFC 9457 problem document (see httpx.Problem).
type Problem = httpx.Problem

// Problem types. They are part of the API contract: never rename one.
const (
	problemPrefix      = httpx.TypePrefix
	ptNotFound         = problemPrefix + "not-found"
	ptConflict         = problemPrefix + "conflict"
	ptInvalid          = problemPrefix + "invalid-request"
	ptInvalidDesign    = problemPrefix + "invalid-design"
	ptInvalidResults   = problemPrefix + "invalid-results"
	ptMalformed        = problemPrefix + "malformed-body"
	ptTooLarge         = problemPrefix + "too-large"
	ptUnsupportedMedia = problemPrefix + "unsupported-media-type"
	ptUnauthorized     = problemPrefix + "unauthorized"
	ptForbidden        = problemPrefix + "forbidden"
	ptUnavailable      = problemPrefix + "unavailable"
	ptInternal         = problemPrefix + "internal"
	ptMethodNotAllowed = problemPrefix + "method-not-allowed"
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
	c.Abort()
	httpx.WriteProblem(c.Writer, c.Request, p)
}

// fail answers with the problem that err stands for: validation errors list
// every problem, application errors get their code's status, anything else
// is logged and answered as a 500 without details.
func fail(c *gin.Context, err error) {
	var verr *benchmark.ValidationError
	var rows *lab.Problems
	var appErr *benchmark.Error
	var malformed *benchmark.FormatError
	switch {
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
			logError(c, err)
		}
		writeProblem(c, Problem{Type: m.typ, Status: m.status, Detail: appErr.Message})
	default:
		logError(c, err) // logged by the request logger
		writeProblem(c, Problem{Type: ptInternal, Status: http.StatusInternalServerError,
			Detail: "an unexpected error occurred; quote the request id when you report it"})
	}
}
