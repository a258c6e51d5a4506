package api

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/qbench/qbench/lab"
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

// rejectedRows is the number of faulty rows that err (from lab.Parse or
// lab.Check) refuses: distinct rows of the listed problems, plus one per
// problem past the listing cap. 0 for any other error.
func rejectedRows(err error) int {
	var p *lab.Problems
	if !errors.As(err, &p) {
		return 0
	}
	rows := map[int]bool{}
	for _, e := range p.Errors {
		rows[e.Row] = true
	}
	return len(rows) + p.Truncated
}

// serveMetrics serves cfg.MetricsHandler at /metrics, behind the metrics
// token when one is configured (the API tokens do not open it: scrapers get
// a secret of their own).
func (s *Server) serveMetrics(c *gin.Context) {
	if tok := s.cfg.MetricsToken; tok != "" {
		scheme, got, ok := strings.Cut(c.GetHeader("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(tok)) != 1 {
			c.Header("WWW-Authenticate", `Bearer realm="qbench-metrics"`)
			writeProblem(c, Problem{Type: ptUnauthorized, Status: http.StatusUnauthorized,
				Detail: "/metrics needs the metrics token: send Authorization: Bearer TOKEN (--metrics-token)"})
			return
		}
	}
	s.cfg.MetricsHandler.ServeHTTP(c.Writer, c.Request)
}
