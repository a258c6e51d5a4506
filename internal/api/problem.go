package api

import (
	"github.com/gin-gonic/gin"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/explain"
	"github.com/qbench/qbench/internal/httpx"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/lab"
)

// Problem is an RFC 9457 problem document (see httpx.Problem).
type Problem = httpx.Problem

// Problem types of the API's own answers, beside those of explain (the
// problem types of errors). They are part of the API contract: never
// rename one.
const (
	problemPrefix      = httpx.TypePrefix
	ptUnauthorized     = problemPrefix + "unauthorized"
	ptMethodNotAllowed = problemPrefix + "method-not-allowed"
)

// writeProblem answers with a problem document and aborts the chain.
func writeProblem(c *gin.Context, p Problem) {
	c.Abort()
	httpx.WriteProblem(c.Writer, c.Request, p)
}

// fail answers with the problem that err stands for, as explain words it
// in the request's language; an error that is the server's fault is
// logged (by the request logger).
func fail(c *gin.Context, err error) {
	e := explain.Of(err, printer(c))
	if e.ServerFault() {
		logError(c, err)
	}
	writeProblem(c, Problem{Type: e.Type, Title: e.Title, Status: e.Status, Detail: e.Summary,
		Errors: problemErrors(e), Truncated: e.Truncated})
}

// problemErrors is the errors array of a problem document, in the shape
// the API documents for its place: field errors of a design, findings or
// programme, row errors of a results file, or placed workbook errors.
func problemErrors(e explain.Explanation) any {
	switch e.Place {
	case explain.ByField:
		list := make([]benchmark.FieldError, len(e.Problems))
		for i, p := range e.Problems {
			list[i] = benchmark.FieldError{Field: p.Field, Reason: p.Reason}
		}
		return list
	case explain.ByRow:
		list := make([]lab.RowError, len(e.Problems))
		for i, p := range e.Problems {
			list[i] = lab.RowError{Row: p.Row, Column: p.Column, Cell: p.Cell, Reason: p.Reason}
		}
		return list
	case explain.BySheet:
		list := make([]workbookError, len(e.Problems))
		for i, p := range e.Problems {
			list[i] = workbookError{Sheet: p.Sheet, Row: p.Row, Column: p.Column, Letter: p.Letter, Reason: p.Reason}
		}
		return list
	}
	return nil
}

// workbookError is a design workbook's problem in a 422's errors: where
// the user sees it (sheet, row, column header, column letter) and why, in
// the request's language. sheet is always present ("" for the workbook as
// a whole), which tells it from a field or row error.
type workbookError struct {
	Sheet  string `json:"sheet"`
	Row    int    `json:"row,omitempty"`
	Column string `json:"column,omitempty"`
	Letter string `json:"letter,omitempty"`
	Reason string `json:"reason"`
}

// summaryOf is err's sentence in the request's language, for a problem
// whose status the handler decides (a bad query parameter is a 400 where
// the same error in a body would be a 422).
func summaryOf(c *gin.Context, err error) string { return explain.Of(err, printer(c)).Summary }

// printer words the request's language.
func printer(c *gin.Context) *i18n.Printer { return i18n.For(httpx.InfoFrom(c.Request.Context()).Lang) }

// appError is an application error whose message is in the catalogue (its
// English wording is the Message).
func appError(code string, msg i18n.Message) *benchmark.Error {
	return &benchmark.Error{Code: code, Msg: msg, Message: i18n.For(i18n.EN).Message(msg)}
}
