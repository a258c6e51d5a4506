package api

import (
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/explain"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/policy"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/internal/study"
)

// readBody reads a request body up to limit; a larger one is a 413.
func readBody(c *gin.Context, limit int64) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, limit))
	if err != nil {
		fail(c, &study.ReadError{Err: err})
		return nil, false
	}
	return body, true
}

// createStudy takes a design's JSON document, or a design workbook (by
// its media type or its first bytes: sheets.DesignJSON's reading), whose
// problems are answered placed at sheet, row and column.
func (s *Server) createStudy(c *gin.Context) {
	body, ok := readBody(c, maxJSONBodyBytes)
	if !ok {
		return
	}
	doc, err := study.DesignDocument(c.ContentType(), body)
	if err != nil {
		fail(c, err)
		return
	}
	s.createFromDocument(c, doc)
}

// createFromDocument is the create path of a design document (posted,
// read from a workbook, or cloned): parse, store, answer 201.
func (s *Server) createFromDocument(c *gin.Context, body []byte) {
	d, err := s.study.ParseDesign(c.Request.Context(), body) // with its place among programmes and rounds
	if err != nil {
		fail(c, err)
		return
	}
	st, err := s.store.CreateStudy(c.Request.Context(), d, actorOf(c))
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/studies/"+d.Code)
	setStudyHeaders(c, st)
	writeDesign(c, http.StatusCreated, st.Design)
}

// pagination reads ?limit= (1–500, default 50) and ?offset=.
func pagination(c *gin.Context) (limit, offset int, ok bool) {
	limit, offset = 50, 0
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			writeProblem(c, Problem{Type: explain.TypeInvalid, Status: http.StatusBadRequest, Detail: word(c, i18n.M("api.limit"))})
			return 0, 0, false
		}
		limit = n
	}
	if v := c.Query("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			writeProblem(c, Problem{Type: explain.TypeInvalid, Status: http.StatusBadRequest, Detail: word(c, i18n.M("api.offset"))})
			return 0, 0, false
		}
		offset = n
	}
	return limit, offset, true
}

func (s *Server) listStudies(c *gin.Context) {
	limit, offset, ok := pagination(c)
	if !ok {
		return
	}
	f := store.StudyFilter{Limit: limit, Offset: offset}
	if state := c.Query("state"); state != "" {
		if !benchmark.ValidState(state) {
			writeProblem(c, Problem{Type: explain.TypeInvalid, Status: http.StatusBadRequest, Detail: word(c, i18n.M("api.unknown_state", state))})
			return
		}
		f.States = []string{state}
	}
	// Narrow the list to what the caller may see.
	a := actorOf(c)
	scope := policy.ScopeOf(a)
	f.Lab, f.States = scope.Lab, scope.Narrow(f.States)
	studies := []store.StudySummary{}
	total := 0
	if f.States == nil || len(f.States) > 0 {
		var err error
		if studies, total, err = s.store.FindStudies(c.Request.Context(), f); err != nil {
			fail(c, err)
			return
		}
	}
	for i := range studies {
		studies[i].Title = policy.RedactTitle(a, studies[i].Title)
	}
	writeJSON(c, http.StatusOK, gin.H{"studies": studies, "total": total, "limit": limit, "offset": offset})
}

// getStudy answers admins and readers with the design exactly as it is
// stored, so that a posted design comes back equal (where the study stands
// is in the X-Qbench-State and ETag headers, and at /status); the study's
// lab gets its blind view.
func (s *Server) getStudy(c *gin.Context) {
	if s.studyInFormat(c) { // ?format=xlsx: the design workbook (sheets.go)
		return
	}
	st, ok := s.visibleStudy(c)
	if !ok {
		return
	}
	setStudyHeaders(c, st)
	if v := policy.Redact(actorOf(c), st); v.Lab != nil {
		writeJSON(c, http.StatusOK, v.Lab)
		return
	}
	writeDesign(c, http.StatusOK, st.Design)
}

// getStatus tells where a study stands.
func (s *Server) getStatus(c *gin.Context) {
	st, ok := s.visibleStudy(c)
	if !ok {
		return
	}
	writeJSON(c, http.StatusOK, policy.RedactStatus(actorOf(c), st))
}

// getSamples lists the samples with their blind codes (drawn when the study
// opens): admins see both, the lab the blind codes alone.
func (s *Server) getSamples(c *gin.Context) {
	st, ok := s.visibleStudy(c)
	if !ok {
		return
	}
	writeJSON(c, http.StatusOK, gin.H{"samples": policy.RedactSamples(actorOf(c), st)})
}

// visibleStudy loads the study in the path for a caller who may see it.
func (s *Server) visibleStudy(c *gin.Context) (*benchmark.Study, bool) {
	if _, ok := s.authorizeStudy(c); !ok {
		return nil, false
	}
	st, err := s.store.FindStudyByCode(c.Request.Context(), c.Param("code"))
	if err != nil {
		fail(c, err)
		return nil, false
	}
	return st, true
}

// writeDesign answers with a design's JSON document: as it was posted,
// extra fields included.
func writeDesign(c *gin.Context, status int, d *benchmark.Design) {
	body, err := d.JSON()
	if err != nil {
		fail(c, err)
		return
	}
	c.Data(status, "application/json; charset=utf-8", body)
}

// setStudyHeaders tells where a study stands beside a body that is its
// design.
func setStudyHeaders(c *gin.Context, st *benchmark.Study) {
	c.Header("X-Qbench-State", st.State)
	c.Header("ETag", studyETag(st.Design.Code, st.Revision))
}

// replaceDesign is PUT: the body is the whole new design of a draft study.
func (s *Server) replaceDesign(c *gin.Context) {
	if _, ok := s.authorizeStudy(c); !ok {
		return
	}
	body, ok := readBody(c, maxJSONBodyBytes)
	if !ok {
		return
	}
	s.updateDesign(c, body)
}

// patchDesign is PATCH with a JSON merge patch (RFC 7396) of the design.
func (s *Server) patchDesign(c *gin.Context) {
	if _, ok := s.authorizeStudy(c); !ok {
		return
	}
	patch, ok := readBody(c, maxJSONBodyBytes)
	if !ok {
		return
	}
	// Merged inside the store's transaction, onto the design as the
	// previous change left it: concurrent patches lose nothing.
	s.changeDesign(c, func(current *benchmark.Design) (*benchmark.Design, error) {
		return benchmark.PatchDesign(current, patch)
	})
}

func (s *Server) updateDesign(c *gin.Context, body []byte) {
	d, err := s.study.ParseDesign(c.Request.Context(), body) // with its place among programmes and rounds
	if err != nil {
		fail(c, err)
		return
	}
	s.changeDesign(c, func(*benchmark.Design) (*benchmark.Design, error) { return d, nil })
}

// changeDesign stores a design change, honouring If-Match (etag.go).
func (s *Server) changeDesign(c *gin.Context, apply func(*benchmark.Design) (*benchmark.Design, error)) {
	ch := store.DesignChange{Apply: apply, Actor: actorOf(c), Reason: c.Query("reason")}
	ch.IfRevision, ch.IfMatch = ifMatchRevision(c.GetHeader("If-Match"), c.Param("code"))
	st, err := s.store.ChangeDesign(c.Request.Context(), c.Param("code"), ch)
	if err != nil {
		fail(c, err)
		return
	}
	setStudyHeaders(c, st)
	writeDesign(c, http.StatusOK, st.Design)
}

type lifecycleRequest struct {
	State  string `json:"state"`
	Reason string `json:"reason"`
}

func (s *Server) changeState(c *gin.Context) {
	if _, ok := s.authorizeStudy(c); !ok {
		return
	}
	body, ok := readBody(c, maxJSONBodyBytes)
	if !ok {
		return
	}
	var req lifecycleRequest
	if err := benchmark.DecodeJSON(body, &req, `a lifecycle move {"state": "...", "reason": "..."}`); err != nil {
		fail(c, err)
		return
	}
	st, err := s.store.SetState(c.Request.Context(), c.Param("code"), req.State, actorOf(c), req.Reason)
	if err != nil {
		fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, gin.H{"study": st.Design.Code, "state": st.State, "revision": st.Revision})
}

func (s *Server) studyAudit(c *gin.Context) {
	if _, ok := s.authorizeStudy(c); !ok {
		return
	}
	s.audit(c, c.Param("code"))
}

func (s *Server) globalAudit(c *gin.Context) { s.audit(c, c.Query("study")) }

// audit lists audit events, paged by ?after= (the last id seen).
func (s *Server) audit(c *gin.Context, study string) {
	limit, _, ok := pagination(c)
	if !ok {
		return
	}
	var after int64
	if v := c.Query("after"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			writeProblem(c, Problem{Type: explain.TypeInvalid, Status: http.StatusBadRequest, Detail: word(c, i18n.M("api.after"))})
			return
		}
		after = n
	}
	events, err := s.store.FindAudit(c.Request.Context(), store.AuditFilter{Study: study, Action: c.Query("action"), AfterID: after, Limit: limit})
	if err != nil {
		fail(c, err)
		return
	}
	if events == nil {
		events = []store.AuditEvent{}
	}
	writeJSON(c, http.StatusOK, gin.H{"events": events})
}
