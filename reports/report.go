package reports

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/reports/model"
)

// Input is everything a report shows. Design and Profile are required;
// Findings may be nil (the report then says that the experts have not
// written any yet).
type Input struct {
	Design   *benchmark.Design
	Results  []benchmark.Result
	Profile  *benchmark.Profile
	Findings *benchmark.Findings
	// FollowUp, when set, is the study's previous round: the report gets
	// a follow-up chapter (section_followup.go).
	FollowUp *model.FollowUpInput
	// Date is printed on the cover and stored as the PDF's creation and
	// modification date. The findings' report.date replaces it; the zero
	// time means DateFromData(Design, Results); when that is zero too, the
	// cover prints no date. A report never carries the wall clock and stays
	// reproducible.
	Date time.Time
	// DataAnnexSHA256 is the SHA-256 (hex) of the study's XLSX data annex
	// (WriteDataAnnex), stored beside the PDF; the report prints it so that
	// the annex can be checked against the signed report. Empty when the
	// caller made none.
	DataAnnexSHA256 string
}

// Render writes the analysis report of in as a PDF to w, in Chinese
// (lang "zh") or English ("en"). The same Input always gives the same
// bytes. Nothing is written when Render fails.
func Render(w io.Writer, in Input, lang string) error {
	return RenderContext(context.Background(), w, in, lang)
}

// RenderContext is Render that stops, between sections, once ctx is done
// (a request whose client went away), returning ctx's error.
func RenderContext(ctx context.Context, w io.Writer, in Input, lang string) (err error) {
	t, ok := catalogs[lang]
	if !ok {
		return fmt.Errorf("reports: unknown language %q (want \"zh\" or \"en\")", lang)
	}
	if err := CheckFont(); err != nil {
		return err
	}
	if err := checkInput(in); err != nil {
		return err
	}
	// The findings' report.date is the date the issuer gave: it wins over
	// any date of the data.
	if in.Findings != nil && in.Findings.Report != nil {
		if d, err := time.Parse(time.DateOnly, in.Findings.Report.Date); err == nil {
			in.Date = d
		}
	}
	if in.Date.IsZero() {
		in.Date = DateFromData(in.Design, in.Results)
	}
	// fpdf panics on what it cannot encode (runes above U+FFFF, which
	// clean replaces, are one known case). A report request must fail,
	// not take the server down with it.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("reports: rendering failed: %v", p)
		}
	}()
	m, err := model.New(model.Input{Design: in.Design, Results: in.Results, Profile: in.Profile, Findings: in.Findings}, i18n.Lang(lang))
	if err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	// Two passes (toc.go): the first finds every heading's page, the
	// second draws the contents with them.
	first := newReport(in, t, m)
	if err := first.build(ctx); err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	entries := shiftedContents(first.toc)
	r := newReport(in, t, m)
	r.tocIn = entries
	if err := r.build(ctx); err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	var buf bytes.Buffer
	if err := r.pdf.Output(&buf); err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// metadataEpoch stands in the PDF's creation and modification dates when
// the report has no date: fpdf would write the wall clock instead, and the
// same input must give the same bytes. It is never printed.
var metadataEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// DateFromData is the report date the data give: the latest tested_on
// among results (dates that are not YYYY-MM-DD are ignored), or the zero
// time when no result has one — the report then prints no date rather
// than an invented one.
func DateFromData(d *benchmark.Design, results []benchmark.Result) time.Time {
	var latest time.Time
	for i := range results {
		if t, err := time.Parse(time.DateOnly, results[i].TestedOn); err == nil && t.After(latest) {
			latest = t
		}
	}
	return latest
}

// checkInput refuses an input the report cannot present faithfully: a
// profile that does not belong to the design would print numbers under
// the wrong names.
func checkInput(in Input) error {
	d, p := in.Design, in.Profile
	if d == nil {
		return errors.New("reports: input has no design")
	}
	if p == nil {
		return errors.New("reports: input has no profile")
	}
	if d.Region(d.FocalRegion) == nil {
		return fmt.Errorf("reports: focal region %q is not a region of the design", d.FocalRegion)
	}
	if p.FocalRegion != d.FocalRegion {
		return fmt.Errorf("reports: profile focal region %q differs from the design's %q", p.FocalRegion, d.FocalRegion)
	}
	var errs []error
	knownRef := func(code string) bool { return code == benchmark.PooledReference || d.Region(code) != nil }
	for _, ip := range p.Indicators {
		if d.Indicator(ip.Code) == nil {
			errs = append(errs, fmt.Errorf("profile indicator %q is not in the design", ip.Code))
		}
		for code := range ip.Regions {
			if d.Region(code) == nil {
				errs = append(errs, fmt.Errorf("profile indicator %q: region %q is not in the design", ip.Code, code))
			}
		}
		for _, c := range ip.Comparisons {
			if !knownRef(c.Reference) {
				errs = append(errs, fmt.Errorf("profile indicator %q: reference %q is not in the design", ip.Code, c.Reference))
			}
		}
	}
	for _, list := range [][]benchmark.ProfileEntry{p.Advantages, p.Shortfalls} {
		for _, e := range list {
			if d.Indicator(e.Indicator) == nil || !knownRef(e.Reference) {
				errs = append(errs, fmt.Errorf("profile entry %s/%s does not match the design", e.Indicator, e.Reference))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("reports: profile does not belong to design %q: %w", d.Code, err)
	}
	return nil
}

// report is one document being built.
type report struct {
	pdf      *fpdf.Fpdf
	in       Input
	t        *words
	m        *model.Report
	design   *benchmark.Design
	profile  *benchmark.Profile
	findings *benchmark.Findings
	// toc collects the headings with their pages as they are laid out;
	// tocIn are the entries the contents show (nil in the first pass).
	toc, tocIn []tocEntry
	// profiles indexes the profile's indicators by code.
	profiles map[string]*benchmark.IndicatorProfile

	// Numbering of chapters, annexes, sections, figures and tables.
	chapterNo     int
	annexNo       int
	chapterNumber string // "3" or "A": the prefix of section numbers
	sectionNo     int
	figureNo      int
	tableNo       int
}

func newReport(in Input, t *words, m *model.Report) *report {
	r := &report{
		in:       in,
		t:        t,
		m:        m,
		design:   in.Design,
		profile:  in.Profile,
		findings: in.Findings,
		profiles: make(map[string]*benchmark.IndicatorProfile, len(in.Profile.Indicators)),
	}
	if r.findings == nil {
		r.findings = &benchmark.Findings{}
	}
	for i := range in.Profile.Indicators {
		ip := &in.Profile.Indicators[i]
		r.profiles[ip.Code] = ip
	}
	r.pdf = newDocument(r)
	return r
}

// build lays out the whole report, chapter by chapter.
func (r *report) build(ctx context.Context) error {
	for _, section := range []func(){
		r.cover,
		r.contents,
		r.summaryChapter,
		r.designChapter,
		r.samplesChapter,
		r.chartsChapter,
		r.resultsChapter,
		r.followUpChapter,
		r.findingsChapter,
		r.methodAnnex,
		r.sampleListAnnex,
		r.rawDataAnnex,
		r.statisticsAnnex,
	} {
		if err := ctx.Err(); err != nil {
			return err
		}
		section()
	}
	return nil
}

// Names in the report's language: Chinese names in zh; in en the English
// name, falling back to the Chinese one.

func (r *report) studyTitle() string { return r.t.name(r.design.Title, r.design.TitleEn) }

func (r *report) productName() string { return r.t.name(r.design.Product, r.design.ProductEn) }

func (r *report) regionName(code string) string {
	if code == benchmark.PooledReference {
		return r.t.s("report.pooled")
	}
	if reg := r.design.Region(code); reg != nil {
		return r.t.name(reg.Name, reg.NameEn)
	}
	return code
}

func (r *report) indicatorName(code string) string {
	if ind := r.design.Indicator(code); ind != nil {
		return r.t.name(ind.Name, ind.NameEn)
	}
	return code
}

// focalProduct is "巴中绿茶" / "Bazhong green tea".
func (r *report) focalProduct() string {
	return r.t.regionProduct(r.regionName(r.design.FocalRegion), r.productName())
}

// referenceCodes are the reference regions in design order.
func (r *report) referenceCodes() []string { return r.design.References() }

// regionCodesFocalFirst lists the focal region, then the references.
func (r *report) regionCodesFocalFirst() []string {
	return append([]string{r.design.FocalRegion}, r.referenceCodes()...)
}

// settings are the settings the analysis used: the profile's, or the
// design's when the profile does not carry them.
func (r *report) settings() benchmark.EffectiveSettings {
	if r.profile.Settings == (benchmark.EffectiveSettings{}) {
		return r.design.Effective()
	}
	return r.profile.Settings
}

// say words a message of the model in the report's language.
func (r *report) say(m i18n.Message) string { return r.m.Printer().Message(m) }
