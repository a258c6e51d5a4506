package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/explain"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/store"
)

type tokenRequest struct {
	Name string `json:"name"`
	Role string `json:"role"`
	Lab  string `json:"lab"`
}

// createToken makes a token and shows its secret this once.
func (s *Server) createToken(c *gin.Context) {
	body, ok := readBody(c, maxJSONBodyBytes)
	if !ok {
		return
	}
	var req tokenRequest
	if err := benchmark.DecodeJSON(body, &req, `a token request {"name", "role", "lab"}`); err != nil {
		fail(c, err)
		return
	}
	secret, err := auth.NewToken()
	if err != nil {
		fail(c, err)
		return
	}
	tok, err := s.store.CreateToken(c.Request.Context(), req.Name, req.Role, req.Lab, secret, actorOf(c))
	if err != nil {
		fail(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, struct {
		*store.Token
		Secret string `json:"token"`
	}{tok, secret})
}

func (s *Server) listTokens(c *gin.Context) {
	toks, err := s.store.FindTokens(c.Request.Context())
	if err != nil {
		fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, gin.H{"tokens": toks})
}

func (s *Server) revokeToken(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		writeProblem(c, Problem{Type: explain.TypeNotFound, Status: http.StatusNotFound, Detail: word(c, i18n.M("api.token_not_found", c.Param("id")))})
		return
	}
	tok, err := s.store.RevokeToken(c.Request.Context(), id, actorOf(c))
	if err != nil {
		fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, tok)
}
