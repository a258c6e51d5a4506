package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/reports"
)

// createReport renders the study's PDF report from its current data and
// findings and stores it with its SHA-256 and the profile it shows.
func (s *Server) createReport(c *gin.Context) {
	h, ok := s.authorizeStudy(c)
	if !ok {
		return
	}
	lang := c.DefaultQuery("lang", "zh")
	if lang != "zh" && lang != "en" {
		writeProblem(c, Problem{Type: ptInvalid, Status: http.StatusBadRequest, Detail: fmt.Sprintf("lang must be zh or en, not %q", lang)})
		return
	}
	if err := benchmark.CheckReportAllowed(h.Code, h.State); err != nil {
		fail(c, err)
		return
	}
	ctx := c.Request.Context()
	st, results, err := s.store.LoadStudyData(ctx, h.Code)
	if err != nil {
		fail(c, err)
		return
	}
	findings, _, err := s.store.FindFindings(ctx, h.Code)
	if err != nil {
		fail(c, err)
		return
	}
	profile, err := benchmark.Analyze(st.Design, results)
	if err != nil {
		fail(c, err)
		return
	}
	var profileJSON bytes.Buffer
	if err := jsonEncode(&profileJSON, profile); err != nil {
		fail(c, err)
		return
	}
	select {
	case s.reportSlots <- struct{}{}:
		defer func() { <-s.reportSlots }()
		defer observeSince(s.cfg.Metrics.ObserveReport, time.Now())
	case <-ctx.Done():
		fail(c, ctx.Err())
		return
	}
	// The XLSX data annex is stored beside the PDF, which prints its SHA-256.
	var annex bytes.Buffer
	if err := reports.WriteDataAnnex(&annex, st.Design, results); err != nil {
		fail(c, fmt.Errorf("data annex of study %s: %w", h.Code, err))
		return
	}
	annexSum := sha256.Sum256(annex.Bytes())
	var pdf bytes.Buffer
	in := reports.Input{Design: st.Design, Results: results, Profile: profile, Findings: findings,
		Date: reports.DateFromData(st.Design, results), DataAnnexSHA256: hex.EncodeToString(annexSum[:])}
	if err := reports.Render(&pdf, in, lang); err != nil {
		fail(c, fmt.Errorf("render report of study %s: %w", h.Code, err))
		return
	}
	rep, err := s.store.CreateReportWithAnnex(ctx, h.Code, lang, pdf.Bytes(), annex.Bytes(), profileJSON.Bytes(), actorOf(c))
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

// downloadReport serves a stored PDF; readers only once its study is
// published (a report of an unpublished study is "not found" for them).
func (s *Server) downloadReport(c *gin.Context) {
	rep, st, err := s.store.FindReport(c.Request.Context(), c.Param("id"))
	if err == nil && actorOf(c).Role != roleAdmin && st.State != benchmark.StatePublished {
		err = benchmark.Errorf(benchmark.ENOTFOUND, "report %s not found", c.Param("id"))
	}
	if err != nil {
		fail(c, err)
		return
	}
	etag := `"` + rep.SHA256 + `"`
	c.Header("ETag", etag)
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s.pdf"`, rep.Study, rep.Lang))
	if c.GetHeader("If-None-Match") == etag {
		c.Status(http.StatusNotModified)
		return
	}
	c.Data(http.StatusOK, "application/pdf", rep.PDF)
}

// downloadAnnex serves the XLSX data annex stored beside a report, under
// the same access rule as the PDF; 404 for a report stored without one.
func (s *Server) downloadAnnex(c *gin.Context) {
	rep, st, err := s.store.FindReport(c.Request.Context(), c.Param("id"))
	if err == nil && actorOf(c).Role != roleAdmin && st.State != benchmark.StatePublished {
		err = benchmark.Errorf(benchmark.ENOTFOUND, "report %s not found", c.Param("id"))
	}
	if err == nil && rep.Annex == nil {
		err = benchmark.Errorf(benchmark.ENOTFOUND, "report %s has no data annex", c.Param("id"))
	}
	if err != nil {
		fail(c, err)
		return
	}
	etag := `"` + rep.AnnexSHA256 + `"`
	c.Header("ETag", etag)
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s-data.xlsx"`, rep.Study, rep.Lang))
	if c.GetHeader("If-None-Match") == etag {
		c.Status(http.StatusNotModified)
		return
	}
	c.Data(http.StatusOK, reports.DataAnnexMediaType, rep.Annex)
}
