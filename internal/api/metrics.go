package api

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/qbench/qbench/internal/i18n"
)

// Metrics is what the API reports to a metrics system (internal/metrics
// implements it with Prometheus). Every method must be safe for concurrent
// use and cheap: they are called on the request path.
type Metrics interface {
	// ObserveRequest is called once per answered request with its route
	// template ("/api/v1/studies/:code", or "unmatched"), never the raw
	// path, which holds study codes.
	ObserveRequest(route, method string, status int, d time.Duration)
	// RowsUploaded counts the rows of an accepted results upload.
	RowsUploaded(n int)
	// RowsRejected counts the faulty rows of a refused results upload.
	RowsRejected(n int)
	// ObserveProfile times a profile computation (a cache miss).
	ObserveProfile(d time.Duration)
	// ObserveReport times the rendering and storing of a PDF report.
	ObserveReport(d time.Duration)
}

// noMetrics is the Metrics of a server configured without any.
type noMetrics struct{}

func (noMetrics) ObserveRequest(string, string, int, time.Duration) {}
func (noMetrics) RowsUploaded(int)                                  {}
func (noMetrics) RowsRejected(int)                                  {}
func (noMetrics) ObserveProfile(time.Duration)                      {}
func (noMetrics) ObserveReport(time.Duration)                       {}

// observeSince reports the time since start; deferred as
// defer observeSince(s.cfg.Metrics.ObserveX, time.Now()).
func observeSince(observe func(time.Duration), start time.Time) { observe(time.Since(start)) }

// serveMetrics serves cfg.MetricsHandler at /metrics, behind the metrics
// token when one is configured (the API tokens do not open it: scrapers get
// a secret of their own).
func (s *Server) serveMetrics(c *gin.Context) {
	if tok := s.cfg.MetricsToken; tok != "" {
		scheme, got, ok := strings.Cut(c.GetHeader("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(tok)) != 1 {
			c.Header("WWW-Authenticate", `Bearer realm="qbench-metrics"`)
			writeProblem(c, Problem{Type: ptUnauthorized, Status: http.StatusUnauthorized,
				Detail: word(c, i18n.M("api.metrics_token"))})
			return
		}
	}
	s.cfg.MetricsHandler.ServeHTTP(c.Writer, c.Request)
}
