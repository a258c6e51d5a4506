package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/qbench/qbench/internal/explain"
	"github.com/qbench/qbench/internal/httpx"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/sheets"
	"github.com/qbench/qbench/internal/study"
)

// The spreadsheet routes of issue 12: the results template, the design as
// a workbook (out through getStudy, in through createStudy), next round's
// draft, and the indicator sets. Files are worded in the request's
// language (Accept-Language), as problems are.

// lang is the request's language.
func lang(c *gin.Context) i18n.Lang { return httpx.InfoFrom(c.Request.Context()).Lang }

// sendFile answers with a spreadsheet made for the caller, to be saved.
func sendFile(c *gin.Context, f *study.File) {
	c.Header("Content-Disposition", `attachment; filename="`+f.Filename+`"`)
	c.Data(http.StatusOK, f.ContentType, f.Body)
}

// resultsTemplate is GET …/results/template?format=xlsx|csv: the wide
// layout to fill in, under blind codes for the study's lab.
func (s *Server) resultsTemplate(c *gin.Context) {
	format, ok := sheets.ParseFormat(c.Query("format"))
	if !ok {
		writeProblem(c, Problem{Type: explain.TypeInvalid, Status: http.StatusBadRequest, Detail: word(c, i18n.M("sheetsapi.template_format", c.Query("format")))})
		return
	}
	f, err := s.study.ResultsTemplate(c.Request.Context(), actorOf(c), c.Param("code"), format, lang(c))
	if err != nil {
		fail(c, err)
		return
	}
	sendFile(c, f)
}

// studyInFormat answers GET /api/v1/studies/{code}?format= other than
// json: the design as a workbook (xlsx; admins only, since it names the
// regions and samples a lab must not know). It reports whether it answered.
func (s *Server) studyInFormat(c *gin.Context) bool {
	switch format := c.Query("format"); format {
	case "", "json":
		return false
	case "xlsx":
		f, err := s.study.DesignWorkbook(c.Request.Context(), actorOf(c), c.Param("code"), lang(c))
		if err != nil {
			fail(c, err)
			return true
		}
		sendFile(c, f)
	default:
		writeProblem(c, Problem{Type: explain.TypeInvalid, Status: http.StatusBadRequest, Detail: word(c, i18n.M("sheetsapi.study_format", format))})
	}
	return true
}

// cloneStudy is POST …/clone {"code", "round"}: next round's draft,
// created by the normal create path (201, 409 when the code is taken, 422
// with the design's problems).
func (s *Server) cloneStudy(c *gin.Context) {
	body, ok := readBody(c, maxJSONBodyBytes)
	if !ok {
		return
	}
	doc, err := s.study.CloneDesign(c.Request.Context(), actorOf(c), c.Param("code"), body)
	if err != nil {
		fail(c, err)
		return
	}
	s.createFromDocument(c, doc)
}

// listIndicatorSets lists the indicator sets a design may start from.
func (s *Server) listIndicatorSets(c *gin.Context) {
	sets, err := s.study.IndicatorSets(actorOf(c))
	if err != nil {
		fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, gin.H{"indicator_sets": sets})
}

// getIndicatorSet answers with an indicator set: as JSON (its indicators
// as design indicator objects), or with ?format=xlsx as a design workbook
// pre-filled with it.
func (s *Server) getIndicatorSet(c *gin.Context) {
	switch format := c.Query("format"); format {
	case "", "json":
		set, err := s.study.IndicatorSet(actorOf(c), c.Param("name"))
		if err != nil {
			fail(c, err)
			return
		}
		writeJSON(c, http.StatusOK, set)
	case "xlsx":
		f, err := s.study.IndicatorSetTemplate(actorOf(c), c.Param("name"), lang(c))
		if err != nil {
			fail(c, err)
			return
		}
		sendFile(c, f)
	default:
		writeProblem(c, Problem{Type: explain.TypeInvalid, Status: http.StatusBadRequest, Detail: word(c, i18n.M("sheetsapi.set_format", format))})
	}
}
