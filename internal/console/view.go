package console

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/explain"
	"github.com/qbench/qbench/internal/httpx"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/policy"
	"github.com/qbench/qbench/reports/model"
)

// pages are the parsed templates: each page with the layout and the
// shared partials.
type pages struct {
	byName map[string]*template.Template
}

var funcs = template.FuncMap{
	// color is a palette role's colour, the PDF's palette.
	"color": func(r model.Role) string { return r.RGB().Hex() },
	"add":   func(a, b int) int { return a + b },
	"add0":  func(a, b float64) float64 { return a + b },
	"sub0":  func(a, b float64) float64 { return a - b },
}

func loadPages() (*pages, error) {
	names, err := fs.Glob(assets, "templates/page_*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{byName: map[string]*template.Template{}}
	for _, file := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(file, "templates/page_"), ".html")
		t, err := template.New(name).Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/part_*.html", file)
		if err != nil {
			return nil, err
		}
		p.byName[name] = t
	}
	return p, nil
}

// view is what every template gets: the words, the caller and the page's
// own data.
type view struct {
	p      *i18n.Printer
	Lang   i18n.Lang
	Other  i18n.Lang // the switch's other language
	Path   string    // the page's path and query, for the switch to come back to
	Actor  auth.Actor
	Signed bool
	Title  string
	Nav    string // the active item of the navigation
	Data   any
}

// T words a catalogue key.
func (v *view) T(key string, args ...any) string { return v.p.Sprintf(key, args...) }

// M words a message; a zero message is "".
func (v *view) M(m i18n.Message) string {
	if m.IsZero() {
		return ""
	}
	return v.p.Message(m)
}

// State words a lifecycle state.
func (v *view) State(s string) string { return v.p.Sprintf("store.state." + s) }

// Role words a role.
func (v *view) Role(r string) string {
	if !v.p.Has("policy.role." + r) {
		return r // the system actor (the CLI), which has no word of its own
	}
	return v.p.Sprintf("policy.role." + r)
}

// Can tells whether the caller's role may take an action at all: the
// navigation shows only what the policy permits.
func (v *view) Can(action string) bool { return policy.Permits(v.Actor, policy.Action(action)) }

// Time prints a time in the reader's convention, in UTC (the server's
// records are in UTC; a bureau works in one time zone and reads "UTC").
func (v *view) Time(t time.Time) string {
	if t.IsZero() {
		return model.Missing
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// Name picks the Chinese or English name of a thing.
func (v *view) Name(zh, en string) string {
	if v.Lang == i18n.EN && en != "" {
		return en
	}
	return zh
}

// IsCurrent tells whether path is the page shown (for aria-current).
func (v *view) IsCurrent(path string) bool {
	p, _, _ := strings.Cut(v.Path, "?")
	return p == path
}

// SwitchURL is the link of the language switch.
func (v *view) SwitchURL() string {
	return "/lang/" + string(v.Other) + "?next=" + url.QueryEscape(v.Path)
}

// render writes a page. Templates run into a buffer first, so that a
// template error becomes an error page, not half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, c *call, status int, name, titleKey string, data any, titleArgs ...any) {
	t := s.pages.byName[name]
	pr := i18n.For(c.lang.lang)
	v := &view{p: pr, Lang: pr.Lang(), Other: i18n.EN, Path: r.URL.RequestURI(), Actor: c.actor,
		Signed: c.actor.Role != "", Title: pr.Sprintf(titleKey, titleArgs...), Data: data}
	if v.Lang == i18n.EN {
		v.Other = i18n.ZH
	}
	if r.Method != http.MethodGet {
		v.Path = "/studies"
	}
	if t == nil {
		httpx.InfoFrom(r.Context()).AddError(fmt.Errorf("console: no page %q", name))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		httpx.InfoFrom(r.Context()).AddError(fmt.Errorf("console: render %s: %w", name, err))
		http.Error(w, pr.Sprintf("httpx.internal"), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", string(v.Lang))
	h.Set("Vary", "Cookie, Accept-Language")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// problemRow is one line of a table of problems: where (sheet or file,
// row, column or field) and why, in the page's language.
type problemRow struct {
	Row    int
	Where  string
	Reason string
}

// failData is the error page: a sentence and, for refused files, every
// problem in a table.
type failData struct {
	Status   int
	Message  string
	Problems []problemRow
	More     int
}

// fail answers an error as a page in the caller's language, with the
// status, sentence and problems explain gives it.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, c *call, err error) {
	e := explained(r, c, err)
	d := failData{Status: e.Status, Message: e.Lead, Problems: problemRows(e), More: e.Truncated}
	s.render(w, r, c, e.Status, "error", "console.error.title", d, e.Status)
}

// explained is err as explain words it in the caller's language; an error
// that is the server's fault is logged (by the request logger), since the
// page says no more than that it happened.
func explained(r *http.Request, c *call, err error) explain.Explanation {
	e := explain.Of(err, printer(c))
	if e.ServerFault() {
		httpx.InfoFrom(r.Context()).AddError(err)
	}
	return e
}

// problemRows is an explanation's problems as the lines of a table: a
// field's problems numbered, a file's at their rows, and each placed as
// the user sees it (sheet, column header and letter, or column and cell).
func problemRows(e explain.Explanation) []problemRow {
	out := make([]problemRow, len(e.Problems))
	for i, p := range e.Problems {
		row := problemRow{Row: p.Row, Where: p.Column, Reason: p.Reason}
		switch e.Place {
		case explain.ByField:
			row.Row, row.Where = i+1, p.Field
		case explain.BySheet:
			row.Where = strings.TrimSpace(p.Sheet + " " + p.Column)
			if p.Letter != "" {
				row.Where += " (" + p.Letter + ")"
			}
		case explain.ByRow:
			if p.Cell != "" {
				row.Where = strings.TrimSpace(p.Column + " " + p.Cell)
			}
		}
		out[i] = row
	}
	return out
}

// problemTable is the data of the "problemtable" partial.
type problemTable struct {
	V       *view
	Caption string
	Rows    []problemRow
	More    int
}

// Problems builds the data of the "problemtable" partial.
func (v *view) Problems(caption string, rows []problemRow, more int) problemTable {
	return problemTable{V: v, Caption: caption, Rows: rows, More: more}
}

// studyNav is the data of the "studynav" partial: the tabs the caller may
// open.
type studyNav struct {
	V                                 *view
	Code                              string
	Profile, Findings, Reports, Audit bool
}

// StudyNav builds the data of the "studynav" partial.
func (v *view) StudyNav(code string, profile, findings, reports, audit bool) studyNav {
	return studyNav{V: v, Code: code, Profile: profile, Findings: findings, Reports: reports, Audit: audit}
}

// sentences is the data of the "sentences" partial: an advantage or
// shortfall profile in the report's words.
type sentences struct {
	V     *view
	Title string
	S     model.ProfileSentences
	Class string
}

// Sentences builds the data of the "sentences" partial.
func (v *view) Sentences(title string, s model.ProfileSentences, class string) sentences {
	return sentences{V: v, Title: title, S: s, Class: class}
}
