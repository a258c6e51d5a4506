package api

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/explain"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/policy"
	"github.com/qbench/qbench/internal/study"
	"github.com/qbench/qbench/lab"
)

// createReport renders the study's PDF report from its current data and
// findings and stores it with its SHA-256 and the profile it shows.
func (s *Server) createReport(c *gin.Context) {
	lang := c.DefaultQuery("lang", "zh")
	if err := study.CheckLang(lang); err != nil {
		writeProblem(c, Problem{Type: explain.TypeInvalid, Status: http.StatusBadRequest, Detail: summaryOf(c, err)})
		return
	}
	rep, err := s.study.Report(c.Request.Context(), actorOf(c), c.Param("code"), lang)
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/reports/"+rep.ID)
	writeJSON(c, http.StatusCreated, rep)
}

func (s *Server) listReports(c *gin.Context) {
	h, ok := s.authorizeStudy(c)
	if !ok {
		return
	}
	list, err := s.store.FindReports(c.Request.Context(), h.Code)
	if err != nil {
		fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, gin.H{"reports": list})
}

// downloadReport serves a stored PDF to those the policy lets see its
// study (a report of a study the caller may not see is "not found").
func (s *Server) downloadReport(c *gin.Context) {
	rep, st, err := s.store.FindReport(c.Request.Context(), c.Param("id"))
	if err == nil && policy.Authorize(actorOf(c), policy.DownloadReport, policy.Of(st)) != nil {
		err = appError(benchmark.ENOTFOUND, i18n.M("api.report_not_found", c.Param("id")))
	}
	if err != nil {
		fail(c, err)
		return
	}
	serveStored(c, rep.SHA256, fmt.Sprintf("%s-%s.pdf", rep.Study, rep.Lang), "application/pdf", rep.PDF)
}

// downloadAnnex serves the XLSX data annex stored beside a report, under
// the same access rule as the PDF; 404 for a report stored without one.
func (s *Server) downloadAnnex(c *gin.Context) {
	rep, st, err := s.store.FindReport(c.Request.Context(), c.Param("id"))
	if err == nil && policy.Authorize(actorOf(c), policy.DownloadReport, policy.Of(st)) != nil {
		err = appError(benchmark.ENOTFOUND, i18n.M("api.report_not_found", c.Param("id")))
	}
	if err == nil && rep.Annex == nil {
		err = appError(benchmark.ENOTFOUND, i18n.M("api.report_no_annex", c.Param("id")))
	}
	if err != nil {
		fail(c, err)
		return
	}
	serveStored(c, rep.AnnexSHA256, fmt.Sprintf("%s-%s-data.xlsx", rep.Study, rep.Lang), lab.XLSX.ContentType(), rep.Annex)
}

// serveStored answers a stored file (a report, its annex) for download:
// its SHA-256 is its ETag, so a client that has it gets 304.
func serveStored(c *gin.Context, sha256, filename, mediaType string, data []byte) {
	etag := `"` + sha256 + `"`
	c.Header("ETag", etag)
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, filename))
	if c.GetHeader("If-None-Match") == etag {
		c.Status(http.StatusNotModified)
		return
	}
	c.Data(http.StatusOK, mediaType, data)
}
