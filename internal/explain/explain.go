// Package explain is the one place that decides what an error means to
// the person who meets it: the HTTP status, the problem type and title,
// the sentence that says what went wrong in the reader's language, and
// every itemised problem (a design's fields, a results file's rows, a
// workbook's cells). The API renders an Explanation as a problem document
// and the console as a page; neither classifies errors itself, so the two
// cannot answer the same error with different statuses.
//
// It is plain Go over net/http's status codes: no router, no templates,
// no database.
package explain

import (
	"errors"
	"net/http"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/httpx"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/sheets"
	"github.com/qbench/qbench/internal/study"
	"github.com/qbench/qbench/lab"
)

// Problem types. They are part of the API contract: never rename one.
// (internal and invalid-request are also the plumbing's, httpx's.)
const (
	prefix               = httpx.TypePrefix
	TypeNotFound         = prefix + "not-found"
	TypeConflict         = prefix + "conflict"
	TypeInvalid          = prefix + "invalid-request"
	TypeInvalidDesign    = prefix + "invalid-design"
	TypeInvalidResults   = prefix + "invalid-results"
	TypeInvalidFindings  = prefix + "invalid-findings"
	TypeMalformed        = prefix + "malformed-body"
	TypeTooLarge         = prefix + "too-large"
	TypeUnsupportedMedia = prefix + "unsupported-media-type"
	TypeForbidden        = prefix + "forbidden"
	TypeUnavailable      = prefix + "unavailable"
	TypeInternal         = prefix + "internal"
	TypePrecondition     = prefix + "precondition-failed"
)

// Place tells what the problems of an explanation are placed by, which
// is also the shape the API gives them in its errors array.
type Place int

const (
	// Nowhere: the explanation lists no problems.
	Nowhere Place = iota
	// ByField: a design's, findings' or programme's field (Problem.Field).
	ByField
	// ByRow: a results file's row, column and cell (Problem.Row, Column,
	// Cell).
	ByRow
	// BySheet: a design workbook's sheet, row, column header and column
	// letter (Problem.Sheet, Row, Column, Letter).
	BySheet
)

// Problem is one itemised problem of a refused input, placed where the
// user sees it and worded in the reader's language.
type Problem struct {
	Field  string // a design's, findings' or programme's field (ByField)
	Sheet  string // a workbook's sheet; "" for the workbook as a whole (BySheet)
	Row    int    // the row the file or spreadsheet shows; 0 when not about one row
	Column string // the column as the user names it
	Letter string // a workbook's column letter ("F") (BySheet)
	Cell   string // a results workbook's cell reference ("C7") (ByRow)
	Reason string // why, worded
}

// Explanation is an error as a user is told it.
type Explanation struct {
	// Status is the HTTP status of the answer.
	Status int
	// Type is the API's problem type; Title its title, worded (the
	// status's name where the type has no title of its own).
	Type, Title string
	// Summary is the sentence that says what went wrong, standing alone
	// (the API's detail). SummaryKey is its catalogue key, "" when the
	// sentence is an error's own English text that has no key yet.
	Summary, SummaryKey string
	// Lead is the sentence a page shows above the problems it lists
	// (capitalised, a size in MiB, ending in a colon before a list); the
	// Summary where the catalogue has no page wording of its own.
	Lead string
	// Place is what the problems are placed by; Problems lists them, and
	// Truncated counts those found but not listed.
	Place     Place
	Problems  []Problem
	Truncated int
}

// ServerFault reports whether the error is the server's, not the
// request's: such an error is logged, since the reader is told no more
// than that it happened.
func (e Explanation) ServerFault() bool { return e.Status >= http.StatusInternalServerError }

// codes maps application error codes to their statuses and problem
// types; a code not here is an internal error.
var codes = map[string]struct {
	status int
	typ    string
}{
	benchmark.ENOTFOUND:    {http.StatusNotFound, TypeNotFound},
	benchmark.ECONFLICT:    {http.StatusConflict, TypeConflict},
	benchmark.EINVALID:     {http.StatusUnprocessableEntity, TypeInvalid},
	benchmark.EFORBIDDEN:   {http.StatusForbidden, TypeForbidden},
	benchmark.EUNAVAILABLE: {http.StatusServiceUnavailable, TypeUnavailable},
	benchmark.EINTERNAL:    {http.StatusInternalServerError, TypeInternal},
	benchmark.ESTALE:       {http.StatusPreconditionFailed, TypePrecondition},
}

// Of explains err in pr's language. The order of the cases matters where
// one error wraps another: a body too large to read is answered as too
// large, not as unreadable.
func Of(err error, pr *i18n.Printer) Explanation {
	var (
		limit     *lab.LimitError
		book      *sheets.Problems
		tooLarge  *http.MaxBytesError
		readErr   *study.ReadError
		malformed *benchmark.FormatError
		verr      *benchmark.ValidationError
		rows      *lab.Problems
		appErr    *benchmark.Error
		media     *study.MediaError
	)
	var e Explanation
	switch {
	case errors.As(err, &limit):
		// Reading stopped at a limit of the server: too large, not wrong.
		p := Problem{Row: limit.Row, Column: limit.Column, Reason: worded(pr, limit.Msg, limit.Reason)}
		e = sentence(pr, http.StatusRequestEntityTooLarge, TypeTooLarge, "api.intake_limit", limit.Limit, p.Reason)
		// A page says it plainly above the problem, which names the setting.
		e.Lead = pr.Sprintf("console.error.intake_limit")
		e.Place, e.Problems = ByRow, []Problem{p}
	case errors.As(err, &book):
		e = listed(pr, http.StatusUnprocessableEntity, TypeInvalidDesign, "api.title.invalid_design",
			"sheetsapi.workbook_problems", "console.error.workbook_problems", len(book.List)+book.Truncated)
		e.Place, e.Truncated = BySheet, book.Truncated
		e.Problems = make([]Problem, len(book.List))
		for i, p := range book.List {
			e.Problems[i] = Problem{Sheet: p.Sheet, Row: p.Row, Column: p.Column, Letter: p.Letter, Reason: pr.Message(p.Reason)}
		}
	case errors.As(err, &tooLarge):
		e = sentence(pr, http.StatusRequestEntityTooLarge, TypeTooLarge, "api.too_large", tooLarge.Limit)
		e.Lead = pr.Sprintf("console.error.too_large", tooLarge.Limit>>20)
	case errors.As(err, &readErr):
		e = sentence(pr, http.StatusBadRequest, TypeMalformed, "api.read_body", readErr.Err.Error())
	case errors.As(err, &malformed):
		e = sentence(pr, http.StatusBadRequest, TypeMalformed, "api.malformed", malformed.What, malformed.Err.Error())
	case errors.As(err, &verr):
		e = fieldProblems(pr, verr)
	case errors.As(err, &rows):
		e = listed(pr, http.StatusUnprocessableEntity, TypeInvalidResults, "api.title.invalid_results",
			"api.results_problems", "console.error.results_problems", len(rows.Errors)+rows.Truncated)
		e.Place, e.Truncated = ByRow, rows.Truncated
		e.Problems = make([]Problem, len(rows.Errors))
		for i, p := range rows.Errors {
			e.Problems[i] = Problem{Row: p.Row, Column: p.Column, Cell: p.Cell, Reason: worded(pr, p.Msg, p.Reason)}
		}
	case errors.As(err, &appErr):
		code, ok := codes[appErr.Code]
		if !ok {
			code = codes[benchmark.EINTERNAL]
		}
		e = Explanation{Status: code.status, Type: code.typ, Summary: appErr.Message}
		if !appErr.Msg.IsZero() {
			e.Summary, e.SummaryKey = pr.Message(appErr.Msg), appErr.Msg.Key
		}
	case errors.As(err, &media):
		e = Explanation{Status: http.StatusUnsupportedMediaType, Type: TypeUnsupportedMedia, Summary: media.Error()}
		if !media.Msg.IsZero() {
			e.Summary, e.SummaryKey = pr.Message(media.Msg), media.Msg.Key
		}
	default:
		// Not the request's fault, and nothing the reader can act on: the
		// request id they quote leads to the logged error.
		e = sentence(pr, http.StatusInternalServerError, TypeInternal, "httpx.internal")
	}
	if e.Title == "" {
		e.Title = httpx.StatusTitle(pr, e.Status)
	}
	if e.Lead == "" {
		e.Lead = e.Summary
	}
	return e
}

// fieldProblems explains a design, findings or programme refused for its
// fields.
func fieldProblems(pr *i18n.Printer, verr *benchmark.ValidationError) Explanation {
	n := len(verr.Problems)
	var e Explanation
	switch verr.Subject {
	case benchmark.SubjectFindings:
		e = listed(pr, http.StatusUnprocessableEntity, TypeInvalidFindings, "api.title.invalid_findings",
			"api.findings_problems", "console.error.findings_problems", n)
	case study.SubjectProgramme:
		e = listed(pr, http.StatusUnprocessableEntity, TypeInvalid, "programmes.title.invalid",
			"programmes.problems", "console.error.programme_problems", n)
	default:
		e = listed(pr, http.StatusUnprocessableEntity, TypeInvalidDesign, "api.title.invalid_design",
			"api.design_problems", "console.error.design_problems", n)
	}
	e.Place = ByField
	e.Problems = make([]Problem, n)
	for i, p := range verr.Problems {
		e.Problems[i] = Problem{Field: p.Field, Reason: worded(pr, p.Msg, p.Reason)}
	}
	return e
}

// sentence is an explanation whose summary is the catalogue's key with
// args.
func sentence(pr *i18n.Printer, status int, typ, key string, args ...any) Explanation {
	return Explanation{Status: status, Type: typ, Summary: pr.Sprintf(key, args...), SummaryKey: key}
}

// listed is an explanation of n problems: a title of its own, the summary
// counted in the catalogue's plural forms, and the page's lead.
func listed(pr *i18n.Printer, status int, typ, titleKey, key, leadKey string, n int) Explanation {
	return Explanation{Status: status, Type: typ, Title: pr.Sprintf(titleKey),
		Summary: pr.Plural(key, n), SummaryKey: key, Lead: pr.Sprintf(leadKey, n)}
}

// worded is a reason in pr's language: its catalogue message, or its
// English wording while it has none.
func worded(pr *i18n.Printer, msg i18n.Message, english string) string {
	if msg.IsZero() {
		return english
	}
	return pr.Message(msg)
}
