package console

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/policy"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/reports/model"
)

// violationLine is a non-compliant sample as the profile page lists it.
type violationLine struct {
	Indicator, Sample, Region, Value, Limit string
}

// claimLine is how many of a region's samples meet an indicator's claim.
type claimLine struct {
	Indicator, Claim, Region string
	Met, N                   int
}

// profileView builds the profile page's data: the report model of the
// study's profile in one language, its charts laid out, the non-compliant
// samples and the claims.
// It returns the revision of the results it read.
func (s *Server) profileView(ctx context.Context, code string, body []byte, findings *benchmark.Findings, lang i18n.Lang) (*profileData, int64, error) {
	var p benchmark.Profile
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, 0, fmt.Errorf("decode profile of %s: %w", code, err)
	}
	st, results, err := s.store.LoadStudyData(ctx, code)
	if err != nil {
		return nil, 0, err
	}
	m, err := model.New(model.Input{Design: st.Design, Results: results, Profile: &p, Findings: findings}, lang)
	if err != nil {
		return nil, 0, fmt.Errorf("report model of %s: %w", code, err)
	}
	data := &profileData{Code: code, Report: m, Bars: layoutBars(&m.Bars), Radar: layoutRadar(&m.Radar), Dots: layoutDots(&m.Dots)}
	for _, ip := range p.Indicators {
		ind := st.Design.Indicator(ip.Code)
		for _, v := range ip.Violations {
			val := model.FormatValue(v.Value, ind.DecimalsOrDefault())
			if v.Value == nil && v.LOD != nil {
				val = "<" + model.FormatLimit(*v.LOD)
			}
			data.Violations = append(data.Violations, violationLine{Indicator: m.IndicatorName(ip.Code), Sample: v.Sample,
				Region: m.RegionName(v.Region), Value: val, Limit: model.LimitText(ind.LimitMin, ind.LimitMax)})
		}
		if ind.Claim != nil {
			for _, reg := range m.Regions {
				sum, ok := ip.Regions[reg.Code]
				if !ok || sum.ClaimMet == nil {
					continue
				}
				data.Claims = append(data.Claims, claimLine{Indicator: m.IndicatorName(ip.Code),
					Claim: m.Name(ind.Claim.Label, ind.Claim.LabelEn), Region: reg.Name, Met: *sum.ClaimMet, N: sum.N})
			}
		}
	}
	return data, st.Revision, nil
}

// modelKey names one rendering of a profile page's data: the study at a
// revision, in a language, with or without the findings of a moment.
type modelKey struct {
	code       string
	revision   int64
	lang       i18n.Lang
	findings   bool
	findingsAt int64
}

// modelCache keeps the last profile pages' data (the report model and the
// charts' layout), so that a page read again builds nothing: a new
// revision, language or findings is a new key, and the oldest entries go
// first.
type modelCache struct {
	mu    sync.Mutex
	byKey map[modelKey]*profileData
	order []modelKey
	max   int
}

func newModelCache(max int) *modelCache {
	return &modelCache{byKey: map[modelKey]*profileData{}, max: max}
}

func (c *modelCache) get(k modelKey) (*profileData, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.byKey[k]
	return d, ok
}

func (c *modelCache) put(k modelKey, d *profileData) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byKey[k]; ok {
		return
	}
	c.byKey[k] = d
	c.order = append(c.order, k)
	for len(c.order) > c.max {
		delete(c.byKey, c.order[0])
		c.order = c.order[1:]
	}
}

type profileData struct {
	Code       string
	Report     *model.Report
	Bars       *svgBars
	Radar      *svgRadar
	Dots       []svgDots
	Violations []violationLine
	Claims     []claimLine
	CanFind    bool
	CanReports bool
}

// profilePage is the study's profile in the report's own words: the
// report model (reports/model) worded in the page's language, its charts
// drawn as SVG from the same geometry the PDF draws.
func (s *Server) profilePage(w http.ResponseWriter, r *http.Request, c *call) {
	ctx := r.Context()
	code := r.PathValue("code")
	_, pst, err := s.loadStudy(ctx, c.actor, policy.ViewProfile, code)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	body, revision, err := s.study.Profile(ctx, c.actor, code)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	var findings *benchmark.Findings
	var findingsAt time.Time
	canFind := allowed(c.actor, policy.ReadFindings, pst)
	if canFind {
		f, at, err := s.store.FindFindings(ctx, code)
		if err != nil && benchmark.ErrorCode(err) != benchmark.ENOTFOUND {
			s.fail(w, r, c, err)
			return
		}
		findings, findingsAt = f, at
	}
	key := modelKey{code: code, revision: revision, lang: c.lang.lang, findings: canFind, findingsAt: findingsAt.UnixNano()}
	view, ok := s.models.get(key)
	if !ok {
		var at int64
		if view, at, err = s.profileView(ctx, code, body, findings, c.lang.lang); err != nil {
			s.fail(w, r, c, err)
			return
		}
		// Results stored between the profile and this read: the page is
		// right for this request (the profile's revision) but is not kept.
		if at == revision {
			s.models.put(key, view)
		}
	}
	data := *view
	data.CanFind, data.CanReports = canFind, allowed(c.actor, policy.ListReports, pst)
	s.render(w, r, c, http.StatusOK, "profile", "console.profile.title", data, code)
}

type causeField struct {
	Indicator, Name string
	ZH, EN          string
}

// findingsData is the findings editor: the report's metadata, and every
// text in Chinese and in English side by side (findings revision 2).
type findingsData struct {
	Code                                 string
	Report                               benchmark.ReportInfo
	Causes                               []causeField
	ConclusionsZH, ConclusionsEN         string
	RecommendationsZH, RecommendationsEN string
	AuthorsZH, AuthorsEN                 string
	CanWrite                             bool
	Saved                                bool
	Message                              string
	Problems                             []problemRow
}

// findingsPage is the findings editor (a reader sees them, read-only).
func (s *Server) findingsPage(w http.ResponseWriter, r *http.Request, c *call) {
	code := r.PathValue("code")
	st, pst, err := s.loadStudy(r.Context(), c.actor, policy.ReadFindings, code)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	f, _, err := s.store.FindFindings(r.Context(), code)
	if err != nil && benchmark.ErrorCode(err) != benchmark.ENOTFOUND {
		s.fail(w, r, c, err)
		return
	}
	if f == nil {
		f = &benchmark.Findings{}
	}
	data := findingsForm(st, f, c.lang.lang == i18n.EN)
	data.CanWrite = allowed(c.actor, policy.WriteFindings, pst) && benchmark.CheckFindingsAllowed(code, st.State) == nil
	data.Saved = r.URL.Query().Get("saved") != ""
	s.render(w, r, c, http.StatusOK, "findings", "console.findings.title", data, code)
}

// joinTexts joins one language of texts: paragraphs with a blank line
// between them (sep "\n\n") or lines (sep "\n").
func joinTexts(ts []benchmark.Text, sep string) (zh, en string) {
	var z, e []string
	for _, t := range ts {
		z, e = append(z, t.ZH), append(e, t.EN)
	}
	return strings.TrimSpace(strings.Join(z, sep)), strings.TrimSpace(strings.Join(e, sep))
}

// findingsForm fills the editor: a cause field per indicator and language,
// conclusions as paragraphs separated by blank lines, recommendations one
// a line, the n-th paragraph or line of one language beside the n-th of
// the other.
func findingsForm(st *benchmark.Study, f *benchmark.Findings, en bool) findingsData {
	d := findingsData{Code: st.Design.Code, AuthorsZH: f.Authors.ZH, AuthorsEN: f.Authors.EN}
	if f.Report != nil {
		d.Report = *f.Report
	}
	d.ConclusionsZH, d.ConclusionsEN = joinTexts(f.Conclusions, "\n\n")
	d.RecommendationsZH, d.RecommendationsEN = joinTexts(f.Recommendations, "\n")
	causes := map[string][]benchmark.Text{}
	for _, cs := range f.Causes {
		causes[cs.Indicator] = append(causes[cs.Indicator], cs.Text)
	}
	for _, ind := range st.Design.Indicators {
		name := ind.Name
		if en && ind.NameEn != "" {
			name = ind.NameEn
		}
		zh, enText := joinTexts(causes[ind.Code], "\n\n")
		d.Causes = append(d.Causes, causeField{Indicator: ind.Code, Name: name, ZH: zh, EN: enText})
	}
	return d
}

// splitTexts pairs the paragraphs (sep "\n\n") or lines (sep "\n") of the
// Chinese and the English field: the n-th of one with the n-th of the
// other.
func splitTexts(zh, en, sep string) []benchmark.Text {
	parts := func(s string) []string {
		var out []string
		for _, p := range strings.Split(normalise(s), sep) {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	z, e := parts(zh), parts(en)
	var out []benchmark.Text
	for i := range max(len(z), len(e)) {
		var t benchmark.Text
		if i < len(z) {
			t.ZH = z[i]
		}
		if i < len(e) {
			t.EN = e[i]
		}
		out = append(out, t)
	}
	return out
}

// saveFindings stores the editor's findings through the same parser and
// rules as the API's PUT (benchmark.ParseFindings, store.PutFindings).
func (s *Server) saveFindings(w http.ResponseWriter, r *http.Request, c *call) {
	code := r.PathValue("code")
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, c, err)
		return
	}
	st, _, err := s.loadStudy(r.Context(), c.actor, policy.WriteFindings, code)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	form := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	f := benchmark.Findings{Authors: benchmark.Text{ZH: form("authors_zh"), EN: form("authors_en")}}
	info := benchmark.ReportInfo{Number: form("report_number"), Date: form("report_date"), Issuer: form("report_issuer"),
		IssuerEn: form("report_issuer_en"), PreparedBy: form("report_prepared_by"), ReviewedBy: form("report_reviewed_by"),
		ApprovedBy: form("report_approved_by")}
	if info != (benchmark.ReportInfo{}) {
		f.Report = &info
	}
	for _, ind := range st.Design.Indicators {
		for _, t := range splitTexts(r.PostForm.Get("cause_zh_"+ind.Code), r.PostForm.Get("cause_en_"+ind.Code), "\n\n") {
			f.Causes = append(f.Causes, benchmark.Cause{Indicator: ind.Code, Text: t})
		}
	}
	f.Conclusions = splitTexts(r.PostForm.Get("conclusions_zh"), r.PostForm.Get("conclusions_en"), "\n\n")
	f.Recommendations = splitTexts(r.PostForm.Get("recommendations_zh"), r.PostForm.Get("recommendations_en"), "\n")
	body, err := json.Marshal(f)
	if err == nil {
		var parsed *benchmark.Findings
		if parsed, err = benchmark.ParseFindings(body, st.Design); err == nil {
			err = s.store.PutFindings(r.Context(), code, parsed, c.actor)
		}
	}
	if err != nil {
		data := findingsForm(st, &f, c.lang.lang == i18n.EN)
		data.CanWrite = true
		e := explained(r, c, err)
		data.Message, data.Problems = e.Lead, problemRows(e)
		s.render(w, r, c, e.Status, "findings", "console.findings.title", data, code)
		return
	}
	http.Redirect(w, r, "/studies/"+url.PathEscape(code)+"/findings?saved=1", http.StatusSeeOther)
}

// normalise turns a textarea's CRLF line ends into LF.
func normalise(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

type reportsData struct {
	Code      string
	Reports   []store.Report
	CanRender bool
	Message   string
}

// reportsPage lists a study's reports with their SHA-256, and renders new
// ones in Chinese or English.
func (s *Server) reportsPage(w http.ResponseWriter, r *http.Request, c *call) {
	code := r.PathValue("code")
	st, pst, err := s.loadStudy(r.Context(), c.actor, policy.ListReports, code)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	list, err := s.store.FindReports(r.Context(), code)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	data := reportsData{Code: code, Reports: list,
		CanRender: allowed(c.actor, policy.RenderReport, pst) && benchmark.CheckReportAllowed(code, st.State) == nil}
	s.render(w, r, c, http.StatusOK, "reports", "console.reports.title", data, code)
}

// renderReport renders and stores a report through the use case (its
// gate, its checks), then shows the list with the new report in it.
func (s *Server) renderReport(w http.ResponseWriter, r *http.Request, c *call) {
	code := r.PathValue("code")
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, c, err)
		return
	}
	if _, err := s.study.Report(r.Context(), c.actor, code, r.PostForm.Get("lang")); err != nil {
		s.fail(w, r, c, err)
		return
	}
	http.Redirect(w, r, "/studies/"+url.PathEscape(code)+"/reports", http.StatusSeeOther)
}

// downloadReport serves a stored PDF to whoever may download the study's
// reports (a reader: only of a published study).
func (s *Server) downloadReport(w http.ResponseWriter, r *http.Request, c *call) {
	code := r.PathValue("code")
	if _, _, err := s.loadStudy(r.Context(), c.actor, policy.DownloadReport, code); err != nil {
		s.fail(w, r, c, err)
		return
	}
	rep, st, err := s.store.FindReport(r.Context(), r.PathValue("id"))
	if err == nil && st.Design.Code != code {
		err = policy.NotFound(code)
	}
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s.pdf"`, code, rep.Lang))
	h.Set("ETag", `"`+rep.SHA256+`"`)
	w.Write(rep.PDF)
}
