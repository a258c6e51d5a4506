package api

import (
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/qbench/qbench/internal/explain"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/policy"
	"github.com/qbench/qbench/internal/store"
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
	dryRun, ok := queryBool(c, "dry_run")
	if !ok {
		return
	}
	opts := study.UploadOptions{ContentType: c.ContentType(), Filename: filename, Reason: c.Query("reason"), Size: size}
	if dryRun {
		// Checked exactly as an upload is, planned on the stored results,
		// and nothing written or audited: 200 with what would change.
		plan, err := s.study.Preview(c.Request.Context(), actorOf(c), c.Param("code"), body, opts)
		if !uploadFailed(c, err) {
			writeJSON(c, http.StatusOK, s.dryRunAnswer(c, plan, opts.Reason))
		}
		return
	}
	summary, err := s.study.Upload(c.Request.Context(), actorOf(c), c.Param("code"), body, opts)
	if !uploadFailed(c, err) {
		writeJSON(c, http.StatusCreated, summary)
	}
}

// uploadFailed answers the problem of a failed upload or dry run (a file
// of a format qbench does not read is a 415, explain's), and reports
// whether there was one.
func uploadFailed(c *gin.Context, err error) bool {
	if err == nil {
		return false
	}
	fail(c, err)
	return true
}

// dryRun is the answer of POST …/results?dry_run=true.
type dryRun struct {
	DryRun    bool `json:"dry_run"`
	Total     int  `json:"rows"`
	Created   int  `json:"created"`
	Replaced  int  `json:"replaced"`
	Unchanged int  `json:"unchanged"`
	// ReasonRequired is true when the upload would replace stored results
	// and no reason was given: the real upload would be refused.
	ReasonRequired bool `json:"reason_required"`
	// ReplacedResults are the results that would be replaced, by the
	// caller's sample codes (a lab's blind codes).
	ReplacedResults []resultKey `json:"replaced_results"`
}

// resultKey names one result of a study.
type resultKey struct {
	Sample    string `json:"sample"`
	Indicator string `json:"indicator"`
	Replicate int    `json:"replicate"`
}

func (s *Server) dryRunAnswer(c *gin.Context, plan *store.UploadPlan, reason string) dryRun {
	out := dryRun{DryRun: true, Total: plan.Total, Created: plan.Created, Replaced: plan.Replaced, Unchanged: plan.Unchanged,
		ReasonRequired: plan.Replaced > 0 && strings.TrimSpace(reason) == "", ReplacedResults: []resultKey{}}
	var blind map[string]string // sample code → blind code, for a lab
	if len(plan.ReplacedKeys) > 0 && policy.Blind(actorOf(c)) {
		if st, err := s.store.FindStudyByCode(c.Request.Context(), c.Param("code")); err == nil {
			blind = st.BlindCodes
		} else {
			blind = map[string]string{} // never a real code to a lab
		}
	}
	for _, k := range plan.ReplacedKeys {
		if blind != nil {
			k.Sample = blind[k.Sample]
		}
		out.ReplacedResults = append(out.ReplacedResults, resultKey{Sample: k.Sample, Indicator: k.Indicator, Replicate: k.Replicate})
	}
	return out
}

// queryBool reads a boolean query parameter (true/false/1/0, absent:
// false); a 400 problem is answered for anything else.
func queryBool(c *gin.Context, name string) (bool, bool) {
	v, present := c.GetQuery(name)
	if !present || v == "" {
		return false, true
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		writeProblem(c, Problem{Type: explain.TypeInvalid, Status: http.StatusBadRequest, Detail: word(c, i18n.M("api.query_bool", name, v))})
		return false, false
	}
	return b, true
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
		writeProblem(c, Problem{Type: explain.TypeInvalid, Status: http.StatusBadRequest, Detail: word(c, i18n.M("api.export_format"))})
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
