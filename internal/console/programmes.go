package console

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"

	"github.com/qbench/qbench/internal/policy"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/internal/study"
)

// Programmes (issue 14): the bureau and the association readers see a
// programme's dashboard — its studies they may see, the shortfalls per
// product and indicator category, the follow-up of each round — its
// shortfall register and its summary reports. A lab never sees them (the
// policy). Everything comes from the use cases the API calls.

type programmesData struct {
	Programmes []store.Programme
}

func (s *Server) programmes(w http.ResponseWriter, r *http.Request, c *call) {
	list, err := s.study.Programmes(r.Context(), c.actor)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	s.render(w, r, c, http.StatusOK, "programmes", "console.programmes.title", programmesData{Programmes: list})
}

type programmeData struct {
	D         *study.Dashboard
	Rounds    int // follow-up rounds on the dashboard (none: no table)
	Reports   []store.ProgrammeReport
	CanRender bool
}

// programme is a programme's dashboard with its register and reports.
func (s *Server) programme(w http.ResponseWriter, r *http.Request, c *call) {
	code := r.PathValue("code")
	d, err := s.study.Dashboard(r.Context(), c.actor, code)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	data := programmeData{D: d, CanRender: policy.Permits(c.actor, policy.RenderProgrammeReport)}
	for _, f := range d.FollowUps {
		data.Rounds += len(f.Rounds)
	}
	if policy.Permits(c.actor, policy.ListProgrammeReports) {
		if data.Reports, err = s.study.ProgrammeReports(r.Context(), c.actor, code); err != nil {
			s.fail(w, r, c, err)
			return
		}
	}
	s.render(w, r, c, http.StatusOK, "programme", "console.programme.title", data, d.Programme.Code)
}

// register downloads a programme's shortfall register as CSV or XLSX.
func (s *Server) register(w http.ResponseWriter, r *http.Request, c *call) {
	reg, err := s.study.ShortfallRegister(r.Context(), c.actor, r.PathValue("code"))
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	var buf bytes.Buffer
	f := &study.File{ContentType: "text/csv; charset=utf-8", Filename: reg.Programme + "-register.csv"}
	if r.URL.Query().Get("format") == "xlsx" {
		err = study.WriteRegisterXLSX(&buf, reg, c.lang.lang)
		f.ContentType, f.Filename = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", reg.Programme+"-register.xlsx"
	} else {
		err = study.WriteRegisterCSV(&buf, reg, c.lang.lang)
	}
	if err != nil {
		s.fail(w, r, c, fmt.Errorf("write the register of %s: %w", reg.Programme, err))
		return
	}
	f.Body = buf.Bytes()
	sendFile(w, f)
}

// renderProgrammeReport renders a programme's summary report in the
// language asked for.
func (s *Server) renderProgrammeReport(w http.ResponseWriter, r *http.Request, c *call) {
	code := r.PathValue("code")
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, c, err)
		return
	}
	lang := r.PostForm.Get("lang")
	if err := study.CheckLang(lang); err != nil {
		s.fail(w, r, c, err)
		return
	}
	if _, err := s.study.ProgrammeReport(r.Context(), c.actor, code, lang); err != nil {
		s.fail(w, r, c, err)
		return
	}
	http.Redirect(w, r, "/programmes/"+url.PathEscape(code)+"#reports", http.StatusSeeOther)
}

func (s *Server) downloadProgrammeReport(w http.ResponseWriter, r *http.Request, c *call) {
	rep, err := s.study.ProgrammeReportPDF(r.Context(), c.actor, r.PathValue("code"), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	w.Header().Set("ETag", `"`+rep.SHA256+`"`)
	sendFile(w, &study.File{Body: rep.PDF, ContentType: "application/pdf", Filename: rep.Programme + "-" + rep.Lang + ".pdf"})
}
