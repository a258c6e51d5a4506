package explain_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/qbench/qbench/internal/explain"
	"github.com/qbench/qbench/internal/explain/explaintest"
	"github.com/qbench/qbench/internal/httpx"
	"github.com/qbench/qbench/internal/i18n"
)

// want is what a class of error explains to in English.
type want struct {
	status            int
	typ, title        string
	summaryKey        string
	summary, lead     string // lead "": the summary
	place             explain.Place
	problems          []explain.Problem
	truncated         int
	problemsInChinese []string // the problems' reasons in Chinese, where they have catalogue wording
}

const (
	tooLargeCell = "a cell is longer than 4096 bytes (server limit intake-max-cell-bytes)"
	tooLargeBook = "the workbook takes more than 134217728 bytes decompressed (server limit intake-max-xlsx-bytes)"
	unexpected   = "an unexpected error occurred; quote the request id when you report it"
)

var wants = map[string]want{
	"intake limit": {status: 413, typ: explain.TypeTooLarge, title: "Request Entity Too Large", summaryKey: "api.intake_limit",
		summary:  "the results file exceeds the intake limit max-cell-bytes: " + tooLargeCell + "; nothing was stored",
		lead:     "The file exceeds a limit of the server for uploads; nothing was saved:",
		place:    explain.ByRow,
		problems: []explain.Problem{{Row: 7, Column: "value", Reason: tooLargeCell}}, problemsInChinese: []string{"单元格内容超过 4096 字节（服务器限制 intake-max-cell-bytes）"}},
	"intake limit of the whole file": {status: 413, typ: explain.TypeTooLarge, title: "Request Entity Too Large", summaryKey: "api.intake_limit",
		summary:  "the results file exceeds the intake limit max-xlsx-bytes: " + tooLargeBook + "; nothing was stored",
		lead:     "The file exceeds a limit of the server for uploads; nothing was saved:",
		place:    explain.ByRow,
		problems: []explain.Problem{{Reason: tooLargeBook}}},
	"design workbook": {status: 422, typ: explain.TypeInvalidDesign, title: "Invalid study design", summaryKey: "sheetsapi.workbook_problems",
		summary: "4 problems in the design workbook; nothing was stored", lead: "The design workbook has 4 problems; nothing was saved:",
		place: explain.BySheet, truncated: 2,
		problems: []explain.Problem{
			{Sheet: "指标", Row: 3, Column: "方向", Letter: "F", Reason: "is required"},
			{Reason: "not a readable XLSX workbook (zip: not a valid zip file)"},
		}, problemsInChinese: []string{"必填", "不是可读取的 XLSX 工作簿（zip: not a valid zip file）"}},
	"body too large": {status: 413, typ: explain.TypeTooLarge, title: "Request Entity Too Large", summaryKey: "api.too_large",
		summary: "the request body is larger than the limit of 33554432 bytes", lead: "The file is larger than the limit of 32 MiB."},
	"body too large to read": {status: 413, typ: explain.TypeTooLarge, title: "Request Entity Too Large", summaryKey: "api.too_large",
		summary: "the request body is larger than the limit of 8388608 bytes", lead: "The file is larger than the limit of 8 MiB."},
	"unreadable body": {status: 400, typ: explain.TypeMalformed, title: "Bad Request", summaryKey: "api.read_body",
		summary: "reading the request body: unexpected EOF"},
	"malformed JSON": {status: 400, typ: explain.TypeMalformed, title: "Bad Request", summaryKey: "api.malformed",
		summary: "the body is not study design in JSON: unexpected end of JSON input"},
	"invalid design": {status: 422, typ: explain.TypeInvalidDesign, title: "Invalid study design", summaryKey: "api.design_problems",
		summary: "2 problems in the study design; nothing was stored", lead: "The study design has 2 problems; nothing was saved:",
		place: explain.ByField,
		problems: []explain.Problem{
			{Field: "code", Reason: "is required"},
			{Field: "samples[2].region", Reason: "names no region of the design"}, // not yet in the catalogue: its English stays
		}, problemsInChinese: []string{"必填", "names no region of the design"}},
	"invalid findings": {status: 422, typ: explain.TypeInvalidFindings, title: "Invalid findings", summaryKey: "api.findings_problems",
		summary: "1 problem in the findings; nothing was stored", lead: "The findings have 1 problems; nothing was saved:",
		place: explain.ByField, problems: []explain.Problem{{Field: "causes[0].indicator", Reason: "is required"}}},
	"invalid programme": {status: 422, typ: explain.TypeInvalid, title: "Invalid programme", summaryKey: "programmes.problems",
		summary: "1 problem in the programme; nothing was stored", lead: "The programme has 1 problems; nothing was saved:",
		place: explain.ByField, problems: []explain.Problem{{Field: "code", Reason: "is required"}}},
	"invalid results": {status: 422, typ: explain.TypeInvalidResults, title: "Invalid results file", summaryKey: "api.results_problems",
		summary: "7 problems in the results file; nothing was stored", lead: "The results file has 7 problems; nothing was imported:",
		place: explain.ByRow, truncated: 5,
		problems: []explain.Problem{
			{Row: 2, Column: "value", Reason: "must be a string or a number"},
			{Row: 9, Column: "茶多酚", Cell: "C9", Reason: "is required"},
		}, problemsInChinese: []string{"必须是字符串或数字", "必填"}},
	"not found": {status: 404, typ: explain.TypeNotFound, title: "Not Found", summaryKey: "api.report_not_found",
		summary: "report r-1 not found"},
	"conflict": {status: 409, typ: explain.TypeConflict, title: "Conflict", summaryKey: "sheetsapi.open_no_samples",
		summary: "study BZ-GT-2016 has no samples: add them to its design before it opens"},
	"invalid request": {status: 422, typ: explain.TypeInvalid, title: "Unprocessable Entity", summaryKey: "study.report_lang",
		summary: `lang must be zh or en, not "fr"`},
	"forbidden": {status: 403, typ: explain.TypeForbidden, title: "Forbidden",
		summary: "a reader may not upload results"},
	"unavailable": {status: 503, typ: explain.TypeUnavailable, title: "Service Unavailable", summaryKey: "store.unavailable",
		summary: "results: database is locked"},
	"stale revision": {status: 412, typ: explain.TypePrecondition, title: "Precondition Failed",
		summary: "the study has changed since revision 3"},
	"internal code": {status: 500, typ: explain.TypeInternal, title: "Internal Server Error",
		summary: "the report renderer failed"},
	"unknown code": {status: 500, typ: explain.TypeInternal, title: "Internal Server Error",
		summary: "an error of a code qbench does not know"},
	"unsupported media": {status: 415, typ: explain.TypeUnsupportedMedia, title: "Unsupported Media Type", summaryKey: "study.xls",
		summary: "lab: XLS workbooks (Excel 97-2003) are not supported: save the file as XLSX or as CSV UTF-8"},
	"unsupported media without words": {status: 415, typ: explain.TypeUnsupportedMedia, title: "Unsupported Media Type",
		summary: "lab: a format without words"},
	"unexpected": {status: 500, typ: explain.TypeInternal, title: "Internal Server Error", summaryKey: "httpx.internal",
		summary: unexpected},
}

// TestEveryClass explains one error of every class in English: status,
// problem type, title, summary with its key, the page's lead and every
// problem placed; and in Chinese, the same status and type with
// catalogue wording.
func TestEveryClass(t *testing.T) {
	en, zh := i18n.For(i18n.EN), i18n.For(i18n.ZH)
	seen := map[string]bool{}
	for _, c := range explaintest.Classes() {
		t.Run(c.Name, func(t *testing.T) {
			w, ok := wants[c.Name]
			if !ok {
				t.Fatalf("no expectation for the class %q", c.Name)
			}
			seen[c.Name] = true
			if w.lead == "" {
				w.lead = w.summary
			}
			got := explain.Of(c.Err, en)
			if got.Status != w.status || got.Type != w.typ || got.Title != w.title {
				t.Errorf("status, type, title = %d %s %q, want %d %s %q", got.Status, got.Type, got.Title, w.status, w.typ, w.title)
			}
			if got.Summary != w.summary || got.SummaryKey != w.summaryKey {
				t.Errorf("summary %q (key %q),\nwant %q (key %q)", got.Summary, got.SummaryKey, w.summary, w.summaryKey)
			}
			if got.Lead != w.lead {
				t.Errorf("lead %q, want %q", got.Lead, w.lead)
			}
			if got.Place != w.place || !reflect.DeepEqual(got.Problems, w.problems) || got.Truncated != w.truncated {
				t.Errorf("problems %d %+v (+%d),\nwant %d %+v (+%d)", got.Place, got.Problems, got.Truncated, w.place, w.problems, w.truncated)
			}
			if got.ServerFault() != (w.status >= 500) {
				t.Errorf("ServerFault %v for status %d", got.ServerFault(), w.status)
			}

			cn := explain.Of(c.Err, zh)
			if cn.Status != got.Status || cn.Type != got.Type || cn.Place != got.Place || len(cn.Problems) != len(got.Problems) {
				t.Fatalf("in Chinese: %d %s %d problems, in English: %d %s %d", cn.Status, cn.Type, len(cn.Problems), got.Status, got.Type, len(got.Problems))
			}
			if got.SummaryKey != "" && (cn.Summary == got.Summary || cn.Lead == got.Lead) {
				t.Errorf("the summary of key %s is not worded in Chinese: %q / %q", got.SummaryKey, cn.Summary, cn.Lead)
			}
			if cn.Title != httpx.StatusTitle(zh, cn.Status) && cn.Title == got.Title {
				t.Errorf("the title %q is not worded in Chinese", cn.Title)
			}
			for i, reason := range w.problemsInChinese {
				if cn.Problems[i].Reason != reason {
					t.Errorf("problem %d in Chinese: %q, want %q", i, cn.Problems[i].Reason, reason)
				}
			}
			for _, s := range []string{got.Summary, got.Lead, cn.Summary, cn.Lead} {
				if strings.Contains(s, "%!") {
					t.Errorf("a sentence with wrong arguments: %q", s)
				}
			}
		})
	}
	for name := range wants {
		if !seen[name] {
			t.Errorf("explaintest.Classes has no class %q", name)
		}
	}
}

// TestEveryTypeHasAClass: each problem type of explain is the answer to
// at least one class of explaintest (else the surfaces' tests, which go
// over those classes, would never see it).
func TestEveryTypeHasAClass(t *testing.T) {
	var answered []string
	for _, c := range explaintest.Classes() {
		answered = append(answered, explain.Of(c.Err, i18n.For(i18n.EN)).Type)
	}
	for _, typ := range []string{explain.TypeNotFound, explain.TypeConflict, explain.TypeInvalid, explain.TypeInvalidDesign,
		explain.TypeInvalidResults, explain.TypeInvalidFindings, explain.TypeMalformed, explain.TypeTooLarge,
		explain.TypeUnsupportedMedia, explain.TypeForbidden, explain.TypeUnavailable, explain.TypeInternal, explain.TypePrecondition} {
		if !slices.Contains(answered, typ) {
			t.Errorf("no class is answered with %s", typ)
		}
	}
	// The plumbing answers with two of the same types (a panic, a path
	// that is not text): they must stay one and the same.
	if explain.TypeInternal != httpx.TypeInternal || explain.TypeInvalid != httpx.TypeInvalid {
		t.Errorf("explain's types %s, %s differ from httpx's %s, %s", explain.TypeInternal, explain.TypeInvalid, httpx.TypeInternal, httpx.TypeInvalid)
	}
}
