// Package explaintest holds one error of every class internal/explain
// tells apart, so that the tests of explain and of the surfaces that
// render its explanations (the API's problem documents, the console's
// pages) go over the same list, and a class added to explain without a
// case here is missed by none of them.
package explaintest

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/sheets"
	"github.com/qbench/qbench/internal/study"
	"github.com/qbench/qbench/lab"
)

// Class is an error of one class, named for test output.
type Class struct {
	Name string
	Err  error
}

// Classes returns one error of every class, some wrapped as the layers
// wrap them on their way to an edge.
func Classes() []Class {
	return []Class{
		{"intake limit", fmt.Errorf("study BZ-GT-2016: %w", limitError(lab.LimitCellBytes, lab.DefaultMaxCellBytes, 7, "value"))},
		{"intake limit of the whole file", limitError(lab.LimitXLSXBytes, lab.DefaultMaxXLSXBytes, 0, "")},
		{"design workbook", &sheets.Problems{List: []sheets.Problem{
			{Sheet: "指标", Row: 3, Column: "方向", Letter: "F", Reason: i18n.M("design.required")},
			{Reason: i18n.M("sheets.not_xlsx", "zip: not a valid zip file")},
		}, Truncated: 2}},
		{"body too large", &http.MaxBytesError{Limit: 32 << 20}},
		{"body too large to read", &study.ReadError{Err: &http.MaxBytesError{Limit: 8 << 20}}},
		{"unreadable body", &study.ReadError{Err: errors.New("unexpected EOF")}},
		{"malformed JSON", &benchmark.FormatError{What: "study design", Err: errors.New("unexpected end of JSON input")}},
		{"invalid design", &benchmark.ValidationError{Problems: []benchmark.FieldError{
			{Field: "code", Reason: "is required", Msg: i18n.M("design.required")},
			{Field: "samples[2].region", Reason: "names no region of the design"},
		}}},
		{"invalid findings", &benchmark.ValidationError{Subject: benchmark.SubjectFindings, Problems: []benchmark.FieldError{
			{Field: "causes[0].indicator", Reason: "is required", Msg: i18n.M("design.required")},
		}}},
		{"invalid programme", &benchmark.ValidationError{Subject: study.SubjectProgramme, Problems: []benchmark.FieldError{
			{Field: "code", Reason: "is required", Msg: i18n.M("design.required")},
		}}},
		{"invalid results", &lab.Problems{Errors: []lab.RowError{
			{Row: 2, Column: "value", Reason: "must be a string or a number", Msg: i18n.M("lab.json.value_type")},
			{Row: 9, Column: "茶多酚", Cell: "C9", Reason: "is required", Msg: i18n.M("design.required")},
		}, Truncated: 5}},
		{"not found", appError(benchmark.ENOTFOUND, i18n.M("api.report_not_found", "r-1"))},
		{"conflict", appError(benchmark.ECONFLICT, i18n.M("sheetsapi.open_no_samples", "BZ-GT-2016"))},
		{"invalid request", appError(benchmark.EINVALID, i18n.M("study.report_lang", "fr"))},
		{"forbidden", &benchmark.Error{Code: benchmark.EFORBIDDEN, Message: "a reader may not upload results"}},
		{"unavailable", appError(benchmark.EUNAVAILABLE, i18n.M("store.unavailable", "results", "database is locked"))},
		{"stale revision", &benchmark.Error{Code: benchmark.ESTALE, Message: "the study has changed since revision 3"}},
		{"internal code", &benchmark.Error{Code: benchmark.EINTERNAL, Message: "the report renderer failed"}},
		{"unknown code", &benchmark.Error{Code: "no_such_code", Message: "an error of a code qbench does not know"}},
		{"unsupported media", &study.MediaError{Err: lab.ErrXLS, Msg: i18n.M("study.xls")}},
		{"unsupported media without words", &study.MediaError{Err: errors.New("lab: a format without words")}},
		{"unexpected", errors.New("open /var/lib/qbench/qbench.db: permission denied")},
	}
}

// appError is an application error worded by the catalogue, as the store
// and the use cases make them.
func appError(code string, msg i18n.Message) *benchmark.Error {
	return &benchmark.Error{Code: code, Msg: msg, Message: i18n.For(i18n.EN).Message(msg)}
}

// limitError is a *lab.LimitError as lab makes one.
func limitError(limit string, max int64, row int, column string) *lab.LimitError {
	msg := i18n.M("lab.limit."+limit, max)
	return &lab.LimitError{Limit: limit, Max: max, Row: row, Column: column, Reason: i18n.For(i18n.EN).Message(msg), Msg: msg}
}
