package study

import (
	"fmt"
	"strings"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/store"
)

// round makes a study of product p in round r with the given shortfalls
// against pooled (indicator codes; categories from the code's first
// letter).
func testRound(code, product, r, pred string, shortfalls ...string) (store.ProgrammeStudy, *benchmark.Profile) {
	d := &benchmark.Design{Code: code, Product: product, FocalRegion: "F", Round: r, Predecessor: pred,
		Regions: []benchmark.Region{{Code: "F"}, {Code: "R"}}}
	for _, c := range []string{"a1", "a2", "b1", "b2"} {
		d.Indicators = append(d.Indicators, benchmark.Indicator{Code: c, Name: "指标" + c, Category: map[byte]string{'a': "理化", 'b': "安全"}[c[0]]})
	}
	p := &benchmark.Profile{Study: code, FocalRegion: "F", Advantages: []benchmark.ProfileEntry{}, Shortfalls: []benchmark.ProfileEntry{},
		Indicators: []benchmark.IndicatorProfile{{Code: "a1", Regions: map[string]benchmark.Summary{"F": {N: 3}}}}}
	for _, s := range shortfalls {
		p.Shortfalls = append(p.Shortfalls, benchmark.ProfileEntry{Indicator: s, Reference: benchmark.PooledReference},
			benchmark.ProfileEntry{Indicator: s, Reference: "R"}) // against a region: not counted
	}
	return store.ProgrammeStudy{StudyHeader: store.StudyHeader{Code: code, State: benchmark.StatePublished},
		Round: r, Predecessor: pred, Design: d}, p
}

// followUp is a follow-up whose pooled statuses are given per indicator
// ("" : not comparable).
func testFollowUp(code, pred string, statuses map[string]string) *benchmark.FollowUpReport {
	f := &benchmark.FollowUpReport{Study: code, Predecessor: pred}
	for _, c := range []string{"a1", "a2", "b1", "b2"} {
		st, ok := statuses[c]
		if !ok {
			st = benchmark.StatusNone
		}
		fi := benchmark.FollowUpIndicator{Code: c, Comparable: st != "", References: []benchmark.FollowUpReference{}}
		if fi.Comparable {
			fi.References = append(fi.References, benchmark.FollowUpReference{Reference: benchmark.PooledReference, ShortfallStatus: st})
			fi.Change = &benchmark.FocalChange{Change: benchmark.ChangeUnchanged}
		}
		f.Indicators = append(f.Indicators, fi)
	}
	return f
}

// TestRegisterFollowsThreeRounds: a shortfall persisting, then closed; one
// closed at once; one lost from sight by a method change; one new in the
// last round; a product of one round beside; causes from the latest round
// with one.
func TestRegisterFollowsThreeRounds(t *testing.T) {
	data := &programmeData{programme: &store.Programme{Code: "P"}, profiles: map[string]*benchmark.Profile{},
		followUps: map[string]*benchmark.FollowUpReport{}}
	add := func(ps store.ProgrammeStudy, p *benchmark.Profile) {
		data.studies = append(data.studies, ps)
		data.profiles[ps.Code] = p
	}
	add(testRound("T-2018", "茶", "2018", "T-2017", "a1", "b2"))
	add(testRound("T-2016", "茶", "2016", "", "a1", "a2"))
	add(testRound("T-2017", "茶", "2017", "T-2016", "a1", "b1"))
	add(testRound("S-2017", "钢", "2017", "", "b1"))
	data.followUps["T-2017"] = testFollowUp("T-2017", "T-2016", map[string]string{"a1": "persisting", "a2": "closed", "b1": "new"})
	data.followUps["T-2018"] = testFollowUp("T-2018", "T-2017", map[string]string{"a1": "persisting", "b1": "", "b2": "new"})
	// a1 persists into 2018 here; a second variant below closes it.
	causes := map[string]map[string]benchmark.Text{"T-2016": {"a1": benchmark.PlainText("旧原因")}, "T-2017": {"a1": benchmark.PlainText("新原因")}}
	got := summary(data.register(causes))
	want := []string{
		"茶 a1 2016 [2017:persisting 2018:persisting] persisting 新原因",
		"茶 a2 2016 [2017:closed] closed ",
		"茶 b1 2017 [2018:not_comparable] not_comparable ",
		"茶 b2 2018 [] open ",
		"钢 b1 2017 [] open ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("register:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// The dashboard's matrix: each product's latest round, by category.
	m := data.matrix()
	if fmt.Sprint(m.Categories) != "[安全 理化]" || len(m.Rows) != 2 ||
		m.Rows[0].Study != "T-2018" || fmt.Sprint(m.Rows[0].Counts) != "[1 1]" || m.Rows[0].Total != 2 ||
		m.Rows[1].Study != "S-2017" || fmt.Sprint(m.Rows[1].Counts) != "[1 0]" {
		t.Errorf("matrix %+v", m)
	}
	d := data.dashboard()
	if len(d.FollowUps) != 2 || len(d.FollowUps[0].Rounds) != 2 || d.FollowUps[0].Rounds[1].PredecessorRound != "2017" ||
		len(d.FollowUps[1].Rounds) != 0 {
		t.Errorf("follow-ups %+v", d.FollowUps)
	}

	// A fourth round without results yet closes nothing.
	ps, empty := testRound("T-2019", "茶", "2019", "T-2018")
	empty.Indicators = nil
	add(ps, empty)
	if got := summary(data.register(causes)); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("register with an empty round:\n%s", strings.Join(got, "\n"))
	}
	data.studies, data.profiles["T-2019"] = data.studies[:len(data.studies)-1], nil

	// Closed in the third round instead.
	data.followUps["T-2018"] = testFollowUp("T-2018", "T-2017", map[string]string{"a1": "closed", "b1": "closed", "b2": "new"})
	data.profiles["T-2018"].Shortfalls = data.profiles["T-2018"].Shortfalls[2:] // b2 only
	got = summary(data.register(nil))
	if got[0] != "茶 a1 2016 [2017:persisting 2018:closed] closed " || got[2] != "茶 b1 2017 [2018:closed] closed " {
		t.Errorf("register: %q", got)
	}
}

// TestChainsSurviveOddLinks: a predecessor the caller cannot see starts a
// chain; two studies naming one predecessor both show; a cycle of
// predecessors loses no study.
func TestChainsSurviveOddLinks(t *testing.T) {
	data := &programmeData{}
	for _, s := range [][3]string{{"A2", "2017", "A1"}, {"B1", "2016", "B2"}, {"B2", "2017", "B1"}, {"C2", "2017", "C1"}, {"C3", "2017", "C1"}, {"C1", "2016", ""}} {
		ps, _ := testRound(s[0], s[0][:1], s[1], s[2])
		data.studies = append(data.studies, ps)
	}
	var got []string
	for _, chain := range data.chains() {
		var codes []string
		for _, ps := range chain {
			codes = append(codes, ps.Code)
		}
		got = append(got, strings.Join(codes, ">"))
	}
	if want := "A2 C1>C2 C3 B1>B2"; strings.Join(got, " ") != want {
		t.Errorf("chains %q, want %q", got, want)
	}
}

func summary(r *Register) []string {
	var out []string
	for _, e := range r.Entries {
		var later []string
		for _, l := range e.Later {
			later = append(later, l.Round+":"+l.Status)
		}
		out = append(out, fmt.Sprintf("%s %s %s [%s] %s %s", e.Product, e.Indicator, e.Appeared, strings.Join(later, " "), e.Status, e.Cause.Any("zh")))
	}
	return out
}
