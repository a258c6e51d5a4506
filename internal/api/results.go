package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"sort"

	"github.com/gin-gonic/gin"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/lab"
)

// uploadResults stores a results file (CSV, JSON or XLSX) all or nothing:
// 201 with what changed, 422 with every row error, 409 when the study is
// not open. Replacing stored results needs ?reason= (or "reason" in a JSON
// body); the old values stay in the audit trail. A lab uploads by blind code.
func (s *Server) uploadResults(c *gin.Context) {
	h, ok := s.authorizeStudy(c)
	if !ok {
		return
	}
	// Checked before the body is read: no point parsing a file that cannot
	// be stored. The store checks again inside its transaction.
	if err := benchmark.CheckUploadAllowed(h.Code, h.State); err != nil {
		fail(c, err)
		return
	}
	body, ok := readUpload(c, s.cfg.MaxUploadBytes)
	if !ok {
		return
	}
	filename := c.Query("filename")
	if filename == "" {
		if _, params, err := mime.ParseMediaType(c.GetHeader("Content-Disposition")); err == nil {
			filename = params["filename"]
		}
	}
	format, err := lab.DetectFormat(c.ContentType(), filename, body[:min(len(body), 512)])
	if err != nil {
		writeProblem(c, Problem{Type: ptUnsupportedMedia, Status: http.StatusUnsupportedMediaType, Detail: err.Error()})
		return
	}
	reason := c.Query("reason")
	if format == lab.JSON && reason == "" {
		var meta struct {
			Reason string `json:"reason"`
		}
		_ = json.Unmarshal(body, &meta) // a malformed body is reported by Parse
		reason = meta.Reason
	}
	ctx := c.Request.Context()
	st, err := s.store.FindStudyByCode(ctx, h.Code)
	if err != nil {
		fail(c, err)
		return
	}
	opts := lab.CheckOptions{Limits: s.cfg.IntakeLimits}
	if actorOf(c).Role == roleLab {
		opts.BlindCodes = invert(st.BlindCodes)
	}
	// Parsed and checked in one pass, before the store's transaction.
	results, err := lab.Read(bytes.NewReader(body), int64(len(body)), format, st.Design, opts)
	if err != nil {
		s.cfg.Metrics.RowsRejected(rejectedRows(err))
		fail(c, err)
		return
	}
	sum := sha256.Sum256(body)
	summary, err := s.store.SaveResults(ctx, h.Code, results, store.Upload{
		Format: string(format), Filename: filename, SHA256: hex.EncodeToString(sum[:]), Reason: reason, Actor: actorOf(c)})
	if err != nil {
		fail(c, err)
		return
	}
	s.cfg.Metrics.RowsUploaded(summary.Total)
	writeJSON(c, http.StatusCreated, summary)
}

// readUpload reads an upload's body. With a Content-Length within the
// limit it reads into a buffer of exactly that size: io.ReadAll grows its
// buffer by doubling, which for a 32 MiB file allocates about twice the
// body and raises the peak memory of an upload by as much.
func readUpload(c *gin.Context, limit int64) ([]byte, bool) {
	n := c.Request.ContentLength
	if n <= 0 || n > limit {
		return readBody(c, limit)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(c.Request.Body, body); err != nil {
		writeProblem(c, Problem{Type: ptMalformed, Status: http.StatusBadRequest, Detail: "reading the request body: " + err.Error()})
		return nil, false
	}
	return body, true
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
		writeProblem(c, Problem{Type: ptInvalid, Status: http.StatusBadRequest, Detail: "format must be csv or json"})
		return
	}
	st, results, err := s.store.LoadStudyData(c.Request.Context(), h.Code)
	if err != nil {
		fail(c, err)
		return
	}
	if actorOf(c).Role == roleLab {
		for i := range results {
			results[i].Sample = st.BlindCodes[results[i].Sample]
		}
		sort.SliceStable(results, func(i, j int) bool { return results[i].Sample < results[j].Sample })
	}
	c.Status(http.StatusOK)
	c.Header("Content-Type", format.ContentType())
	c.Header("Content-Disposition", `attachment; filename="`+h.Code+`-results.`+string(format)+`"`)
	if format == lab.CSV {
		err = lab.WriteCSV(c.Writer, results)
	} else {
		err = lab.WriteJSON(c.Writer, results)
	}
	if err != nil {
		_ = c.Error(err)
	}
}

// invert turns sample→blind code into blind code→sample.
func invert(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[v] = k
	}
	return out
}

// sortedValues returns a map's values in order.
func sortedValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}
