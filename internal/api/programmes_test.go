package api_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/api"
	"github.com/qbench/qbench/internal/fixture"
	"github.com/qbench/qbench/internal/study"
	"github.com/qbench/qbench/lab"
)

// referenceDir holds the pairs of rounds whose follow-up the independent
// SciPy implementation (benchmark/testdata/reference/analyze_ref.py
// --follow-up) computed.
const referenceDir = "../../benchmark/testdata/reference"

// round is one study of a reference pair: its design document (with the
// programme's fields set) and its results file.
type round struct {
	code    string
	design  map[string]any
	results []byte
}

// readRound reads a reference study and places it in programme prog at
// round r, with categories for the tea's indicators.
func readRound(t *testing.T, dir, prog, r string) round {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "design.json"))
	if err != nil {
		t.Fatal(err)
	}
	var d map[string]any
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	d["programme"], d["round"], d["industry"] = prog, r, "轻工"
	categories := map[string]string{"water_extract": "理化", "moisture": "理化", "powder": "理化", "bifenthrin": "安全"}
	for _, ind := range d["indicators"].([]any) {
		m := ind.(map[string]any)
		if c, ok := categories[m["code"].(string)]; ok {
			m["category"] = c
		}
	}
	results, err := os.ReadFile(filepath.Join(dir, "results.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return round{code: d["code"].(string), design: d, results: results}
}

// filesFollowUp is the follow-up of the pair as `qbench follow-up` computes
// it from the files (the CLI calls the same two functions).
func filesFollowUp(t *testing.T, prev, now round) []byte {
	t.Helper()
	read := func(r round) (*benchmark.Design, []benchmark.Result) {
		d, err := benchmark.ParseDesign(mustJSON(t, r.design))
		if err != nil {
			t.Fatal(err)
		}
		return d, r.parse(t, d)
	}
	pd, pr := read(prev)
	d, r := read(now)
	f, err := study.FollowUpOf(pd, pr, d, r)
	if err != nil {
		t.Fatal(err)
	}
	body, err := study.EncodeFollowUp(f)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// parse reads the round's results as `qbench follow-up` does.
func (r round) parse(t *testing.T, d *benchmark.Design) []benchmark.Result {
	t.Helper()
	results, err := study.ReadResults(d, r.results, lab.CSV, nil, lab.Limits{})
	if err != nil {
		t.Fatalf("%s: %v", r.code, err)
	}
	return results
}

// storeRound posts a round's design, opens it, uploads its results and
// moves it on to the given states.
func (e *env) storeRound(r round, states ...string) {
	e.t.Helper()
	e.postJSON("/api/v1/studies", "admin", r.design).must(e.t, http.StatusCreated)
	e.setState(r.code, benchmark.StateOpen)
	e.do("POST", "/api/v1/studies/"+r.code+"/results", "admin", "text/csv", r.results).must(e.t, http.StatusCreated)
	e.setState(r.code, states...)
}

func TestProgrammesAreCreatedByAdminsAndSeenByReadersOnly(t *testing.T) {
	e := newEnv(t, api.Config{})
	body := map[string]string{"code": "SC-2016", "title": "四川省质量对标提升行动", "title_en": "Sichuan quality benchmarking", "description": "22 种产品，4 个行业"}
	for _, who := range []string{"lab", "reader", ""} {
		want := http.StatusForbidden
		if who == "" {
			want = http.StatusUnauthorized
		}
		e.postJSON("/api/v1/programmes", who, body).must(t, want).problem(t)
	}
	var p struct {
		Code      string `json:"code"`
		CreatedBy string `json:"created_by"`
	}
	r := e.postJSON("/api/v1/programmes", "admin", body).must(t, http.StatusCreated)
	r.decode(t, &p)
	if r.header.Get("Location") != "/api/v1/programmes/SC-2016" || p.CreatedBy != "admin" {
		t.Errorf("created %s, Location %q", r.body, r.header.Get("Location"))
	}
	e.postJSON("/api/v1/programmes", "admin", body).must(t, http.StatusConflict).problem(t)
	// Every problem at once, nothing stored.
	pr := e.postJSON("/api/v1/programmes", "admin", map[string]string{"code": "../x", "title": " ", "title_en": "two\nlines"}).
		must(t, http.StatusUnprocessableEntity).problem(t)
	var fields []string
	for _, f := range pr.Errors {
		fields = append(fields, f.Field)
	}
	if !slices.Equal(fields, []string{"code", "title", "title_en"}) {
		t.Errorf("problems %+v, want code, title and title_en", pr.Errors)
	}
	for _, who := range []string{"admin", "reader"} {
		var list struct {
			Programmes []struct{ Code string } `json:"programmes"`
		}
		e.do("GET", "/api/v1/programmes", who, "", nil).must(t, http.StatusOK).decode(t, &list)
		if len(list.Programmes) != 1 || list.Programmes[0].Code != "SC-2016" {
			t.Errorf("%s lists %+v", who, list)
		}
	}
	e.do("GET", "/api/v1/programmes", "lab", "", nil).must(t, http.StatusForbidden).problem(t)
	e.do("GET", "/api/v1/programmes/SC-2016", "lab", "", nil).must(t, http.StatusForbidden).problem(t)
	e.do("GET", "/api/v1/programmes/NONE", "admin", "", nil).must(t, http.StatusNotFound).problem(t)

	// A draft of the programme: on the admin's dashboard without a profile,
	// not on the reader's.
	d := fixture.Design("SC-GT-2016", 2)
	d.Programme, d.Round = "SC-2016", "2016"
	e.postJSON("/api/v1/studies", "admin", d).must(t, http.StatusCreated)
	var dash struct {
		Studies []struct {
			Code       string `json:"code"`
			State      string `json:"state"`
			Shortfalls *int   `json:"shortfalls"`
			Rank       *int   `json:"rank"`
		} `json:"studies"`
		Matrix struct {
			Rows []any `json:"rows"`
		} `json:"matrix"`
	}
	e.do("GET", "/api/v1/programmes/SC-2016", "admin", "", nil).must(t, http.StatusOK).decode(t, &dash)
	if len(dash.Studies) != 1 || dash.Studies[0].State != "draft" || dash.Studies[0].Shortfalls != nil || dash.Studies[0].Rank != nil || len(dash.Matrix.Rows) != 0 {
		t.Errorf("admin's dashboard with a draft: %+v", dash)
	}
	e.do("GET", "/api/v1/programmes/SC-2016", "reader", "", nil).must(t, http.StatusOK).decode(t, &dash)
	if len(dash.Studies) != 0 {
		t.Errorf("reader's dashboard shows %+v", dash.Studies)
	}

	var events struct {
		Events []struct{ Action, Subject string } `json:"events"`
	}
	e.do("GET", "/api/v1/audit?action=programme.created", "admin", "", nil).must(t, http.StatusOK).decode(t, &events)
	if len(events.Events) != 1 || events.Events[0].Subject != "SC-2016" {
		t.Errorf("audit of the programme: %+v", events)
	}
}

// TestDesignPlaceIsChecked: a programme that does not exist is refused
// with the design's other problems; a predecessor must exist, be of the
// same product and focal region, and of an earlier round — on POST, PUT
// and PATCH alike.
func TestDesignPlaceIsChecked(t *testing.T) {
	e := newEnv(t, api.Config{})
	e.postJSON("/api/v1/programmes", "admin", map[string]string{"code": "TEA", "title": "茶叶"}).must(t, http.StatusCreated)
	prev := readRound(t, filepath.Join(referenceDir, "followup-tea", "prev"), "TEA", "2016")
	now := readRound(t, filepath.Join(referenceDir, "followup-tea"), "TEA", "2017")
	fields := func(r *response) []string {
		var out []string
		for _, f := range r.problem(t).Errors {
			out = append(out, f.Field+": "+f.Reason)
		}
		return out
	}

	bad := clone(t, prev.design)
	bad["programme"], bad["title"] = "NOPE", ""
	got := fields(e.postJSON("/api/v1/studies", "admin", bad).must(t, http.StatusUnprocessableEntity))
	if len(got) != 2 || !strings.HasPrefix(got[0], "title: ") || got[1] != "programme: programme NOPE does not exist: create the programme first" {
		t.Errorf("problems %q, want the title's and the programme's", got)
	}
	e.postJSON("/api/v1/studies", "admin", prev.design).must(t, http.StatusCreated)

	for name, tc := range map[string]struct {
		edit func(map[string]any)
		want string
	}{
		"unknown":     {func(d map[string]any) { d["predecessor"] = "BZ-GT-2015" }, "predecessor: the previous round's study BZ-GT-2015 does not exist"},
		"product":     {func(d map[string]any) { d["product"] = "红茶" }, "predecessor: the previous round's study BZ-GT-2016 is of product “绿茶”, this study of “红茶”: a follow-up compares one product"},
		"focal":       {func(d map[string]any) { d["focal_region"] = "YA" }, "predecessor: the previous round's study BZ-GT-2016 has focal region BZ, this study YA: a follow-up compares one focal region"},
		"same round":  {func(d map[string]any) { d["round"] = "2016" }, "predecessor: the previous round's study BZ-GT-2016 is of round 2016, not earlier than this study's round 2016"},
		"later round": {func(d map[string]any) { d["round"] = "2015" }, "predecessor: the previous round's study BZ-GT-2016 is of round 2016, not earlier than this study's round 2015"},
		"no round":    {func(d map[string]any) { delete(d, "round") }, "round: a study that follows study BZ-GT-2016 names its round"},
	} {
		d := clone(t, now.design)
		tc.edit(d)
		if got := fields(e.postJSON("/api/v1/studies", "admin", d).must(t, http.StatusUnprocessableEntity)); !slices.Contains(got, tc.want) {
			t.Errorf("%s: problems %q, want %q", name, got, tc.want)
		}
	}
	// The design is stored with a sound place; a PATCH or PUT that breaks
	// it is refused, and nothing changes.
	e.postJSON("/api/v1/studies", "admin", now.design).must(t, http.StatusCreated)
	p := fields(e.do("PATCH", "/api/v1/studies/BZ-GT-2017", "admin", "application/merge-patch+json", []byte(`{"round":"2015"}`)).
		must(t, http.StatusUnprocessableEntity))
	if len(p) != 1 || !strings.HasPrefix(p[0], "predecessor: ") {
		t.Errorf("PATCH problems %q", p)
	}
	d := clone(t, now.design)
	d["programme"] = "OTHER"
	e.do("PUT", "/api/v1/studies/BZ-GT-2017", "admin", "application/json", mustJSON(t, d)).must(t, http.StatusUnprocessableEntity).problem(t)
	var stored map[string]any
	e.do("GET", "/api/v1/studies/BZ-GT-2017", "admin", "", nil).must(t, http.StatusOK).decode(t, &stored)
	if stored["round"] != "2017" || stored["programme"] != "TEA" {
		t.Errorf("stored design changed: round %v, programme %v", stored["round"], stored["programme"])
	}
}

// TestFollowUpAgreesWithTheReference stores every reference pair of
// rounds through the server and checks the follow-up it serves: the bytes
// of `qbench follow-up` on the same files, and every figure of the
// independent implementation's follow-up.json (numbers at 1e-9 relative).
func TestFollowUpAgreesWithTheReference(t *testing.T) {
	e := newEnv(t, api.Config{})
	e.postJSON("/api/v1/programmes", "admin", map[string]string{"code": "TEA", "title": "茶叶"}).must(t, http.StatusCreated)
	paths, err := filepath.Glob(filepath.Join(referenceDir, "followup-*", "followup.json"))
	if err != nil || len(paths) < 4 {
		t.Fatalf("reference follow-ups: %d, %v", len(paths), err)
	}
	for _, path := range paths {
		dir := filepath.Dir(path)
		prev := readRound(t, filepath.Join(dir, "prev"), "TEA", "2016")
		now := readRound(t, dir, "TEA", "2017")
		e.storeRound(prev, benchmark.StateClosed)
		e.storeRound(now, benchmark.StateClosed)
		got := e.do("GET", "/api/v1/studies/"+now.code+"/follow-up", "admin", "", nil).must(t, http.StatusOK).body
		if want := filesFollowUp(t, prev, now); !bytes.Equal(got, want) {
			t.Errorf("%s: the API's follow-up differs from qbench follow-up's bytes:\n%s\nwant\n%s", dir, got, want)
		}
		var gotF, wantF benchmark.FollowUpReport
		if err := json.Unmarshal(got, &gotF); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &wantF); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wantF, gotF, cmpopts.EquateApprox(1e-9, 1e-12)); diff != "" {
			t.Errorf("%s: follow-up differs from the reference (-want +got):\n%s", dir, diff)
		}
		// The first round has none.
		pr := e.do("GET", "/api/v1/studies/"+prev.code+"/follow-up", "admin", "", nil).must(t, http.StatusNotFound).problem(t)
		if !strings.Contains(pr.Detail, "names no previous round") {
			t.Errorf("no follow-up: %q", pr.Detail)
		}
	}
}

// TestProgrammeAccessAndFigures: the dashboard's counts equal the
// profiles'; a reader sees published rounds only, in the dashboard, the
// follow-up, the register and the reports; a lab sees no programme; the
// register follows the shortfalls (closed, persisting, new) with the
// experts' causes and exports to CSV and XLSX; the summary report renders
// in both languages.
func TestProgrammeAccessAndFigures(t *testing.T) {
	e := newEnv(t, api.Config{})
	e.postJSON("/api/v1/programmes", "admin", map[string]string{"code": "TEA", "title": "茶叶对标", "title_en": "Tea benchmarking"}).must(t, http.StatusCreated)
	prev := readRound(t, filepath.Join(referenceDir, "followup-tea", "prev"), "TEA", "2016")
	now := readRound(t, filepath.Join(referenceDir, "followup-tea"), "TEA", "2017")
	e.storeRound(prev, benchmark.StateClosed)
	e.storeRound(now, benchmark.StateClosed)
	cause := "=施肥方式粗放" // a cause that a spreadsheet would take for a formula
	e.do("PUT", "/api/v1/studies/BZ-GT-2016/findings", "admin", "application/json",
		mustJSON(t, map[string]any{"causes": []map[string]string{{"indicator": "moisture", "text": cause}}})).must(t, http.StatusOK)
	e.setState("BZ-GT-2016", benchmark.StatePublished)

	var dash struct {
		Studies []struct {
			Code        string `json:"code"`
			State       string `json:"state"`
			Advantages  *int   `json:"advantages"`
			Shortfalls  *int   `json:"shortfalls"`
			Violations  *int   `json:"violations"`
			Rank        *int   `json:"rank"`
			Regions     int    `json:"regions"`
			Round       string `json:"round"`
			FocalRegion string `json:"focal_region"`
		} `json:"studies"`
		Matrix struct {
			Categories []string `json:"categories"`
			Rows       []struct {
				Study  string `json:"study"`
				Counts []int  `json:"counts"`
				Total  int    `json:"total"`
			} `json:"rows"`
		} `json:"matrix"`
		FollowUps []struct {
			Rounds []struct {
				Study   string                    `json:"study"`
				Summary benchmark.FollowUpSummary `json:"summary"`
			} `json:"rounds"`
		} `json:"follow_ups"`
	}
	e.do("GET", "/api/v1/programmes/TEA", "admin", "", nil).must(t, http.StatusOK).decode(t, &dash)
	if len(dash.Studies) != 2 {
		t.Fatalf("admin's dashboard: %+v", dash)
	}
	for _, s := range dash.Studies {
		var p benchmark.Profile
		e.do("GET", "/api/v1/studies/"+s.Code+"/profile", "admin", "", nil).must(t, http.StatusOK).decode(t, &p)
		adv, sf := 0, 0
		for _, x := range p.Advantages {
			if x.Reference == "pooled" {
				adv++
			}
		}
		for _, x := range p.Shortfalls {
			if x.Reference == "pooled" {
				sf++
			}
		}
		violating := map[string]bool{}
		for _, ind := range p.Indicators {
			for _, v := range ind.Violations {
				if v.Region == p.FocalRegion {
					violating[v.Sample] = true
				}
			}
		}
		var rank *int
		for _, c := range p.Composite {
			if c.Region == p.FocalRegion {
				rank = c.Rank
			}
		}
		if s.Advantages == nil || *s.Advantages != adv || *s.Shortfalls != sf || *s.Violations != len(violating) ||
			!cmp.Equal(s.Rank, rank) || s.Regions != 3 || s.FocalRegion != "BZ" {
			t.Errorf("%s: dashboard %+v, profile: %d advantages, %d shortfalls, %d violating samples, rank %v",
				s.Code, s, adv, sf, len(violating), rank)
		}
	}
	// The matrix: the latest round, by category; the follow-up summary is
	// the follow-up's.
	var f benchmark.FollowUpReport
	e.do("GET", "/api/v1/studies/BZ-GT-2017/follow-up", "admin", "", nil).must(t, http.StatusOK).decode(t, &f)
	if len(dash.Matrix.Rows) != 1 || dash.Matrix.Rows[0].Study != "BZ-GT-2017" ||
		len(dash.FollowUps) != 1 || len(dash.FollowUps[0].Rounds) != 1 || dash.FollowUps[0].Rounds[0].Summary != f.Summary {
		t.Errorf("matrix %+v, follow-ups %+v (follow-up summary %+v)", dash.Matrix, dash.FollowUps, f.Summary)
	}
	if sum := dash.Matrix.Rows[0].Total; dash.Studies[1].Shortfalls == nil || sum != *dash.Studies[1].Shortfalls {
		t.Errorf("matrix total %d, study's shortfalls %v", sum, dash.Studies[1].Shortfalls)
	}

	// A reader: the published first round only.
	var rd struct {
		Studies []struct {
			Code string `json:"code"`
		} `json:"studies"`
		FollowUps []struct {
			Rounds []any `json:"rounds"`
		} `json:"follow_ups"`
	}
	e.do("GET", "/api/v1/programmes/TEA", "reader", "", nil).must(t, http.StatusOK).decode(t, &rd)
	if len(rd.Studies) != 1 || rd.Studies[0].Code != "BZ-GT-2016" || len(rd.FollowUps) != 1 || len(rd.FollowUps[0].Rounds) != 0 {
		t.Errorf("reader's dashboard: %+v", rd)
	}
	e.do("GET", "/api/v1/studies/BZ-GT-2017/follow-up", "reader", "", nil).must(t, http.StatusNotFound).problem(t)
	e.do("GET", "/api/v1/studies/BZ-GT-2017/follow-up", "lab", "", nil).must(t, http.StatusForbidden).problem(t)
	e.do("GET", "/api/v1/programmes/TEA/register", "lab", "", nil).must(t, http.StatusForbidden).problem(t)
	// Nor does a lab learn a study's programme or rounds from its blind view.
	blind := e.do("GET", "/api/v1/studies/BZ-GT-2017", "lab", "", nil).must(t, http.StatusOK).body
	// Quoted where a random blind code could hold the letters ("Q-8JMTEA").
	for _, word := range []string{"programme", `"TEA"`, "predecessor", "BZ-GT-2016", "round", "轻工"} {
		if bytes.Contains(blind, []byte(word)) {
			t.Errorf("the lab's view of a study shows %q: %s", word, blind)
		}
	}

	// The register: moisture persisting since 2016 (with its cause),
	// bifenthrin closed in 2017, powder new in 2017.
	var reg study.Register
	e.do("GET", "/api/v1/programmes/TEA/register", "admin", "", nil).must(t, http.StatusOK).decode(t, &reg)
	status := map[string]string{}
	for _, en := range reg.Entries {
		later := []string{}
		for _, l := range en.Later {
			later = append(later, l.Round+":"+l.Status)
		}
		status[en.Indicator] = en.Appeared + ">" + strings.Join(later, ",") + "=" + en.Status
		if en.Indicator == "moisture" && en.Cause.Any("zh") != cause {
			t.Errorf("moisture's cause %q, want %q", en.Cause.Any("zh"), cause)
		}
	}
	for ind, want := range map[string]string{"moisture": "2016>2017:persisting=persisting", "bifenthrin": "2016>2017:closed=closed", "powder": "2017>=open"} {
		if status[ind] != want {
			t.Errorf("register of %s: %q, want %q (all: %v)", ind, status[ind], want, status)
		}
	}
	r := e.do("GET", "/api/v1/programmes/TEA/register?format=csv", "admin", "", nil).must(t, http.StatusOK)
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.body, []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) != len(reg.Entries)+1 || rows[0][0] != "Product" {
		t.Fatalf("CSV register (%v): %q", err, r.body)
	}
	if !slices.ContainsFunc(rows, func(row []string) bool { return row[len(row)-1] == "'"+cause }) {
		t.Errorf("CSV register: the cause is not neutralised: %q", rows)
	}
	r = e.do("GET", "/api/v1/programmes/TEA/register?format=xlsx", "admin", "", nil).must(t, http.StatusOK)
	wb, err := excelize.OpenReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	sheet := wb.GetSheetName(0)
	xrows, err := wb.GetRows(sheet)
	if err != nil || len(xrows) != len(reg.Entries)+1 {
		t.Errorf("XLSX register (%v): %d rows", err, len(xrows))
	}
	// The cause stays text: no cell of the sheet is a formula.
	if !slices.ContainsFunc(xrows, func(row []string) bool { return slices.Contains(row, cause) }) {
		t.Errorf("XLSX register lacks the cause: %q", xrows)
	}
	for i, row := range xrows {
		for j := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if f, _ := wb.GetCellFormula(sheet, cell); f != "" {
				t.Errorf("XLSX cell %s is the formula %q", cell, f)
			}
		}
	}
	e.do("GET", "/api/v1/programmes/TEA/register?format=pdf", "admin", "", nil).must(t, http.StatusBadRequest).problem(t)
	var readerReg study.Register
	e.do("GET", "/api/v1/programmes/TEA/register", "reader", "", nil).must(t, http.StatusOK).decode(t, &readerReg)
	for _, en := range readerReg.Entries {
		if en.Study != "BZ-GT-2016" || len(en.Later) != 0 || en.Status != study.RegisterOpen {
			t.Errorf("reader's register shows %+v", en)
		}
	}

	// The summary report: both languages; readers once every study in it
	// is published.
	var reps [2]struct {
		ID      string `json:"id"`
		SHA256  string `json:"sha256"`
		Studies []struct {
			Code string `json:"code"`
		} `json:"studies"`
	}
	for i, lang := range []string{"zh", "en"} {
		e.do("POST", "/api/v1/programmes/TEA/reports?lang="+lang, "admin", "", nil).must(t, http.StatusCreated).decode(t, &reps[i])
		if len(reps[i].Studies) != 2 {
			t.Errorf("%s report shows %+v", lang, reps[i].Studies)
		}
		pdf := e.do("GET", "/api/v1/programmes/TEA/reports/"+reps[i].ID, "admin", "", nil).must(t, http.StatusOK).body
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Errorf("%s report is no PDF", lang)
		}
		e.do("GET", "/api/v1/programmes/TEA/reports/"+reps[i].ID, "reader", "", nil).must(t, http.StatusNotFound).problem(t)
	}
	// A study report of the second round has the follow-up chapter.
	var rep struct {
		ID string `json:"id"`
	}
	e.do("POST", "/api/v1/studies/BZ-GT-2017/reports?lang=zh", "admin", "", nil).must(t, http.StatusCreated).decode(t, &rep)
	pdf := e.do("GET", "/api/v1/reports/"+rep.ID, "admin", "", nil).must(t, http.StatusOK).body
	path := filepath.Join(t.TempDir(), "study.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	if !strings.Contains(string(text), "与上一轮的跟踪对比") || !strings.Contains(string(text), "BZ-GT-2016（2016）") {
		t.Error("the second round's report has no follow-up chapter")
	}
	e.do("POST", "/api/v1/programmes/TEA/reports?lang=fr", "admin", "", nil).must(t, http.StatusBadRequest).problem(t)
	e.do("POST", "/api/v1/programmes/TEA/reports", "reader", "", nil).must(t, http.StatusForbidden).problem(t)
	var list struct {
		Reports []any `json:"reports"`
	}
	e.do("GET", "/api/v1/programmes/TEA/reports", "reader", "", nil).must(t, http.StatusOK).decode(t, &list)
	if len(list.Reports) != 0 {
		t.Errorf("reader lists %d reports before the second round is published", len(list.Reports))
	}
	e.setState("BZ-GT-2017", benchmark.StatePublished)
	e.do("GET", "/api/v1/programmes/TEA/reports", "reader", "", nil).must(t, http.StatusOK).decode(t, &list)
	if len(list.Reports) != 2 {
		t.Errorf("reader lists %d reports once every round is published, want 2", len(list.Reports))
	}
	e.do("GET", "/api/v1/programmes/TEA/reports/"+reps[1].ID, "reader", "", nil).must(t, http.StatusOK)
	e.do("GET", "/api/v1/programmes/TEA/reports/"+reps[1].ID, "lab", "", nil).must(t, http.StatusForbidden).problem(t)
	e.do("GET", "/api/v1/studies/BZ-GT-2017/follow-up", "reader", "", nil).must(t, http.StatusOK)
}

func clone(t *testing.T, d map[string]any) map[string]any {
	t.Helper()
	var out map[string]any
	if err := json.Unmarshal(mustJSON(t, d), &out); err != nil {
		t.Fatal(err)
	}
	return out
}
