package api

import (
	"errors"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/httpx"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/sheets"
	"github.com/qbench/qbench/internal/study"
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
	ptInvalidFindings  = problemPrefix + "invalid-findings"
	ptPrecondition     = problemPrefix + "precondition-failed"
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
	benchmark.ESTALE:       {http.StatusPreconditionFailed, ptPrecondition},
}

// writeProblem answers with a problem document and aborts the chain.
func writeProblem(c *gin.Context, p Problem) {
	c.Abort()
	httpx.WriteProblem(c.Writer, c.Request, p)
}

// fail answers with the problem that err stands for, worded in the
// request's language: validation errors list every problem, application
// errors get their code's status, anything else is logged and answered as
// a 500 without details.
func fail(c *gin.Context, err error) {
	var verr *benchmark.ValidationError
	var rows *lab.Problems
	var appErr *benchmark.Error
	var malformed *benchmark.FormatError
	var tooLarge *http.MaxBytesError
	var readErr *study.ReadError
	var limit *lab.LimitError
	var workbook *sheets.Problems
	pr := i18n.For(httpx.InfoFrom(c.Request.Context()).Lang)
	switch {
	case errors.As(err, &limit):
		// Reading stopped at a limit of the server: too large, not wrong.
		row := lab.RowError{Row: limit.Row, Column: limit.Column, Reason: limit.Reason, Msg: limit.Msg}
		if !row.Msg.IsZero() {
			row.Reason = pr.Message(row.Msg)
		}
		writeProblem(c, Problem{Type: ptTooLarge, Status: http.StatusRequestEntityTooLarge,
			Detail: pr.Sprintf("api.intake_limit", limit.Limit, row.Reason), Errors: []lab.RowError{row}})
	case errors.As(err, &workbook):
		writeWorkbookProblems(c, pr, workbook)
	case errors.As(err, &tooLarge):
		writeProblem(c, Problem{Type: ptTooLarge, Status: http.StatusRequestEntityTooLarge,
			Detail: pr.Sprintf("api.too_large", tooLarge.Limit)})
	case errors.As(err, &readErr):
		writeProblem(c, Problem{Type: ptMalformed, Status: http.StatusBadRequest,
			Detail: pr.Sprintf("api.read_body", readErr.Err.Error())})
	case errors.As(err, &malformed):
		writeProblem(c, Problem{Type: ptMalformed, Status: http.StatusBadRequest,
			Detail: pr.Sprintf("api.malformed", malformed.What, malformed.Err.Error())})
	case errors.As(err, &verr) && verr.Subject == benchmark.SubjectFindings:
		writeProblem(c, Problem{Type: ptInvalidFindings, Status: http.StatusUnprocessableEntity, Title: pr.Sprintf("api.title.invalid_findings"),
			Detail: pr.Plural("api.findings_problems", len(verr.Problems)), Errors: worded(pr, verr.Problems)})
	case errors.As(err, &verr) && verr.Subject == study.SubjectProgramme:
		writeProblem(c, Problem{Type: ptInvalid, Status: http.StatusUnprocessableEntity, Title: pr.Sprintf("programmes.title.invalid"),
			Detail: pr.Plural("programmes.problems", len(verr.Problems)), Errors: worded(pr, verr.Problems)})
	case errors.As(err, &verr):
		writeProblem(c, Problem{Type: ptInvalidDesign, Status: http.StatusUnprocessableEntity, Title: pr.Sprintf("api.title.invalid_design"),
			Detail: pr.Plural("api.design_problems", len(verr.Problems)), Errors: worded(pr, verr.Problems)})
	case errors.As(err, &rows):
		list := slices.Clone(rows.Errors)
		for i := range list {
			if !list[i].Msg.IsZero() {
				list[i].Reason = pr.Message(list[i].Msg)
			}
		}
		writeProblem(c, Problem{Type: ptInvalidResults, Status: http.StatusUnprocessableEntity, Title: pr.Sprintf("api.title.invalid_results"),
			Detail: pr.Plural("api.results_problems", len(list)+rows.Truncated), Errors: list, Truncated: rows.Truncated})
	case errors.As(err, &appErr):
		m := codeStatus[appErr.Code]
		if m.status == 0 {
			m = codeStatus[benchmark.EINTERNAL]
		}
		if m.status >= 500 {
			logError(c, err)
		}
		writeProblem(c, Problem{Type: m.typ, Status: m.status, Detail: detailOf(c, err)})
	default:
		logError(c, err) // logged by the request logger
		writeProblem(c, Problem{Type: ptInternal, Status: http.StatusInternalServerError, Detail: pr.Sprintf("httpx.internal")})
	}
}

// detailOf words an error for the problem's detail in the request's
// language: its catalogue message when it has one, else its English text.
func detailOf(c *gin.Context, err error) string {
	var appErr *benchmark.Error
	var media *study.MediaError
	switch {
	case errors.As(err, &appErr):
		if !appErr.Msg.IsZero() {
			return word(c, appErr.Msg)
		}
		return appErr.Message
	case errors.As(err, &media):
		if !media.Msg.IsZero() {
			return word(c, media.Msg)
		}
	}
	return err.Error()
}

// appError is an application error whose message is in the catalogue (its
// English wording is the Message).
func appError(code string, msg i18n.Message) *benchmark.Error {
	return &benchmark.Error{Code: code, Msg: msg, Message: i18n.For(i18n.EN).Message(msg)}
}

// worded returns the field problems with their reasons in the printer's
// language (the English reason stays where no catalogue message is set).
func worded(pr *i18n.Printer, problems []benchmark.FieldError) []benchmark.FieldError {
	list := slices.Clone(problems)
	for i := range list {
		if !list[i].Msg.IsZero() {
			list[i].Reason = pr.Message(list[i].Msg)
		}
	}
	return list
}
