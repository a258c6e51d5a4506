package policy_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/fixture"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/policy"
)

var (
	states = []string{benchmark.StateDraft, benchmark.StateOpen, benchmark.StateClosed, benchmark.StatePublished}
	actors = map[string]auth.Actor{
		"admin":    {Name: "a", Role: auth.RoleAdmin},
		"lab":      {Name: "l", Role: auth.RoleLab, Lab: "SCTQ"},
		"otherlab": {Name: "o", Role: auth.RoleLab, Lab: "OTHER"},
		"nolab":    {Name: "n", Role: auth.RoleLab},
		"reader":   {Name: "r", Role: auth.RoleReader},
		"system":   auth.System,
		"nobody":   {},
	}
)

// outcomes in the four states draft, open, closed, published: "ok", "403"
// (EFORBIDDEN) or "404" (ENOTFOUND).
type outcomes [4]string

var (
	allOK    = outcomes{"ok", "ok", "ok", "ok"}
	all403   = outcomes{"403", "403", "403", "403"}
	labSees  = outcomes{"404", "ok", "ok", "ok"}
	all404   = outcomes{"404", "404", "404", "404"}
	pubSees  = outcomes{"404", "404", "404", "ok"}
	adminish = map[string]outcomes{"admin": allOK, "system": allOK}
)

// table is the access matrix written out by hand from the README's rules,
// independently of the policy's own tables: every action on a study of lab
// SCTQ, for every kind of caller, in every state.
var table = map[policy.Action]map[string]outcomes{
	policy.ViewStudy:      with(adminish, "lab", labSees, "otherlab", all404, "nolab", all404, "reader", pubSees, "nobody", all403),
	policy.EditDesign:     with(adminish, "lab", all403, "otherlab", all403, "nolab", all403, "reader", all403, "nobody", all403),
	policy.ChangeState:    with(adminish, "lab", all403, "otherlab", all403, "nolab", all403, "reader", all403, "nobody", all403),
	policy.UploadResults:  with(adminish, "lab", labSees, "otherlab", all404, "nolab", all404, "reader", all403, "nobody", all403),
	policy.ExportResults:  with(adminish, "lab", labSees, "otherlab", all404, "nolab", all404, "reader", all403, "nobody", all403),
	policy.ViewSamples:    with(adminish, "lab", labSees, "otherlab", all404, "nolab", all404, "reader", all403, "nobody", all403),
	policy.ViewProfile:    with(adminish, "lab", all403, "otherlab", all403, "nolab", all403, "reader", pubSees, "nobody", all403),
	policy.ReadFindings:   with(adminish, "lab", all403, "otherlab", all403, "nolab", all403, "reader", pubSees, "nobody", all403),
	policy.WriteFindings:  with(adminish, "lab", all403, "otherlab", all403, "nolab", all403, "reader", all403, "nobody", all403),
	policy.RenderReport:   with(adminish, "lab", all403, "otherlab", all403, "nolab", all403, "reader", all403, "nobody", all403),
	policy.ListReports:    with(adminish, "lab", all403, "otherlab", all403, "nolab", all403, "reader", pubSees, "nobody", all403),
	policy.DownloadReport: with(adminish, "lab", all403, "otherlab", all403, "nolab", all403, "reader", pubSees, "nobody", all403),
	policy.ViewAudit:      with(adminish, "lab", all403, "otherlab", all403, "nolab", all403, "reader", all403, "nobody", all403),
	// The results template: blind codes for the study's lab once it opens.
	policy.ResultsTemplate: with(adminish, "lab", labSees, "otherlab", all404, "nolab", all404, "reader", all403, "nobody", all403),
	// The design workbook names regions and samples: never for a lab.
	policy.ExportDesign: with(adminish, "lab", all403, "otherlab", all403, "nolab", all403, "reader", all403, "nobody", all403),
	policy.CloneStudy:   with(adminish, "lab", all403, "otherlab", all403, "nolab", all403, "reader", all403, "nobody", all403),
	// A study's follow-up: a reader once the study is published; a lab
	// never (labs do not see programmes or rounds).
	policy.ViewFollowUp: with(adminish, "lab", all403, "otherlab", all403, "nolab", all403, "reader", pubSees, "nobody", all403),
}

// global is the matrix of actions on no study.
var global = map[policy.Action]map[string]string{
	policy.ListStudies:       {"admin": "ok", "system": "ok", "lab": "ok", "otherlab": "ok", "nolab": "ok", "reader": "ok", "nobody": "403"},
	policy.CreateStudy:       {"admin": "ok", "system": "ok", "lab": "403", "otherlab": "403", "nolab": "403", "reader": "403", "nobody": "403"},
	policy.ViewAudit:         {"admin": "ok", "system": "ok", "lab": "403", "otherlab": "403", "nolab": "403", "reader": "403", "nobody": "403"},
	policy.ManageTokens:      {"admin": "ok", "system": "ok", "lab": "403", "otherlab": "403", "nolab": "403", "reader": "403", "nobody": "403"},
	policy.ViewIndicatorSets: {"admin": "ok", "system": "ok", "lab": "403", "otherlab": "403", "nolab": "403", "reader": "403", "nobody": "403"},
	// Programmes: admins and readers (who see published studies in them
	// only, through ScopeOf); a lab never sees a programme.
	policy.ListProgrammes:          {"admin": "ok", "system": "ok", "lab": "403", "otherlab": "403", "nolab": "403", "reader": "ok", "nobody": "403"},
	policy.CreateProgramme:         {"admin": "ok", "system": "ok", "lab": "403", "otherlab": "403", "nolab": "403", "reader": "403", "nobody": "403"},
	policy.ViewProgramme:           {"admin": "ok", "system": "ok", "lab": "403", "otherlab": "403", "nolab": "403", "reader": "ok", "nobody": "403"},
	policy.RenderProgrammeReport:   {"admin": "ok", "system": "ok", "lab": "403", "otherlab": "403", "nolab": "403", "reader": "403", "nobody": "403"},
	policy.ListProgrammeReports:    {"admin": "ok", "system": "ok", "lab": "403", "otherlab": "403", "nolab": "403", "reader": "ok", "nobody": "403"},
	policy.DownloadProgrammeReport: {"admin": "ok", "system": "ok", "lab": "403", "otherlab": "403", "nolab": "403", "reader": "ok", "nobody": "403"},
}

func with(base map[string]outcomes, kv ...any) map[string]outcomes {
	out := map[string]outcomes{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1].(outcomes)
	}
	return out
}

func outcome(err error) string {
	switch benchmark.ErrorCode(err) {
	case "":
		return "ok"
	case benchmark.EFORBIDDEN:
		return "403"
	case benchmark.ENOTFOUND:
		return "404"
	}
	return "unexpected " + err.Error()
}

func TestAuthorizeMatrix(t *testing.T) {
	n := 0
	for _, action := range policy.Actions {
		rows, onStudy := table[action]
		g, onNone := global[action]
		if !onStudy && !onNone {
			t.Errorf("action %s is in no table of this test", action)
		}
		for who, a := range actors {
			if onNone {
				n++
				if got := outcome(policy.Authorize(a, action, nil)); got != g[who] {
					t.Errorf("%s by %s on no study: %s, want %s", action, who, got, g[who])
				}
				if got, want := policy.Permits(a, action), g[who] == "ok"; got != want {
					t.Errorf("Permits(%s, %s) = %v, want %v", who, action, got, want)
				}
			}
			if !onStudy {
				continue
			}
			want, ok := rows[who]
			if !ok {
				t.Fatalf("table lacks %s for %s", who, action)
			}
			for si, state := range states {
				n++
				st := &policy.Study{Code: "ST-1", Lab: "SCTQ", State: state}
				err := policy.Authorize(a, action, st)
				if got := outcome(err); got != want[si] {
					t.Errorf("%s by %s in %s: %s, want %s", action, who, state, got, want[si])
				}
				// A permitted role is never refused with 403 because of a
				// study: the console's buttons follow Permits.
				if policy.Permits(a, action) && benchmark.ErrorCode(err) == benchmark.EFORBIDDEN {
					t.Errorf("%s by %s in %s: permitted but forbidden", action, who, state)
				}
			}
		}
	}
	t.Logf("%d cases", n)
}

// TestRefusalsAreWorded checks that refusals come from the catalogue in both
// languages and that a hidden study reads exactly like a missing one.
func TestRefusalsAreWorded(t *testing.T) {
	err := policy.Authorize(actors["reader"], policy.RenderReport, &policy.Study{Code: "X", State: benchmark.StatePublished})
	var e *benchmark.Error
	if !errors.As(err, &e) || e.Code != benchmark.EFORBIDDEN {
		t.Fatalf("err = %v", err)
	}
	if got := i18n.For(i18n.EN).Message(e.Msg); got != "a reader token may not render a report" || e.Message != got {
		t.Errorf("en: %q / %q", got, e.Message)
	}
	if got := i18n.For(i18n.ZH).Message(e.Msg); got != "只读用户令牌无权生成报告" {
		t.Errorf("zh: %q", got)
	}
	hidden := policy.Authorize(actors["reader"], policy.ViewStudy, &policy.Study{Code: "X", State: benchmark.StateDraft})
	if hidden.Error() != policy.NotFound("X").Error() || !strings.Contains(hidden.Error(), "X") {
		t.Errorf("hidden study: %v", hidden)
	}
}

func TestScope(t *testing.T) {
	for who, a := range actors {
		sc := policy.ScopeOf(a)
		// A study is listed exactly when the policy lets the caller see it.
		for _, lab := range []string{"SCTQ", "OTHER"} {
			for _, state := range states {
				st := &policy.Study{Code: "S", Lab: lab, State: state}
				listed := (sc.Lab == "" || sc.Lab == lab) && contains(sc.Narrow(nil), state, sc.States == nil)
				if listed != (policy.Visible(a, st) && policy.Permits(a, policy.ListStudies)) {
					t.Errorf("%s: study of %s in %s listed = %v", who, lab, state, listed)
				}
			}
		}
		got := sc.Narrow([]string{benchmark.StateDraft})
		if got == nil {
			t.Errorf("%s: Narrow of a filter returned nil (all states)", who)
		}
	}
}

func contains(list []string, s string, all bool) bool {
	if all {
		return true
	}
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestRedactBlindsLabs(t *testing.T) {
	d := fixture.Design("RD-1", 2)
	st := &benchmark.Study{Design: d, State: benchmark.StateOpen, BlindCodes: map[string]string{}}
	for i, smp := range d.Samples {
		st.BlindCodes[smp.Code] = "B" + string(rune('A'+i))
	}
	v := policy.Redact(actors["lab"], st)
	if v.Study != nil || v.Lab == nil || len(v.Lab.Samples) != len(d.Samples) {
		t.Fatalf("lab view = %+v", v)
	}
	if s := policy.RedactStatus(actors["lab"], st); s.Title != "" {
		t.Errorf("lab sees title %q", s.Title)
	}
	for _, smp := range policy.RedactSamples(actors["lab"], st) {
		if smp.Sample != nil || smp.BlindCode == "" {
			t.Errorf("lab sees sample %+v", smp)
		}
	}
	if v := policy.Redact(actors["reader"], st); v.Study != st || v.Lab != nil {
		t.Errorf("reader view = %+v", v)
	}
	if s := policy.RedactStatus(actors["admin"], st); s.Title != d.Title {
		t.Errorf("admin status title %q", s.Title)
	}
	results := []benchmark.Result{{Sample: d.Samples[1].Code}, {Sample: d.Samples[0].Code}}
	got := policy.RedactResults(actors["lab"], st, results)
	if got[0].Sample != "BA" || got[1].Sample != "BB" {
		t.Errorf("lab results = %+v", got)
	}
	codes := policy.UploadCodes(actors["lab"], st)
	if codes["BA"] != d.Samples[0].Code || policy.UploadCodes(actors["admin"], st) != nil {
		t.Errorf("upload codes = %v", codes)
	}
}
