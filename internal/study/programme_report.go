package study

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/policy"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/reports"
	"github.com/qbench/qbench/reports/model"
)

// reportStates are the states of the studies a programme report shows:
// those whose results are final.
var reportStates = []string{benchmark.StateClosed, benchmark.StatePublished}

// ProgrammeReport renders programme code's summary report (总报告) in lang
// from the current data of its closed and published studies, and stores
// it with its SHA-256 and the studies (at their revisions) it shows.
// Readers may download it once every one of them is published.
func (s *Service) ProgrammeReport(ctx context.Context, a auth.Actor, code, lang string) (*store.ProgrammeReport, error) {
	if err := policy.Authorize(a, policy.RenderProgrammeReport, nil); err != nil {
		return nil, err
	}
	if err := CheckLang(lang); err != nil {
		return nil, err
	}
	start := time.Now()
	data, err := s.loadProgramme(ctx, a, policy.RenderProgrammeReport, code, reportStates)
	if err != nil {
		return nil, err
	}
	causes, err := s.causes(ctx, data)
	if err != nil {
		return nil, err
	}
	in := data.reportInput(causes, lang)
	if err := s.gate.Acquire(ctx); err != nil {
		return nil, err
	}
	var pdf bytes.Buffer
	err = reports.RenderProgramme(ctx, &pdf, in, lang, time.Time{})
	s.gate.Release()
	if err != nil {
		return nil, fmt.Errorf("render report of programme %s: %w", code, err)
	}
	studies := make([]store.StudyRevision, len(data.studies))
	for i, ps := range data.studies {
		studies[i] = store.StudyRevision{Code: ps.Code, Revision: ps.Revision}
	}
	rep, err := s.store.CreateProgrammeReport(ctx, code, lang, pdf.Bytes(), studies, a)
	if err != nil {
		return nil, err
	}
	s.metrics.ObserveReport(time.Since(start))
	return rep, nil
}

// reportInput is what the summary report of data shows: the dashboard's
// studies, matrix and follow-ups, and the register with the causes.
func (d *programmeData) reportInput(causes map[string]map[string]benchmark.Text, lang string) model.ProgrammeInput {
	dash := d.dashboard()
	reg := d.register(causes)
	designs := map[string]*benchmark.Design{}
	for _, ps := range d.studies {
		designs[ps.Code] = ps.Design
	}
	productEn := func(study string) string {
		if d := designs[study]; d != nil {
			return d.ProductEn
		}
		return ""
	}
	in := model.ProgrammeInput{Code: dash.Programme.Code, Title: dash.Programme.Title, TitleEn: dash.Programme.TitleEN,
		Description: dash.Programme.Description, Categories: dash.Matrix.Categories}
	for _, st := range dash.Studies {
		in.Studies = append(in.Studies, model.ProgrammeStudy{Code: st.Code, Title: st.Title, Product: st.Product, ProductEn: productEn(st.Code),
			Industry: st.Industry, Round: st.Round, State: st.State, FocalRegion: st.FocalRegion,
			Advantages: st.Advantages, Shortfalls: st.Shortfalls, Violations: st.Violations, Rank: st.Rank, Regions: st.Regions})
	}
	for _, r := range dash.Matrix.Rows {
		in.Matrix = append(in.Matrix, model.MatrixRow{Product: r.Product, ProductEn: productEn(r.Study), Study: r.Study, Round: r.Round, Counts: r.Counts, Total: r.Total})
	}
	for _, e := range reg.Entries {
		me := model.RegisterEntry{Product: e.Product, ProductEn: e.ProductEn, Indicator: e.Indicator, IndicatorName: e.IndicatorName,
			Appeared: e.Appeared, Study: e.Study, Status: e.Status, Cause: e.Cause.Any(lang)}
		for _, l := range e.Later {
			me.Later = append(me.Later, model.RegisterRound{Round: l.Round, Study: l.Study, Status: l.Status})
		}
		me.IndicatorNameEn = e.IndicatorNameEn
		in.Register = append(in.Register, me)
	}
	for _, pf := range dash.FollowUps {
		mf := model.ProductFollowUp{Product: pf.Product, FocalRegion: pf.FocalRegion}
		if len(pf.Rounds) > 0 {
			mf.ProductEn = productEn(pf.Rounds[0].Study)
		}
		for _, r := range pf.Rounds {
			mf.Rounds = append(mf.Rounds, model.RoundFollowUp{Study: r.Study, Round: r.Round, Predecessor: r.Predecessor,
				PredecessorRound: r.PredecessorRound, Closed: r.Summary.Closed, Persisting: r.Summary.Persisting,
				New: r.Summary.New, Improved: r.Summary.Improved, Worsened: r.Summary.Worsened})
		}
		in.FollowUps = append(in.FollowUps, mf)
	}
	return in
}

// causes reads the experts' causes of every study of data: study →
// indicator → text (several causes of one indicator joined by lines, in
// each language).
func (s *Service) causes(ctx context.Context, data *programmeData) (map[string]map[string]benchmark.Text, error) {
	out := map[string]map[string]benchmark.Text{}
	for _, ps := range data.studies {
		f, _, err := s.store.FindFindings(ctx, ps.Code)
		if err != nil {
			return nil, err
		}
		if f == nil {
			continue
		}
		out[ps.Code] = map[string]benchmark.Text{}
		for _, c := range f.Causes {
			out[ps.Code][c.Indicator] = joinTexts(out[ps.Code][c.Indicator], c.Text)
		}
	}
	return out, nil
}

// ProgrammeReports lists programme code's reports the caller may read:
// admins every one, readers those whose studies are all published.
func (s *Service) ProgrammeReports(ctx context.Context, a auth.Actor, code string) ([]store.ProgrammeReport, error) {
	if err := policy.Authorize(a, policy.ListProgrammeReports, nil); err != nil {
		return nil, err
	}
	list, err := s.store.FindProgrammeReports(ctx, code)
	if err != nil {
		return nil, err
	}
	scope := policy.ScopeOf(a)
	if scope.States == nil {
		return list, nil
	}
	visible, err := s.store.FindProgrammeStudies(ctx, code, store.StudyFilter{Lab: scope.Lab, States: scope.Narrow(nil)})
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, v := range visible {
		seen[v.Code] = true
	}
	return slices.DeleteFunc(list, func(r store.ProgrammeReport) bool {
		return slices.ContainsFunc(r.Studies, func(st store.StudyRevision) bool { return !seen[st.Code] })
	}), nil
}

// ProgrammeReportPDF returns one stored report of programme code with its
// PDF: to readers only once every study it shows is published (until
// then it is "not found", like a report that does not exist).
func (s *Service) ProgrammeReportPDF(ctx context.Context, a auth.Actor, code, id string) (*store.ProgrammeReport, error) {
	if err := policy.Authorize(a, policy.DownloadProgrammeReport, nil); err != nil {
		return nil, err
	}
	rep, err := s.store.FindProgrammeReport(ctx, code, id)
	if err != nil {
		return nil, err
	}
	for _, st := range rep.Studies {
		if !policy.Visible(a, &policy.Study{Code: st.Code, State: rep.States[st.Code]}) {
			msg := i18n.M("api.report_not_found", id)
			return nil, &benchmark.Error{Code: benchmark.ENOTFOUND, Msg: msg, Message: i18n.For(i18n.EN).Message(msg)}
		}
	}
	return rep, nil
}

// PreviousRound is a study's previous round, for its report's follow-up
// chapter.
type PreviousRound struct {
	Design  *benchmark.Design
	Results []benchmark.Result
}

// previousRound loads the round design names as predecessor; nil when it
// names none or that study is gone (the report then has no follow-up
// chapter).
func (s *Service) previousRound(ctx context.Context, d *benchmark.Design) (*PreviousRound, error) {
	if d.Predecessor == "" {
		return nil, nil
	}
	st, results, err := s.store.LoadStudyData(ctx, d.Predecessor)
	if benchmark.ErrorCode(err) == benchmark.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &PreviousRound{Design: st.Design, Results: results}, nil
}

// followUp is the report's follow-up chapter input: nil without a
// previous round. A pair the method cannot compare (§7: the focal regions
// differ) gets no chapter rather than no report.
func (in ReportInput) followUp() (*model.FollowUpInput, error) {
	if in.Previous == nil {
		return nil, nil
	}
	f, err := FollowUpOf(in.Previous.Design, in.Previous.Results, in.Design, in.Results)
	if benchmark.ErrorCode(err) == benchmark.EINVALID {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	prev, err := Analyze(in.Previous.Design, in.Previous.Results)
	if err != nil {
		return nil, err
	}
	return &model.FollowUpInput{Report: f, Previous: in.Previous.Design, PreviousProfile: prev}, nil
}

// joinTexts puts b after a, line by line in each language; a text given
// as a plain string stays one while the other adds nothing to it.
func joinTexts(a, b benchmark.Text) benchmark.Text {
	switch {
	case a.IsZero():
		return b
	case b.IsZero():
		return a
	}
	join := func(x, y string) string {
		switch {
		case x == "":
			return y
		case y == "":
			return x
		}
		return x + "\n" + y
	}
	out := benchmark.Text{ZH: join(a.ZH, b.ZH), EN: join(a.EN, b.EN)}
	out.Bare = a.Bare && b.Bare && (out.ZH == "" || out.EN == "")
	return out
}
