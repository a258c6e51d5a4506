package api

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/policy"
	"github.com/qbench/qbench/internal/store"
)

const (
	keyAction    = "qbench.action"
	keyRequestID = "qbench.request_id"
	keyActor     = "qbench.actor"
	headerReqID  = "X-Request-ID"
)

// clientRequestID accepts a caller's request id only if it is short and
// plain, so that it cannot forge log lines.
var clientRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

func requestID(c *gin.Context) string { return c.GetString(keyRequestID) }

// actorOf returns the authenticated caller.
func actorOf(c *gin.Context) auth.Actor {
	a, _ := c.Get(keyActor)
	actor, _ := a.(auth.Actor)
	return actor
}

// requestContext gives every request an id, logs it when it ends and reports
// it to the metrics hook under its route template (never the raw path, which
// holds study codes).
func (s *Server) requestContext(c *gin.Context) {
	start := time.Now()
	id := c.GetHeader(headerReqID)
	if !clientRequestID.MatchString(id) {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		id = hex.EncodeToString(b)
	}
	c.Set(keyRequestID, id)
	c.Header(headerReqID, id)
	c.Next()

	d := time.Since(start)
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	status := c.Writer.Status()
	s.cfg.Metrics.ObserveRequest(route, c.Request.Method, status, d)
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	attrs := []slog.Attr{
		slog.String("request_id", id), slog.String("method", c.Request.Method), slog.String("route", route),
		slog.Int("status", status), slog.Duration("duration", d), slog.Int("bytes", c.Writer.Size()),
	}
	if a := actorOf(c); a.Name != "" {
		attrs = append(attrs, slog.String("actor", a.Name), slog.String("role", a.Role))
	}
	if len(c.Errors) > 0 {
		attrs = append(attrs, slog.String("error", c.Errors.String()))
	}
	s.log.LogAttrs(c.Request.Context(), level, "request", attrs...)
}

// recoverPanic turns a panic into a logged 500 problem: one bad request must
// not take the server down.
func (s *Server) recoverPanic(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			if r == http.ErrAbortHandler {
				panic(r)
			}
			_ = c.Error(fmt.Errorf("panic: %v\n%s", r, debug.Stack()))
			writeProblem(c, Problem{Type: ptInternal, Status: http.StatusInternalServerError,
				Detail: "an unexpected error occurred; quote the request id when you report it"})
		}
	}()
	c.Next()
}

// authenticate resolves the bearer token to an actor: 401 without a valid,
// unrevoked token.
func (s *Server) authenticate(c *gin.Context) {
	h := c.GetHeader("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		c.Header("WWW-Authenticate", `Bearer realm="qbench"`)
		writeProblem(c, Problem{Type: ptUnauthorized, Status: http.StatusUnauthorized,
			Detail: "this endpoint needs an API token: send Authorization: Bearer TOKEN (tokens come from qbench token create)"})
		return
	}
	tok, err := s.store.FindTokenBySecret(c.Request.Context(), token)
	if err != nil {
		if benchmark.ErrorCode(err) == benchmark.ENOTFOUND {
			c.Header("WWW-Authenticate", `Bearer realm="qbench", error="invalid_token"`)
			writeProblem(c, Problem{Type: ptUnauthorized, Status: http.StatusUnauthorized,
				Detail: "the API token is unknown or revoked"})
			return
		}
		fail(c, err)
		return
	}
	c.Set(keyActor, tok.Actor())
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
