package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
)

// putFindings stores the experts' causes, conclusions and recommendations.
func (s *Server) putFindings(c *gin.Context) {
	st, ok := s.visibleStudy(c)
	if !ok {
		return
	}
	body, ok := readBody(c, maxJSONBodyBytes)
	if !ok {
		return
	}
	f, err := benchmark.ParseFindings(body, st.Design)
	if err != nil {
		fail(c, err)
		return
	}
	if err := s.store.PutFindings(c.Request.Context(), st.Design.Code, f, actorOf(c)); err != nil {
		fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, f)
}

func (s *Server) getFindings(c *gin.Context) {
	if _, ok := s.authorizeStudy(c); !ok {
		return
	}
	f, updated, err := s.store.FindFindings(c.Request.Context(), c.Param("code"))
	if err != nil {
		fail(c, err)
		return
	}
	if f == nil {
		fail(c, appError(benchmark.ENOTFOUND, i18n.M("api.no_findings", c.Param("code"))))
		return
	}
	c.Header("Last-Modified", updated.UTC().Format(http.TimeFormat))
	writeJSON(c, http.StatusOK, f)
}
