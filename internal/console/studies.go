package console

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/policy"
	"github.com/qbench/qbench/internal/sheets"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/internal/study"
)

// states in lifecycle order, for filters and buttons.
var states = []string{benchmark.StateDraft, benchmark.StateOpen, benchmark.StateClosed, benchmark.StatePublished}

// allowed tells whether the actor may take the action on the study: the
// one question behind every button.
func allowed(a auth.Actor, action policy.Action, st *policy.Study) bool {
	return policy.Authorize(a, action, st) == nil
}

// loadStudy finds a study the caller may take the action on; a study it
// may not see is answered as one that does not exist.
func (s *Server) loadStudy(ctx context.Context, a auth.Actor, action policy.Action, code string) (*benchmark.Study, *policy.Study, error) {
	if err := policy.Authorize(a, action, nil); err != nil {
		return nil, nil, err
	}
	st, err := s.store.FindStudyByCode(ctx, code)
	if err != nil {
		return nil, nil, err
	}
	pst := policy.Of(st)
	if err := policy.Authorize(a, action, pst); err != nil {
		return nil, nil, err
	}
	return st, pst, nil
}

type studyLine struct {
	Code, Title, Lab, State string
	Updated                 string
}

type studiesData struct {
	States  []string
	State   string
	Query   string
	Studies []studyLine
	Blind   bool
}

// studies is the list of the studies the caller may see, by state, with a
// search on code and title (code only for a lab, which sees no titles).
func (s *Server) studies(w http.ResponseWriter, r *http.Request, c *call) {
	if err := policy.Authorize(c.actor, policy.ListStudies, nil); err != nil {
		s.fail(w, r, c, err)
		return
	}
	q := r.URL.Query()
	state := q.Get("state")
	if !slices.Contains(states, state) {
		state = ""
	}
	query := strings.TrimSpace(q.Get("q"))
	scope := policy.ScopeOf(c.actor)
	if policy.Blind(c.actor) {
		// A lab's list is its work: the studies open for its results.
		// (Its closed and published studies stay reachable by their
		// pages, as the policy allows.)
		scope.States = policy.Scope{States: []string{benchmark.StateOpen}}.Narrow(scope.States)
	}
	var filter []string
	if state != "" {
		filter = []string{state}
	}
	narrowed := scope.Narrow(filter)
	d := studiesData{State: state, Query: query, Blind: policy.Blind(c.actor)}
	for _, st := range states {
		if scope.States == nil || slices.Contains(scope.States, st) {
			d.States = append(d.States, st)
		}
	}
	if narrowed == nil || len(narrowed) > 0 {
		list, _, err := s.store.FindStudies(r.Context(), store.StudyFilter{States: narrowed, Lab: scope.Lab, Limit: 1000})
		if err != nil {
			s.fail(w, r, c, err)
			return
		}
		needle := strings.ToLower(query)
		for _, st := range list {
			title := policy.RedactTitle(c.actor, st.Title)
			if needle != "" && !strings.Contains(strings.ToLower(st.Code), needle) &&
				!strings.Contains(strings.ToLower(title), needle) {
				continue
			}
			d.Studies = append(d.Studies, studyLine{Code: st.Code, Title: title, Lab: st.Lab, State: st.State,
				Updated: st.UpdatedAt.UTC().Format("2006-01-02")})
		}
	}
	s.render(w, r, c, http.StatusOK, "studies", "console.studies.title", d)
}

type setLine struct {
	Name, Title string
}

type newStudyData struct {
	Design   string
	From     string
	Message  string
	Problems []problemRow
	More     int
	Sets     []setLine
	Studies  []string // earlier studies a new round may start from
}

// newStudyPage offers the three starts of a study: a design workbook (blank
// or with an indicator set's indicators, to fill in and upload), a design
// JSON, or an earlier round's design (?from=CODE) to edit into the next.
func (s *Server) newStudyPage(w http.ResponseWriter, r *http.Request, c *call) {
	if err := policy.Authorize(c.actor, policy.CreateStudy, nil); err != nil {
		s.fail(w, r, c, err)
		return
	}
	data, err := s.newStudyData(r.Context(), c)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	if from := r.URL.Query().Get("from"); from != "" {
		// The next round's draft as the API's clone makes it (the same
		// regions, indicators, lab and programme, the earlier study as its
		// predecessor, no samples), to edit before it is created.
		req, _ := json.Marshal(study.CloneRequest{Code: from + "-next"})
		doc, err := s.study.CloneDesign(r.Context(), c.actor, from, req)
		if err != nil {
			s.fail(w, r, c, err)
			return
		}
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, doc, "", "  "); err != nil {
			s.fail(w, r, c, fmt.Errorf("indent the next round of %s: %w", from, err))
			return
		}
		data.From, data.Design = from, pretty.String()
	}
	s.render(w, r, c, http.StatusOK, "newstudy", "console.new.title", data)
}

func (s *Server) newStudyData(ctx context.Context, c *call) (*newStudyData, error) {
	d := &newStudyData{}
	sets, err := s.study.IndicatorSets(c.actor)
	if err != nil {
		return nil, err
	}
	for _, set := range sets {
		title := set.Title
		if c.lang.lang == i18n.EN && set.TitleEn != "" {
			title = set.TitleEn
		}
		d.Sets = append(d.Sets, setLine{Name: set.Name, Title: title})
	}
	list, _, err := s.store.FindStudies(ctx, store.StudyFilter{Limit: 1000})
	if err != nil {
		return nil, err
	}
	for _, st := range list {
		d.Studies = append(d.Studies, st.Code)
	}
	return d, nil
}

// designWorkbook is a design workbook to fill in: blank (with examples) or
// with an indicator set's indicators (?set=NAME).
func (s *Server) designWorkbook(w http.ResponseWriter, r *http.Request, c *call) {
	if err := policy.Authorize(c.actor, policy.CreateStudy, nil); err != nil {
		s.fail(w, r, c, err)
		return
	}
	if name := r.URL.Query().Get("set"); name != "" {
		f, err := s.study.IndicatorSetTemplate(c.actor, name, c.lang.lang)
		if err != nil {
			s.fail(w, r, c, err)
			return
		}
		sendFile(w, f)
		return
	}
	// A blank workbook (its examples make a valid design once filled).
	var buf bytes.Buffer
	if err := sheets.WriteDesignTemplate(&buf, nil, c.lang.lang); err != nil {
		s.fail(w, r, c, fmt.Errorf("design workbook: %w", err))
		return
	}
	sendFile(w, &study.File{Body: buf.Bytes(), ContentType: sheets.XLSX.ContentType(), Filename: "design.xlsx"})
}

// createStudy makes a study from a design JSON file or pasted text. A
// refused design comes back with every problem in a table, and the text
// kept so that it can be fixed in place.
func (s *Server) createStudy(w http.ResponseWriter, r *http.Request, c *call) {
	if err := policy.Authorize(c.actor, policy.CreateStudy, nil); err != nil {
		s.fail(w, r, c, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUploadBytes)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.fail(w, r, c, err)
		return
	}
	body := []byte(r.PostFormValue("design"))
	contentType := "application/json"
	if f, hdr, err := r.FormFile("file"); err == nil {
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			s.fail(w, r, c, err)
			return
		}
		if len(data) > 0 {
			body, contentType = data, hdr.Header.Get("Content-Type")
		}
	}
	// A workbook is read into the design's JSON document first (its
	// problems placed by sheet, row and column); then the JSON takes the
	// same path as the API's.
	doc, err := study.DesignDocument(contentType, body)
	var d *benchmark.Design
	if err == nil {
		d, err = s.study.ParseDesign(r.Context(), doc) // with its place among programmes and rounds
	}
	if err == nil {
		_, err = s.store.CreateStudy(r.Context(), d, c.actor)
	}
	if err != nil {
		pr := i18n.For(c.lang.lang)
		data, derr := s.newStudyData(r.Context(), c)
		if derr != nil {
			s.fail(w, r, c, derr)
			return
		}
		if !sheets.IsWorkbook(body) {
			data.Design = string(body)
		}
		e := explained(r, c, err)
		data.Message, data.Problems, data.More = e.Lead, problemRows(e), e.Truncated
		if len(body) == 0 {
			data.Message = pr.Sprintf("console.new.empty")
		}
		s.render(w, r, c, e.Status, "newstudy", "console.new.title", data)
		return
	}
	http.Redirect(w, r, "/studies/"+url.PathEscape(d.Code), http.StatusSeeOther)
}

type regionLine struct {
	Code, Name string
	Focal      bool
	Samples    int
}

type sampleLine struct {
	Code, Region, Enterprise, Grade, Blind string
}

type move struct {
	To     string
	Reason bool   // a reason is required
	Key    string // the button's words: undoing a step has words of its own
}

// gridCell is one cell of the results grid: how many of the region's
// samples have a result for the indicator.
type gridCell struct {
	Have, Want int
}

type gridRow struct {
	Indicator string
	Name      string
	Cells     []gridCell
}

type studyData struct {
	Study      *benchmark.Study
	Regions    []regionLine
	Samples    []sampleLine
	Moves      []move
	Grid       []gridRow
	Missing    int
	CanSamples bool
	CanResults bool
	CanProfile bool
	CanFind    bool
	CanReports bool
	CanAudit   bool
	Uploaded   bool
}

// studyPage is a study: for the bureau its regions, indicators, samples
// with blind codes, lifecycle buttons and the results grid; for a reader
// what was published; a lab gets its blind page (labStudyPage).
func (s *Server) studyPage(w http.ResponseWriter, r *http.Request, c *call) {
	st, pst, err := s.loadStudy(r.Context(), c.actor, policy.ViewStudy, r.PathValue("code"))
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	if policy.Blind(c.actor) {
		s.labStudyPage(w, r, c, st, pst)
		return
	}
	d := st.Design
	data := studyData{Study: st,
		CanSamples: allowed(c.actor, policy.ViewSamples, pst),
		CanResults: allowed(c.actor, policy.ExportResults, pst),
		CanProfile: allowed(c.actor, policy.ViewProfile, pst) && st.ResultCount > 0,
		CanFind:    allowed(c.actor, policy.ReadFindings, pst),
		CanReports: allowed(c.actor, policy.ListReports, pst),
		CanAudit:   allowed(c.actor, policy.ViewAudit, pst),
	}
	counts := map[string]int{}
	for _, smp := range d.Samples {
		counts[smp.Region]++
	}
	for _, code := range append([]string{d.FocalRegion}, d.References()...) {
		reg := d.Region(code)
		name := code
		if reg != nil {
			name = reg.Name
			if c.lang.lang == i18n.EN && reg.NameEn != "" {
				name = reg.NameEn
			}
		}
		data.Regions = append(data.Regions, regionLine{Code: code, Name: name, Focal: code == d.FocalRegion, Samples: counts[code]})
	}
	if data.CanSamples {
		for _, smp := range d.Samples {
			data.Samples = append(data.Samples, sampleLine{Code: smp.Code, Region: smp.Region, Enterprise: smp.Enterprise,
				Grade: smp.Grade, Blind: st.BlindCodes[smp.Code]})
		}
	}
	if allowed(c.actor, policy.ChangeState, pst) {
		for _, to := range states {
			if benchmark.CheckTransition(st.State, to) == nil {
				m := move{To: to, Reason: benchmark.NeedsReason(st.State, to), Key: "console.move." + to}
				switch {
				case st.State == benchmark.StateClosed && to == benchmark.StateOpen:
					m.Key = "console.move.reopen"
				case st.State == benchmark.StatePublished && to == benchmark.StateClosed:
					m.Key = "console.move.withdraw"
				}
				data.Moves = append(data.Moves, m)
			}
		}
	}
	if data.CanResults && st.State != benchmark.StateDraft {
		results, err := s.store.FindResults(r.Context(), d.Code)
		if err != nil {
			s.fail(w, r, c, err)
			return
		}
		data.Grid, data.Missing = grid(d, data.Regions, results)
	}
	data.Uploaded = r.URL.Query().Get("uploaded") != ""
	s.render(w, r, c, http.StatusOK, "study", "console.study.title", data, d.Code)
}

// grid counts, per indicator and region, the samples with at least one
// result; a cell short of the region's samples is missing results.
func grid(d *benchmark.Design, regions []regionLine, results []benchmark.Result) ([]gridRow, int) {
	region := make(map[string]string, len(d.Samples))
	for _, smp := range d.Samples {
		region[smp.Code] = smp.Region
	}
	type key struct{ ind, sample string }
	seen := map[key]bool{}
	have := map[[2]string]int{}
	for _, res := range results {
		k := key{res.Indicator, res.Sample}
		if seen[k] {
			continue
		}
		seen[k] = true
		have[[2]string{res.Indicator, region[res.Sample]}]++
	}
	missing := 0
	rows := make([]gridRow, 0, len(d.Indicators))
	for _, ind := range d.Indicators {
		row := gridRow{Indicator: ind.Code, Name: ind.Name}
		for _, reg := range regions {
			cell := gridCell{Have: have[[2]string{ind.Code, reg.Code}], Want: reg.Samples}
			missing += cell.Want - min(cell.Have, cell.Want)
			row.Cells = append(row.Cells, cell)
		}
		rows = append(rows, row)
	}
	return rows, missing
}

// changeState moves a study through its lifecycle with the reason given
// in the button's dialog; the store applies the rules (a reason where a
// step is undone, results before closing).
func (s *Server) changeState(w http.ResponseWriter, r *http.Request, c *call) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, c, err)
		return
	}
	code := r.PathValue("code")
	if _, _, err := s.loadStudy(r.Context(), c.actor, policy.ChangeState, code); err != nil {
		s.fail(w, r, c, err)
		return
	}
	if _, err := s.store.SetState(r.Context(), code, r.PostForm.Get("to"), c.actor, r.PostForm.Get("reason")); err != nil {
		s.fail(w, r, c, err)
		return
	}
	http.Redirect(w, r, "/studies/"+url.PathEscape(code), http.StatusSeeOther)
}

// auditData is a study's audit trail, newest first.
type auditData struct {
	Code   string
	Events []store.AuditEvent
}

// allAudit is the audit trail of every study and of the tokens, newest
// first: the bureau's timeline.
func (s *Server) allAudit(w http.ResponseWriter, r *http.Request, c *call) {
	if err := policy.Authorize(c.actor, policy.ViewAudit, nil); err != nil {
		s.fail(w, r, c, err)
		return
	}
	events, err := s.store.FindAudit(r.Context(), store.AuditFilter{Limit: 1000})
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	slices.Reverse(events)
	s.render(w, r, c, http.StatusOK, "audit", "console.audit.all", auditData{Events: events})
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, c *call) {
	code := r.PathValue("code")
	if _, _, err := s.loadStudy(r.Context(), c.actor, policy.ViewAudit, code); err != nil {
		s.fail(w, r, c, err)
		return
	}
	events, err := s.store.FindAudit(r.Context(), store.AuditFilter{Study: code, Limit: 1000})
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	slices.Reverse(events)
	s.render(w, r, c, http.StatusOK, "audit", "console.audit.title", auditData{Code: code, Events: events}, code)
}
