package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
)

// getProfile serves a study's profile (cached per study revision by the
// use case, never stale).
func (s *Server) getProfile(c *gin.Context) {
	body, revision, err := s.study.Profile(c.Request.Context(), actorOf(c), c.Param("code"))
	if err != nil {
		fail(c, err)
		return
	}
	etag := `"` + c.Param("code") + "-" + strconv.FormatInt(revision, 10) + `"`
	c.Header("ETag", etag)
	if c.GetHeader("If-None-Match") == etag {
		c.Status(http.StatusNotModified)
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
}
