// Package policy is the one answer to "may this caller …": which role may
// take which action, which studies a caller may know of, and what of a study
// a role may see. The API asks it for every request, the CLI for its
// commands, and the console will ask it whether a button shows — so that no
// front end offers what another refuses.
//
// A refusal is a *benchmark.Error: EFORBIDDEN when the caller's role may not
// take the action at all, ENOTFOUND when the role may but the caller may not
// know that the study exists (answered exactly like a study that does not
// exist, so that nothing leaks).
package policy

import (
	"slices"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/i18n"
)

// Action is something a caller may ask to do.
type Action string

// The actions: one per thing an endpoint, a console page or a CLI command
// does. Their values are stable (they appear in messages and logs).
const (
	ListStudies    Action = "list-studies"    // list the studies the caller may see
	CreateStudy    Action = "create-study"    // post a new design
	ViewStudy      Action = "view-study"      // read a study (design or blind view) and its status
	EditDesign     Action = "edit-design"     // replace or patch the design
	ChangeState    Action = "change-state"    // move the study through its lifecycle
	UploadResults  Action = "upload-results"  // store a results file
	ExportResults  Action = "export-results"  // download the stored results
	ViewSamples    Action = "view-samples"    // list the samples with their blind codes
	ViewProfile    Action = "view-profile"    // read the analysed profile
	ReadFindings   Action = "read-findings"   // read the experts' findings
	WriteFindings  Action = "write-findings"  // store the experts' findings
	RenderReport   Action = "render-report"   // render and store a PDF report
	ListReports    Action = "list-reports"    // list a study's reports
	DownloadReport Action = "download-report" // download a stored report
	ViewAudit      Action = "view-audit"      // read the audit trail (a study's or all)
	ManageTokens   Action = "manage-tokens"   // list, create and revoke API tokens

	// Setting up with spreadsheets (issue 12).
	ResultsTemplate   Action = "results-template"    // download the results template to fill in
	ExportDesign      Action = "export-design"       // download the design as a workbook (it names regions and samples: not blind)
	CloneStudy        Action = "clone-study"         // start next round's draft from a study
	ViewIndicatorSets Action = "view-indicator-sets" // list the indicator sets and download one as a design template
	// Programmes (issue 14): a lab never sees them; a reader sees the
	// published studies of a programme only (ScopeOf).
	ListProgrammes          Action = "list-programmes"           // list the programmes
	CreateProgramme         Action = "create-programme"          // create a programme
	ViewProgramme           Action = "view-programme"            // a programme's dashboard and shortfall register
	ViewFollowUp            Action = "view-follow-up"            // a study's follow-up of its previous round
	RenderProgrammeReport   Action = "render-programme-report"   // render and store a programme's summary report
	ListProgrammeReports    Action = "list-programme-reports"    // list a programme's reports
	DownloadProgrammeReport Action = "download-programme-report" // download a programme's report
)

// Actions lists every action, for tables and tests.
var Actions = []Action{ListStudies, CreateStudy, ViewStudy, EditDesign, ChangeState, UploadResults,
	ExportResults, ViewSamples, ViewProfile, ReadFindings, WriteFindings, RenderReport, ListReports,
	DownloadReport, ViewAudit, ManageTokens, ResultsTemplate, ExportDesign, CloneStudy, ViewIndicatorSets,
	ListProgrammes, CreateProgramme, ViewProgramme, ViewFollowUp, RenderProgrammeReport, ListProgrammeReports,
	DownloadProgrammeReport}

// roles is the access table: the roles that may take each action at all.
// Whether they may take it on a given study is then a question of whether
// they may see it (Visible). The system actor (the CLI on the server) may do
// everything.
var roles = map[Action][]string{
	ListStudies:    {auth.RoleAdmin, auth.RoleLab, auth.RoleReader},
	CreateStudy:    {auth.RoleAdmin},
	ViewStudy:      {auth.RoleAdmin, auth.RoleLab, auth.RoleReader},
	EditDesign:     {auth.RoleAdmin},
	ChangeState:    {auth.RoleAdmin},
	UploadResults:  {auth.RoleAdmin, auth.RoleLab},
	ExportResults:  {auth.RoleAdmin, auth.RoleLab},
	ViewSamples:    {auth.RoleAdmin, auth.RoleLab},
	ViewProfile:    {auth.RoleAdmin, auth.RoleReader},
	ReadFindings:   {auth.RoleAdmin, auth.RoleReader},
	WriteFindings:  {auth.RoleAdmin},
	RenderReport:   {auth.RoleAdmin},
	ListReports:    {auth.RoleAdmin, auth.RoleReader},
	DownloadReport: {auth.RoleAdmin, auth.RoleReader},
	ViewAudit:      {auth.RoleAdmin},
	ManageTokens:   {auth.RoleAdmin},

	ResultsTemplate:         {auth.RoleAdmin, auth.RoleLab},
	ExportDesign:            {auth.RoleAdmin},
	CloneStudy:              {auth.RoleAdmin},
	ViewIndicatorSets:       {auth.RoleAdmin},
	ListProgrammes:          {auth.RoleAdmin, auth.RoleReader},
	CreateProgramme:         {auth.RoleAdmin},
	ViewProgramme:           {auth.RoleAdmin, auth.RoleReader},
	ViewFollowUp:            {auth.RoleAdmin, auth.RoleReader},
	RenderProgrammeReport:   {auth.RoleAdmin},
	ListProgrammeReports:    {auth.RoleAdmin, auth.RoleReader},
	DownloadProgrammeReport: {auth.RoleAdmin, auth.RoleReader},
}

// Study is what the policy needs to know of a study: its code, its lab and
// its lifecycle state.
type Study struct {
	Code  string
	Lab   string
	State string
}

// Of returns the policy's view of a stored study.
func Of(st *benchmark.Study) *Study {
	s := &Study{Code: st.Design.Code, State: st.State}
	if st.Design.Lab != nil {
		s.Lab = st.Design.Lab.Code
	}
	return s
}

// Permits reports whether the actor's role may take the action at all (on
// some study): what a console asks before it shows a button that is not
// about one study.
func Permits(a auth.Actor, action Action) bool {
	if a.Role == auth.RoleSystem {
		return true
	}
	return slices.Contains(roles[action], a.Role)
}

// Authorize returns nil when the actor may take the action on the study
// (nil for actions on no study: listing, creating, tokens, the global
// audit). It refuses with EFORBIDDEN when the role may not take the action,
// and with ENOTFOUND when the caller may not know that the study exists —
// in that order, so that a role that may never act learns nothing of which
// studies exist.
func Authorize(a auth.Actor, action Action, st *Study) error {
	if !Permits(a, action) {
		role := a.Role
		if !auth.ValidRole(role) {
			role = "anonymous"
		}
		msg := i18n.M("policy.forbidden", i18n.M("policy.role."+role), i18n.M("policy.action."+string(action)))
		return &benchmark.Error{Code: benchmark.EFORBIDDEN, Msg: msg, Message: i18n.For(i18n.EN).Message(msg)}
	}
	if st != nil && !Visible(a, st) {
		return NotFound(st.Code)
	}
	return nil
}

// NotFound is the refusal of a study the caller may not see: the same error
// as for a study that does not exist.
func NotFound(code string) error {
	msg := i18n.M("policy.study_not_found", code)
	return &benchmark.Error{Code: benchmark.ENOTFOUND, Msg: msg, Message: i18n.For(i18n.EN).Message(msg)}
}

// Visible reports whether the caller may know that a study exists: admins
// (and the system) see every study, a lab the studies it tests once they
// open, a reader the published ones.
func Visible(a auth.Actor, st *Study) bool {
	switch a.Role {
	case auth.RoleAdmin, auth.RoleSystem:
		return true
	case auth.RoleLab:
		return a.Lab != "" && st.Lab == a.Lab && st.State != benchmark.StateDraft
	case auth.RoleReader:
		return st.State == benchmark.StatePublished
	}
	return false
}

// Scope is what a listing of studies must be narrowed to for a caller: the
// SQL form of Visible.
type Scope struct {
	// Lab keeps the studies of this lab only ("" : every lab).
	Lab string
	// States keeps studies in these states only (nil: every state; empty
	// but not nil: none).
	States []string
}

// ScopeOf returns the scope of the studies the actor may list.
func ScopeOf(a auth.Actor) Scope {
	switch a.Role {
	case auth.RoleAdmin, auth.RoleSystem:
		return Scope{}
	case auth.RoleLab:
		if a.Lab == "" {
			return Scope{States: []string{}}
		}
		return Scope{Lab: a.Lab, States: []string{benchmark.StateOpen, benchmark.StateClosed, benchmark.StatePublished}}
	case auth.RoleReader:
		return Scope{States: []string{benchmark.StatePublished}}
	}
	return Scope{States: []string{}}
}

// Narrow intersects a state filter (nil: every state) with the scope's
// states. An empty, non-nil result means nothing may be listed.
func (s Scope) Narrow(filter []string) []string {
	if s.States == nil {
		return filter
	}
	if filter == nil {
		return slices.Clone(s.States)
	}
	out := []string{}
	for _, f := range filter {
		if slices.Contains(s.States, f) {
			out = append(out, f)
		}
	}
	return out
}

// Blind reports whether the actor sees studies blind: a lab tests samples
// under their blind codes and must not learn their region, enterprise,
// grade or code, nor the study's title, which usually names the focal
// region.
func Blind(a auth.Actor) bool { return a.Role == auth.RoleLab }
