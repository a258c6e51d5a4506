package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/httpx"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/policy"
	"github.com/qbench/qbench/internal/store"
)

const keyAction = "qbench.action"

// actorOf returns the authenticated caller (put in the request context by
// authenticate).
func actorOf(c *gin.Context) auth.Actor {
	a, _ := httpx.ActorFrom(c.Request.Context())
	return a
}

// logError records err for the request's log line.
func logError(c *gin.Context, err error) { httpx.InfoFrom(c.Request.Context()).AddError(err) }

// word words m in the request's language.
func word(c *gin.Context, m i18n.Message) string { return httpx.Word(c.Request, m) }

// nameRoute tells the plumbing the route's template, under which the
// request is logged and counted (never the raw path, which holds study
// codes).
func nameRoute(c *gin.Context) {
	httpx.InfoFrom(c.Request.Context()).SetRoute(c.FullPath())
	c.Next()
}

// tokenAuthenticator finds the caller of an API token in the store.
func (s *Server) tokenAuthenticator() httpx.Authenticator {
	return httpx.Bearer{Lookup: func(ctx context.Context, secret string) (auth.Actor, error) {
		tok, err := s.store.FindTokenBySecret(ctx, secret)
		if benchmark.ErrorCode(err) == benchmark.ENOTFOUND {
			return auth.Actor{}, httpx.ErrBadCredentials
		}
		if err != nil {
			return auth.Actor{}, err
		}
		return tok.Actor(), nil
	}}
}

// authenticate resolves the caller: 401 without valid, unrevoked
// credentials.
func (s *Server) authenticate(c *gin.Context) {
	r, err := httpx.Authenticate(s.authn, c.Writer, c.Request)
	switch {
	case errors.Is(err, httpx.ErrNoCredentials):
		c.Header("WWW-Authenticate", `Bearer realm="qbench"`)
		writeProblem(c, Problem{Type: ptUnauthorized, Status: http.StatusUnauthorized, Detail: word(c, i18n.M("api.token_needed"))})
		return
	case errors.Is(err, httpx.ErrBadCredentials):
		c.Header("WWW-Authenticate", `Bearer realm="qbench", error="invalid_token"`)
		writeProblem(c, Problem{Type: ptUnauthorized, Status: http.StatusUnauthorized, Detail: word(c, i18n.M("api.token_invalid"))})
		return
	case err != nil:
		fail(c, err)
		return
	}
	c.Request = r
	c.Next()
}

// permit asks the policy whether the caller's role may take the route's
// action at all (403 if not) and keeps the action for authorizeStudy.
func permit(action policy.Action) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := policy.Authorize(actorOf(c), action, nil); err != nil {
			fail(c, err)
			return
		}
		c.Set(keyAction, action)
		c.Next()
	}
}

// actionOf returns the action of the request's route.
func actionOf(c *gin.Context) policy.Action {
	a, _ := c.Get(keyAction)
	action, _ := a.(policy.Action)
	return action
}

// authorizeStudy loads the header of the study in the path and asks the
// policy whether the caller may take the route's action on it; a study the
// caller may not see is answered exactly like one that does not exist
// (404), so that nothing leaks.
func (s *Server) authorizeStudy(c *gin.Context) (*store.StudyHeader, bool) {
	h, err := s.store.FindStudyHeader(c.Request.Context(), c.Param("code"))
	if err == nil {
		err = policy.Authorize(actorOf(c), actionOf(c), &policy.Study{Code: h.Code, Lab: h.Lab, State: h.State})
	}
	if err != nil {
		fail(c, err)
		return nil, false
	}
	return h, true
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
