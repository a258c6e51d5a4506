// Package metrics is qbench's Prometheus instrumentation: a Recorder that
// counts and times what the API does (requests by route template, results
// rows stored and refused, profile and report durations), reports the
// database pool and the build, and serves it all in the Prometheus text
// format. Every Recorder has a registry of its own, never the global
// default one, so that several servers (tests in parallel) can run in one
// process.
package metrics

import (
	"crypto/subtle"
	"database/sql"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// namespace prefixes every metric of qbench's own.
const namespace = "qbench"

// BuildInfo identifies the running binary (qbench version).
type BuildInfo struct {
	Version   string
	Commit    string
	BuildDate string
}

// Recorder records the API's metrics. Its methods are safe for concurrent
// use; it implements api.Metrics.
type Recorder struct {
	reg          *prometheus.Registry
	requests     *prometheus.CounterVec
	latency      *prometheus.HistogramVec
	rowsUploaded prometheus.Counter
	rowsRejected prometheus.Counter
	profile      prometheus.Histogram
	report       prometheus.Histogram
}

// New returns a Recorder with a fresh registry holding qbench's metrics,
// the statistics of the database pool db (nil: none), the build info, and
// the Go runtime and process collectors.
func New(db *sql.DB, build BuildInfo) *Recorder {
	r := &Recorder{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Subsystem: "http", Name: "requests_total",
			Help: "HTTP requests answered, by route template, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Subsystem: "http", Name: "request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route template, method and status.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}, []string{"route", "method", "status"}),
		rowsUploaded: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Subsystem: "results", Name: "rows_uploaded_total",
			Help: "Result rows of accepted uploads (stored, replaced or unchanged).",
		}),
		rowsRejected: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Subsystem: "results", Name: "rows_rejected_total",
			Help: "Rows with a problem in refused uploads (each unlisted problem past the cap counts as one row).",
		}),
		profile: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: namespace, Name: "profile_duration_seconds",
			Help:    "Time to compute a study profile (load the data and analyse it; cache misses only).",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}),
		report: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: namespace, Name: "report_duration_seconds",
			Help:    "Time to render and store a PDF report, after waiting for a rendering slot.",
			Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}),
	}
	buildInfo := prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: namespace, Name: "build_info",
		Help: "The running qbench: version, commit, build date and Go version; always 1.",
		ConstLabels: prometheus.Labels{"version": build.Version, "commit": build.Commit,
			"build_date": build.BuildDate, "goversion": runtime.Version()},
	})
	buildInfo.Set(1)
	r.reg.MustRegister(r.requests, r.latency, r.rowsUploaded, r.rowsRejected, r.profile, r.report, buildInfo,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if db != nil {
		r.reg.MustRegister(collectors.NewDBStatsCollector(db, namespace))
	}
	return r
}

// Registry is the Recorder's registry, for tests and for callers that add
// collectors of their own.
func (r *Recorder) Registry() *prometheus.Registry { return r.reg }

// Handler serves the metrics in the Prometheus text format (or OpenMetrics
// when the scraper asks for it).
func (r *Recorder) Handler() http.Handler {
	return promhttp.HandlerFor(r.reg, promhttp.HandlerOpts{Registry: r.reg, EnableOpenMetrics: true})
}

// ObserveRequest counts and times one answered request. route must be a
// route template ("/api/v1/studies/:code"), never a raw path.
func (r *Recorder) ObserveRequest(route, method string, status int, d time.Duration) {
	s := strconv.Itoa(status)
	r.requests.WithLabelValues(route, method, s).Inc()
	r.latency.WithLabelValues(route, method, s).Observe(d.Seconds())
}

// RowsUploaded counts the rows of an accepted upload.
func (r *Recorder) RowsUploaded(n int) { r.rowsUploaded.Add(float64(n)) }

// RowsRejected counts the faulty rows of a refused upload.
func (r *Recorder) RowsRejected(n int) { r.rowsRejected.Add(float64(n)) }

// ObserveProfile times one profile computation.
func (r *Recorder) ObserveProfile(d time.Duration) { r.profile.Observe(d.Seconds()) }

// ObserveReport times one report rendering.
func (r *Recorder) ObserveReport(d time.Duration) { r.report.Observe(d.Seconds()) }

// RequireToken lets through only requests that carry "Authorization:
// Bearer token"; others get 401 with a problem document. An empty token
// lets everything through. It protects /metrics on a listener of its own.
func RequireToken(token string, next http.Handler) http.Handler {
	if token == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if !bearerMatches(req.Header.Get("Authorization"), token) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="qbench-metrics"`)
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"type":"urn:qbench:problem:unauthorized","title":"Unauthorized","status":401,` +
				`"detail":"/metrics needs the metrics token: send Authorization: Bearer TOKEN (--metrics-token)"}` + "\n"))
			return
		}
		next.ServeHTTP(w, req)
	})
}

// bearerMatches reports, in constant time, whether an Authorization header
// carries the bearer token want.
func bearerMatches(header, want string) bool {
	scheme, got, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(want)) == 1
}
