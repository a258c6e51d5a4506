package study

// This file holds the use cases of programmes and rounds (issue 14):
// create and list programmes, a study's place among others, the follow-up
// of a study by its previous round, a programme's dashboard and its
// shortfall register. The API and the CLI call these; the console will.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/policy"
	"github.com/qbench/qbench/internal/store"
)

// SubjectProgramme marks the problems of a new programme.
const SubjectProgramme = store.SubjectProgramme

// CreateProgramme creates a programme (admins only), audited.
func (s *Service) CreateProgramme(ctx context.Context, a auth.Actor, p store.Programme) (*store.Programme, error) {
	if err := policy.Authorize(a, policy.CreateProgramme, nil); err != nil {
		return nil, err
	}
	return s.store.CreateProgramme(ctx, p, a)
}

// Programmes lists the programmes (admins and readers; a lab sees none).
func (s *Service) Programmes(ctx context.Context, a auth.Actor) ([]store.Programme, error) {
	if err := policy.Authorize(a, policy.ListProgrammes, nil); err != nil {
		return nil, err
	}
	return s.store.FindProgrammes(ctx)
}

// ParseDesign reads a design document and checks its place among the
// stored programmes and studies (the programme exists; the predecessor
// exists, is of the same product and focal region and of an earlier
// round): every problem of the design and of its place in one
// *benchmark.ValidationError. The store checks the place again when it
// stores the design.
func (s *Service) ParseDesign(ctx context.Context, body []byte) (*benchmark.Design, error) {
	d, err := benchmark.ParseDesign(body)
	var verr *benchmark.ValidationError
	if err != nil && !errors.As(err, &verr) {
		return nil, err // not a design at all: nothing to place
	}
	var p store.Placement
	if d != nil {
		p = store.PlacementOf(d)
	} else {
		// An invalid design still says where it belongs; the fields that
		// are not text are left out (their own problems are listed).
		var doc map[string]json.RawMessage
		_ = json.Unmarshal(body, &doc)
		field := func(name string) string {
			var v string
			_ = json.Unmarshal(doc[name], &v)
			return v
		}
		p = store.Placement{Code: field("code"), Product: field("product"), FocalRegion: field("focal_region"),
			Programme: field("programme"), Round: field("round"), Predecessor: field("predecessor")}
	}
	problems, perr := s.store.PlacementProblems(ctx, p)
	if perr != nil {
		return nil, perr
	}
	if verr != nil {
		return nil, &benchmark.ValidationError{Problems: append(slices.Clone(verr.Problems), problems...), Subject: verr.Subject}
	}
	if len(problems) > 0 {
		return nil, &benchmark.ValidationError{Problems: problems}
	}
	return d, nil
}

// FollowUp returns the follow-up document (JSON, the public "Follow-up"
// format) of study code against the study its design names as
// predecessor: ENOTFOUND when it names none, or when the caller may not
// see either round. The bytes are those of `qbench follow-up` on the same
// designs and results.
func (s *Service) FollowUp(ctx context.Context, a auth.Actor, code string) ([]byte, error) {
	f, err := s.FollowUpReport(ctx, a, code)
	if err != nil {
		return nil, err
	}
	return EncodeFollowUp(f)
}

// FollowUpReport is FollowUp before encoding (for the console). The
// report may be shared with other callers: do not change it.
func (s *Service) FollowUpReport(ctx context.Context, a auth.Actor, code string) (*benchmark.FollowUpReport, error) {
	h, err := s.authorize(ctx, a, policy.ViewFollowUp, code)
	if err != nil {
		return nil, err
	}
	now, err := s.loadRound(ctx, h.Code)
	if err != nil {
		return nil, err
	}
	pred := now.study.Design.Predecessor
	if pred == "" {
		msg := i18n.M("programmes.no_predecessor", h.Code)
		return nil, &benchmark.Error{Code: benchmark.ENOTFOUND, Msg: msg, Message: i18n.For(i18n.EN).Message(msg)}
	}
	if _, err := s.authorize(ctx, a, policy.ViewFollowUp, pred); err != nil {
		return nil, err
	}
	prev, err := s.loadRound(ctx, pred)
	if err != nil {
		return nil, err
	}
	if err := s.gate.Acquire(ctx); err != nil {
		return nil, err
	}
	defer s.gate.Release()
	return s.followUpOf(prev, now)
}

// FollowUpOf is the follow-up of a study (design, results) by its previous
// round (prevDesign, prevResults), for the CLI: the Service's FollowUp
// takes the same path from stored data.
func FollowUpOf(prevDesign *benchmark.Design, prevResults []benchmark.Result, design *benchmark.Design, results []benchmark.Result) (*benchmark.FollowUpReport, error) {
	f, err := benchmark.FollowUp(prevDesign, prevResults, design, results)
	if err != nil {
		return nil, fmt.Errorf("follow-up of study %s: %w", design.Code, err)
	}
	return f, nil
}

// EncodeFollowUp is a follow-up's JSON document, as the API serves it and
// `qbench follow-up` prints it: indented by two spaces, text unescaped.
func EncodeFollowUp(f *benchmark.FollowUpReport) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("encode follow-up: %w", err)
	}
	return buf.Bytes(), nil
}

// round is one stored study with its results, loaded from one snapshot.
type round struct {
	study   *benchmark.Study
	results []benchmark.Result
}

func (s *Service) loadRound(ctx context.Context, code string) (*round, error) {
	st, results, err := s.store.LoadStudyData(ctx, code)
	if err != nil {
		return nil, err
	}
	return &round{study: st, results: results}, nil
}

// followUpOf computes the follow-up of now by prev, or takes it from the
// cache when neither round has changed since.
func (s *Service) followUpOf(prev, now *round) (*benchmark.FollowUpReport, error) {
	key := fmt.Sprintf("%s@%d<%s@%d", now.study.Design.Code, now.study.Revision, prev.study.Design.Code, prev.study.Revision)
	if f, ok := s.followUps.get(key); ok {
		return f, nil
	}
	f, err := FollowUpOf(prev.study.Design, prev.results, now.study.Design, now.results)
	if err != nil {
		return nil, err
	}
	s.followUps.put(key, f)
	return f, nil
}

// countCache keeps values by key ("code@revision…"), bounded by their
// count: follow-ups (a few kilobytes each) and decoded profiles for the
// programme pages, beside the byte-bounded cache of profile documents.
type countCache[T any] struct {
	mu      sync.Mutex
	limit   int
	entries map[string]T
}

// followUpCacheEntries bounds the follow-up cache, profileStructEntries
// the decoded profiles (larger, and kept as documents too): enough for
// every round of a few large programmes.
const (
	followUpCacheEntries = 2048
	profileStructEntries = 512
)

func (c *countCache[T]) get(key string) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.entries[key]
	return v, ok
}

// put keeps v; a full cache is emptied first (keys of old revisions are
// never asked for again, so an LRU order would buy little).
func (c *countCache[T]) put(key string, v T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= c.limit {
		c.entries = make(map[string]T)
	}
	c.entries[key] = v
}

// programmeData is what a programme's dashboard, register and report are
// made of: the studies the caller may see, their profiles and the
// follow-ups of each by its previous round.
type programmeData struct {
	programme *store.Programme
	studies   []store.ProgrammeStudy
	// profiles by study code; absent for a study that cannot be analysed
	// (e.g. a draft without results).
	profiles map[string]*benchmark.Profile
	// followUps by the code of the later round; absent when the previous
	// round is not visible to the caller or the pair cannot be compared.
	followUps map[string]*benchmark.FollowUpReport
}

// loadProgramme gathers a programme's data for caller a (ViewProgramme).
// states, when not nil, keeps studies in these states only (a report
// shows closed and published studies).
func (s *Service) loadProgramme(ctx context.Context, a auth.Actor, action policy.Action, code string, states []string) (*programmeData, error) {
	if err := policy.Authorize(a, action, nil); err != nil {
		return nil, err
	}
	p, err := s.store.FindProgramme(ctx, code)
	if err != nil {
		return nil, err
	}
	scope := policy.ScopeOf(a)
	f := store.StudyFilter{Lab: scope.Lab, States: scope.Narrow(states)}
	out := &programmeData{programme: p, studies: []store.ProgrammeStudy{},
		profiles: map[string]*benchmark.Profile{}, followUps: map[string]*benchmark.FollowUpReport{}}
	if f.States != nil && len(f.States) == 0 {
		return out, nil
	}
	if out.studies, err = s.store.FindProgrammeStudies(ctx, code, f); err != nil {
		return nil, err
	}
	if err := s.gate.Acquire(ctx); err != nil {
		return nil, err
	}
	defer s.gate.Release()
	// Rounds are loaded only when their profile or a follow-up is not
	// cached, and once.
	loaded := map[string]*round{}
	load := func(code string) (*round, error) {
		if r, ok := loaded[code]; ok {
			return r, nil
		}
		r, err := s.loadRound(ctx, code)
		if err != nil {
			return nil, err
		}
		loaded[code] = r
		return r, nil
	}
	for i := range out.studies {
		ps := &out.studies[i]
		key := fmt.Sprintf("%s@%d", ps.Code, ps.Revision)
		if prof, ok := s.profiles.get(key); ok {
			out.profiles[ps.Code] = prof
			continue
		}
		if body, ok := s.cache.get(ps.Code, ps.Revision); ok {
			var prof benchmark.Profile
			if err := json.Unmarshal(body, &prof); err != nil {
				return nil, fmt.Errorf("decode cached profile of study %s: %w", ps.Code, err)
			}
			s.profiles.put(key, &prof)
			out.profiles[ps.Code] = &prof
			continue
		}
		r, err := load(ps.Code)
		if err != nil {
			return nil, err
		}
		prof, err := Analyze(r.study.Design, r.results)
		if err != nil {
			continue // no profile (yet): the dashboard shows the study without counts
		}
		body, err := EncodeProfile(prof)
		if err != nil {
			return nil, err
		}
		s.cache.put(ps.Code, r.study.Revision, body)
		s.profiles.put(fmt.Sprintf("%s@%d", ps.Code, r.study.Revision), prof)
		out.profiles[ps.Code] = prof
	}
	visible := map[string]*store.ProgrammeStudy{}
	for i := range out.studies {
		visible[out.studies[i].Code] = &out.studies[i]
	}
	for i := range out.studies {
		now := &out.studies[i]
		prev, ok := visible[now.Predecessor]
		if !ok || !hasData(out.profiles[now.Code]) || !hasData(out.profiles[prev.Code]) {
			continue // a round without results closes nothing
		}
		key := fmt.Sprintf("%s@%d<%s@%d", now.Code, now.Revision, prev.Code, prev.Revision)
		if f, ok := s.followUps.get(key); ok {
			out.followUps[now.Code] = f
			continue
		}
		rn, err := load(now.Code)
		if err != nil {
			return nil, err
		}
		rp, err := load(prev.Code)
		if err != nil {
			return nil, err
		}
		f, err := s.followUpOf(rp, rn)
		if err != nil {
			continue // e.g. the focal regions differ: no follow-up to show
		}
		out.followUps[now.Code] = f
	}
	return out, nil
}

// Dashboard is a programme at a glance (GET /api/v1/programmes/{code}).
type Dashboard struct {
	Programme store.Programme `json:"programme"`
	// Studies are the studies the caller may see, by code.
	Studies []DashboardStudy `json:"studies"`
	// Matrix counts the shortfalls against pooled per product and
	// indicator category, in each product's latest round.
	Matrix ShortfallMatrix `json:"matrix"`
	// FollowUps are per product (and focal region) the follow-up summary
	// of each round against its previous one, rounds in order.
	FollowUps []ProductFollowUp `json:"follow_ups"`
}

// DashboardStudy is one study of a programme. The counts and the rank are
// null when the study has no results (yet).
type DashboardStudy struct {
	Code        string `json:"code"`
	Title       string `json:"title"`
	Product     string `json:"product"`
	ProductEn   string `json:"product_en,omitempty"`
	Industry    string `json:"industry"`
	Round       string `json:"round"`
	Predecessor string `json:"predecessor,omitempty"`
	State       string `json:"state"`
	FocalRegion string `json:"focal_region"`
	// Advantages and Shortfalls count the profile's entries against
	// pooled.
	Advantages *int `json:"advantages"`
	Shortfalls *int `json:"shortfalls"`
	// Violations counts the focal region's samples that break a limit of
	// some indicator.
	Violations *int `json:"violations"`
	// Rank is the focal region's composite rank; null when unranked.
	Rank *int `json:"rank"`
	// Regions is the number of regions of the study.
	Regions int `json:"regions"`
}

// ShortfallMatrix is products × indicator categories: how many
// shortfalls against pooled. An indicator without a category counts under
// "".
type ShortfallMatrix struct {
	Categories []string    `json:"categories"`
	Rows       []MatrixRow `json:"rows"`
}

// MatrixRow is one product in its latest round the caller may see.
type MatrixRow struct {
	Product     string `json:"product"`
	FocalRegion string `json:"focal_region"`
	Industry    string `json:"industry"`
	Study       string `json:"study"`
	Round       string `json:"round"`
	// Counts are per category, in the order of Categories.
	Counts []int `json:"counts"`
	Total  int   `json:"total"`
}

// ProductFollowUp is the chain of rounds of one product and focal region.
type ProductFollowUp struct {
	Product     string          `json:"product"`
	FocalRegion string          `json:"focal_region"`
	Rounds      []RoundFollowUp `json:"rounds"`
}

// RoundFollowUp is one round against its previous round.
type RoundFollowUp struct {
	Study            string                    `json:"study"`
	Round            string                    `json:"round"`
	Predecessor      string                    `json:"predecessor"`
	PredecessorRound string                    `json:"predecessor_round"`
	Summary          benchmark.FollowUpSummary `json:"summary"`
}

// Dashboard returns programme code's dashboard as caller a may see it: a
// reader the published studies only; a lab is refused (EFORBIDDEN).
func (s *Service) Dashboard(ctx context.Context, a auth.Actor, code string) (*Dashboard, error) {
	data, err := s.loadProgramme(ctx, a, policy.ViewProgramme, code, nil)
	if err != nil {
		return nil, err
	}
	return data.dashboard(), nil
}

func (d *programmeData) dashboard() *Dashboard {
	out := &Dashboard{Programme: *d.programme, Studies: []DashboardStudy{}, FollowUps: []ProductFollowUp{}}
	for i := range d.studies {
		ps := &d.studies[i]
		ds := DashboardStudy{Code: ps.Code, Title: ps.Title, Product: ps.Design.Product, ProductEn: ps.Design.ProductEn, Industry: ps.Industry,
			Round: ps.Round, Predecessor: ps.Predecessor, State: ps.State, FocalRegion: ps.Design.FocalRegion,
			Regions: len(ps.Design.Regions)}
		if p := d.profiles[ps.Code]; hasData(p) {
			adv, sf := pooledCounts(p)
			v := focalViolations(p)
			ds.Advantages, ds.Shortfalls, ds.Violations = &adv, &sf, &v
			for _, c := range p.Composite {
				if c.Region == p.FocalRegion {
					ds.Rank = c.Rank
				}
			}
		}
		out.Studies = append(out.Studies, ds)
	}
	out.Matrix = d.matrix()
	for _, chain := range d.chains() {
		pf := ProductFollowUp{Product: chain[0].Design.Product, FocalRegion: chain[0].Design.FocalRegion, Rounds: []RoundFollowUp{}}
		for _, ps := range chain {
			f := d.followUps[ps.Code]
			if f == nil {
				continue
			}
			rf := RoundFollowUp{Study: ps.Code, Round: ps.Round, Predecessor: f.Predecessor, Summary: f.Summary}
			for j := range d.studies {
				if d.studies[j].Code == f.Predecessor {
					rf.PredecessorRound = d.studies[j].Round
				}
			}
			pf.Rounds = append(pf.Rounds, rf)
		}
		out.FollowUps = append(out.FollowUps, pf)
	}
	return out
}

// hasData reports whether a profile rests on any result: a study without
// results (a draft, an open study before the lab's upload) analyses to
// nothing but "insufficient", and its zero counts would read as "no
// shortfall", so the dashboard shows them as null.
func hasData(p *benchmark.Profile) bool {
	if p == nil {
		return false
	}
	for _, ind := range p.Indicators {
		for _, s := range ind.Regions {
			if s.N > 0 {
				return true
			}
		}
	}
	return false
}

// pooledCounts counts a profile's advantages and shortfalls against
// pooled.
func pooledCounts(p *benchmark.Profile) (advantages, shortfalls int) {
	for _, e := range p.Advantages {
		if e.Reference == benchmark.PooledReference {
			advantages++
		}
	}
	for _, e := range p.Shortfalls {
		if e.Reference == benchmark.PooledReference {
			shortfalls++
		}
	}
	return advantages, shortfalls
}

// focalViolations counts the focal region's samples that break a limit of
// at least one indicator.
func focalViolations(p *benchmark.Profile) int {
	samples := map[string]bool{}
	for _, ind := range p.Indicators {
		for _, v := range ind.Violations {
			if v.Region == p.FocalRegion {
				samples[v.Sample] = true
			}
		}
	}
	return len(samples)
}

// chains are the studies as rounds: each chain starts at a study whose
// predecessor the caller cannot see (or that names none) and follows the
// studies that name the previous one as predecessor, rounds in order.
// Chains are ordered by product, focal region, then their first round
// and code. (Should two studies name the same predecessor, each gets a
// chain of its own from there, so that no round is lost.)
func (d *programmeData) chains() [][]*store.ProgrammeStudy {
	byCode := map[string]*store.ProgrammeStudy{}
	for i := range d.studies {
		byCode[d.studies[i].Code] = &d.studies[i]
	}
	successors := map[string][]*store.ProgrammeStudy{}
	var roots []*store.ProgrammeStudy
	for i := range d.studies {
		ps := &d.studies[i]
		if _, ok := byCode[ps.Predecessor]; ok && ps.Predecessor != ps.Code {
			successors[ps.Predecessor] = append(successors[ps.Predecessor], ps)
		} else {
			roots = append(roots, ps)
		}
	}
	order := func(a, b *store.ProgrammeStudy) int {
		if c := strings.Compare(a.Design.Product, b.Design.Product); c != 0 {
			return c
		}
		if c := strings.Compare(a.Design.FocalRegion, b.Design.FocalRegion); c != 0 {
			return c
		}
		switch {
		case store.RoundBefore(a.Round, b.Round):
			return -1
		case store.RoundBefore(b.Round, a.Round):
			return 1
		}
		return strings.Compare(a.Code, b.Code)
	}
	slices.SortFunc(roots, order)
	var out [][]*store.ProgrammeStudy
	seen := map[string]bool{}
	var follow func(chain []*store.ProgrammeStudy)
	follow = func(chain []*store.ProgrammeStudy) {
		last := chain[len(chain)-1]
		seen[last.Code] = true
		next := slices.DeleteFunc(slices.Clone(successors[last.Code]), func(ps *store.ProgrammeStudy) bool { return seen[ps.Code] })
		if len(next) == 0 {
			out = append(out, chain)
			return
		}
		slices.SortFunc(next, order)
		for k, ps := range next {
			if k == 0 {
				follow(append(chain, ps))
			} else {
				follow([]*store.ProgrammeStudy{ps}) // a branch: a chain of its own
			}
		}
	}
	for _, r := range roots {
		follow([]*store.ProgrammeStudy{r})
	}
	// Studies on a cycle of predecessors (which the placement checks
	// refuse, but older data may hold) still show, from the first by code.
	for i := range d.studies {
		if !seen[d.studies[i].Code] {
			follow([]*store.ProgrammeStudy{&d.studies[i]})
		}
	}
	return out
}

// matrix counts, for each product's latest round with results, its
// shortfalls against pooled per indicator category.
func (d *programmeData) matrix() ShortfallMatrix {
	m := ShortfallMatrix{Categories: []string{}, Rows: []MatrixRow{}}
	type row struct {
		ps     *store.ProgrammeStudy
		counts map[string]int
	}
	var rows []row
	seen := map[string]bool{}
	for _, chain := range d.chains() {
		var latest *store.ProgrammeStudy
		for _, ps := range chain {
			if hasData(d.profiles[ps.Code]) {
				latest = ps
			}
		}
		if latest == nil {
			continue
		}
		r := row{ps: latest, counts: map[string]int{}}
		for _, e := range d.profiles[latest.Code].Shortfalls {
			if e.Reference != benchmark.PooledReference {
				continue
			}
			cat := ""
			if ind := latest.Design.Indicator(e.Indicator); ind != nil {
				cat = ind.Category
			}
			r.counts[cat]++
			if !seen[cat] {
				seen[cat] = true
				m.Categories = append(m.Categories, cat)
			}
		}
		rows = append(rows, r)
	}
	slices.Sort(m.Categories)
	for _, r := range rows {
		mr := MatrixRow{Product: r.ps.Design.Product, FocalRegion: r.ps.Design.FocalRegion, Industry: r.ps.Industry,
			Study: r.ps.Code, Round: r.ps.Round, Counts: make([]int, len(m.Categories))}
		for j, cat := range m.Categories {
			mr.Counts[j] = r.counts[cat]
			mr.Total += r.counts[cat]
		}
		m.Rows = append(m.Rows, mr)
	}
	return m
}
