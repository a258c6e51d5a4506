package api

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/explain"
	"github.com/qbench/qbench/internal/httpx"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/internal/study"
)

// The routes of programmes and rounds (issue 14). Handlers parse, call the
// use cases of internal/study (which ask the policy) and respond.

type programmeRequest struct {
	Code        string `json:"code"`
	Title       string `json:"title"`
	TitleEN     string `json:"title_en"`
	Description string `json:"description"`
}

func (s *Server) createProgramme(c *gin.Context) {
	body, ok := readBody(c, maxJSONBodyBytes)
	if !ok {
		return
	}
	var req programmeRequest
	if err := benchmark.DecodeJSON(body, &req, `a programme {"code", "title", "title_en", "description"}`); err != nil {
		fail(c, err)
		return
	}
	p, err := s.study.CreateProgramme(c.Request.Context(), actorOf(c),
		store.Programme{Code: req.Code, Title: req.Title, TitleEN: req.TitleEN, Description: req.Description})
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/programmes/"+p.Code)
	writeJSON(c, http.StatusCreated, p)
}

func (s *Server) listProgrammes(c *gin.Context) {
	list, err := s.study.Programmes(c.Request.Context(), actorOf(c))
	if err != nil {
		fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, gin.H{"programmes": list})
}

// getProgramme is the programme's dashboard, as the caller may see it.
func (s *Server) getProgramme(c *gin.Context) {
	d, err := s.study.Dashboard(c.Request.Context(), actorOf(c), c.Param("code"))
	if err != nil {
		fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, d)
}

// getRegister is the shortfall register: JSON, or ?format=csv|xlsx for a
// download with headers in the caller's language.
func (s *Server) getRegister(c *gin.Context) {
	format := c.DefaultQuery("format", "json")
	if format != "json" && format != "csv" && format != "xlsx" {
		writeProblem(c, Problem{Type: explain.TypeInvalid, Status: http.StatusBadRequest, Detail: word(c, i18n.M("programmes.format", format))})
		return
	}
	reg, err := s.study.ShortfallRegister(c.Request.Context(), actorOf(c), c.Param("code"))
	if err != nil {
		fail(c, err)
		return
	}
	lang := httpx.InfoFrom(c.Request.Context()).Lang
	var buf bytes.Buffer
	switch format {
	case "json":
		c.Header("Content-Disposition", fmt.Sprintf(`inline; filename="%s-register.json"`, reg.Programme))
		writeJSON(c, http.StatusOK, reg)
		return
	case "csv":
		err = study.WriteRegisterCSV(&buf, reg, lang)
	case "xlsx":
		err = study.WriteRegisterXLSX(&buf, reg, lang)
	}
	if err != nil {
		fail(c, err)
		return
	}
	types := map[string]string{"csv": "text/csv; charset=utf-8",
		"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-register.%s"`, reg.Programme, format))
	c.Data(http.StatusOK, types[format], buf.Bytes())
}

// getFollowUp is a study's follow-up of its previous round: the bytes of
// `qbench follow-up` on the same data; 404 when it names none.
func (s *Server) getFollowUp(c *gin.Context) {
	body, err := s.study.FollowUp(c.Request.Context(), actorOf(c), c.Param("code"))
	if err != nil {
		fail(c, err)
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
}

// createProgrammeReport renders and stores the programme's summary report.
func (s *Server) createProgrammeReport(c *gin.Context) {
	lang := c.DefaultQuery("lang", "zh")
	if err := study.CheckLang(lang); err != nil {
		writeProblem(c, Problem{Type: explain.TypeInvalid, Status: http.StatusBadRequest, Detail: summaryOf(c, err)})
		return
	}
	rep, err := s.study.ProgrammeReport(c.Request.Context(), actorOf(c), c.Param("code"), lang)
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/programmes/"+rep.Programme+"/reports/"+rep.ID)
	writeJSON(c, http.StatusCreated, rep)
}

func (s *Server) listProgrammeReports(c *gin.Context) {
	list, err := s.study.ProgrammeReports(c.Request.Context(), actorOf(c), c.Param("code"))
	if err != nil {
		fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, gin.H{"reports": list})
}

func (s *Server) downloadProgrammeReport(c *gin.Context) {
	rep, err := s.study.ProgrammeReportPDF(c.Request.Context(), actorOf(c), c.Param("code"), c.Param("id"))
	if err != nil {
		fail(c, err)
		return
	}
	serveStored(c, rep.SHA256, fmt.Sprintf("%s-%s.pdf", rep.Programme, rep.Lang), "application/pdf", rep.PDF)
}
