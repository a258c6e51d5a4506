package api

import (
	"errors"
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/policy"
	"github.com/qbench/qbench/internal/study"
	"github.com/qbench/qbench/lab"
)

// uploadResults stores a results file (CSV, JSON or XLSX) all or nothing:
// 201 with what changed, 422 with every row error, 409 when the study is
// not open. Replacing stored results needs ?reason= (or "reason" in a JSON
// body); the old values stay in the audit trail. A lab uploads by blind code.
func (s *Server) uploadResults(c *gin.Context) {
	filename := c.Query("filename")
	if filename == "" {
		if _, params, err := mime.ParseMediaType(c.GetHeader("Content-Disposition")); err == nil {
			filename = params["filename"]
		}
	}
	body := http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.MaxUploadBytes)
	var size int64
	if n := c.Request.ContentLength; n > 0 && n <= s.cfg.MaxUploadBytes {
		size = n
	}
	summary, err := s.study.Upload(c.Request.Context(), actorOf(c), c.Param("code"), body, study.UploadOptions{
		ContentType: c.ContentType(), Filename: filename, Reason: c.Query("reason"), Size: size})
	var media *study.MediaError
	switch {
	case errors.As(err, &media):
		writeProblem(c, Problem{Type: ptUnsupportedMedia, Status: http.StatusUnsupportedMediaType, Detail: detailOf(c, err)})
		return
	case err != nil:
		fail(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, summary)
}

// exportResults returns the stored results in the upload format (CSV, so
// that it round-trips) or as JSON; a lab sees its blind codes.
func (s *Server) exportResults(c *gin.Context) {
	h, ok := s.authorizeStudy(c)
	if !ok {
		return
	}
	format := lab.Format(c.DefaultQuery("format", "csv"))
	if format != lab.CSV && format != lab.JSON {
		writeProblem(c, Problem{Type: ptInvalid, Status: http.StatusBadRequest, Detail: word(c, i18n.M("api.export_format"))})
		return
	}
	st, results, err := s.store.LoadStudyData(c.Request.Context(), h.Code)
	if err != nil {
		fail(c, err)
		return
	}
	results = policy.RedactResults(actorOf(c), st, results)
	c.Status(http.StatusOK)
	c.Header("Content-Type", format.ContentType())
	c.Header("Content-Disposition", `attachment; filename="`+h.Code+`-results.`+string(format)+`"`)
	if format == lab.CSV {
		err = lab.WriteCSV(c.Writer, results)
	} else {
		err = lab.WriteJSON(c.Writer, results)
	}
	if err != nil {
		logError(c, err)
	}
}
