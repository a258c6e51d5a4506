package api

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/qbench/qbench/internal/explain"
	"github.com/qbench/qbench/internal/httpx"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/policy"
	"github.com/qbench/qbench/internal/sheets"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/internal/study"
	"github.com/qbench/qbench/lab"
)

// Config is what the API needs besides the store.
type Config struct {
	// MaxUploadBytes bounds a results upload (and every other body).
	MaxUploadBytes int64
	// ReportConcurrency bounds the heavy work (profile analyses and report
	// renderings) running at once, so that a burst of requests cannot take
	// every core (0: the number of CPUs).
	ReportConcurrency int
	// ProfileCacheBytes bounds the cached profile documents (0: the
	// default of internal/study; <0: no cache).
	ProfileCacheBytes int64
	Logger            *slog.Logger
	// Metrics receives the request, upload, profile and report metrics
	// (nil: none are kept).
	Metrics Metrics
	// MetricsHandler, when set, is served at GET /metrics (nil: no /metrics
	// on the API's address, e.g. because it has a listener of its own).
	MetricsHandler http.Handler
	// MetricsToken, when set, is the bearer token /metrics requires.
	MetricsToken string
	// IntakeLimits bound what reading one results file may cost (zero
	// fields: lab's defaults); past one the upload is a 413.
	IntakeLimits lab.Limits
	// IndicatorSets are a bureau's own indicator sets, offered beside the
	// shipped ones (nil: the shipped ones only).
	IndicatorSets []*sheets.Set
}

// DefaultMaxUploadBytes is the default upload limit: 32 MiB.
const DefaultMaxUploadBytes = 32 << 20

// maxJSONBodyBytes bounds request bodies other than uploads (designs,
// findings): generous for a 5,000-sample design, small enough to refuse
// abuse early.
const maxJSONBodyBytes = 8 << 20

// Server serves the qbench API.
type Server struct {
	store   *store.Store
	cfg     Config
	study   *study.Service
	engine  *gin.Engine
	authn   httpx.Authenticator
	handler http.Handler
}

// New returns a server on s.
func New(s *store.Store, cfg Config) *Server {
	if cfg.MaxUploadBytes <= 0 {
		cfg.MaxUploadBytes = DefaultMaxUploadBytes
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Metrics == nil {
		cfg.Metrics = noMetrics{}
	}
	// gin starts in debug mode, which prints every route to stdout: a
	// server runs in release mode unless a test chose gin's test mode.
	if gin.Mode() == gin.DebugMode {
		gin.SetMode(gin.ReleaseMode)
	}
	srv := &Server{store: s, cfg: cfg, study: study.New(s, study.Config{
		HeavyConcurrency: cfg.ReportConcurrency, ProfileCacheBytes: cfg.ProfileCacheBytes, Metrics: cfg.Metrics,
		IntakeLimits: cfg.IntakeLimits, IndicatorSets: cfg.IndicatorSets})}
	srv.authn = httpx.Chain{srv.tokenAuthenticator()}
	srv.engine = srv.newEngine()
	srv.handler = httpx.Wrap(srv.engine, httpx.Options{Logger: cfg.Logger, Metrics: cfg.Metrics})
	return srv
}

// Study returns the use cases the server calls (tests hold its gate).
func (s *Server) Study() *study.Service { return s.study }

// Handler is the server's http.Handler: the routes inside the plumbing of
// internal/httpx (request id, log, metrics, recovery, hygiene).
func (s *Server) Handler() http.Handler { return s.handler }

// Routes lists every route as "METHOD /path" (the OpenAPI test checks that
// each is described).
func (s *Server) Routes() []string {
	var out []string
	for _, r := range s.engine.Routes() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

// route is one line of the routes table.
type route struct {
	method, path string
	// action is what the route does, as the policy names it; "": no token
	// needed. The policy is asked whether the caller's role may take the
	// action before the handler runs, and study routes ask it again with
	// the study (authorizeStudy).
	action  policy.Action
	handler gin.HandlerFunc
}

func (s *Server) routes() []route {
	routes := []route{
		{"GET", "/healthz", "", s.healthz},
		{"GET", "/readyz", "", s.readyz},
		{"GET", "/api/v1/openapi.json", "", s.openAPI},

		{"POST", "/api/v1/studies", policy.CreateStudy, s.createStudy},
		{"GET", "/api/v1/studies", policy.ListStudies, s.listStudies},
		{"GET", "/api/v1/studies/:code", policy.ViewStudy, s.getStudy},
		{"GET", "/api/v1/studies/:code/status", policy.ViewStudy, s.getStatus},
		{"GET", "/api/v1/studies/:code/samples", policy.ViewSamples, s.getSamples},
		{"PUT", "/api/v1/studies/:code", policy.EditDesign, s.replaceDesign},
		{"PATCH", "/api/v1/studies/:code", policy.EditDesign, s.patchDesign},
		{"POST", "/api/v1/studies/:code/lifecycle", policy.ChangeState, s.changeState},
		{"POST", "/api/v1/studies/:code/results", policy.UploadResults, s.uploadResults},
		{"GET", "/api/v1/studies/:code/results", policy.ExportResults, s.exportResults},
		{"GET", "/api/v1/studies/:code/audit", policy.ViewAudit, s.studyAudit},
		{"GET", "/api/v1/studies/:code/profile", policy.ViewProfile, s.getProfile},
		{"GET", "/api/v1/studies/:code/findings", policy.ReadFindings, s.getFindings},
		{"PUT", "/api/v1/studies/:code/findings", policy.WriteFindings, s.putFindings},
		{"POST", "/api/v1/studies/:code/reports", policy.RenderReport, s.createReport},
		{"GET", "/api/v1/studies/:code/reports", policy.ListReports, s.listReports},
		{"GET", "/api/v1/reports/:id", policy.DownloadReport, s.downloadReport},
		{"GET", "/api/v1/reports/:id/annex", policy.DownloadReport, s.downloadAnnex},
		{"GET", "/api/v1/studies/:code/results/template", policy.ResultsTemplate, s.resultsTemplate},
		{"POST", "/api/v1/studies/:code/clone", policy.CloneStudy, s.cloneStudy},
		{"GET", "/api/v1/indicator-sets", policy.ViewIndicatorSets, s.listIndicatorSets},
		{"GET", "/api/v1/indicator-sets/:name", policy.ViewIndicatorSets, s.getIndicatorSet},
		{"GET", "/api/v1/studies/:code/follow-up", policy.ViewFollowUp, s.getFollowUp},

		{"POST", "/api/v1/programmes", policy.CreateProgramme, s.createProgramme},
		{"GET", "/api/v1/programmes", policy.ListProgrammes, s.listProgrammes},
		{"GET", "/api/v1/programmes/:code", policy.ViewProgramme, s.getProgramme},
		{"GET", "/api/v1/programmes/:code/register", policy.ViewProgramme, s.getRegister},
		{"POST", "/api/v1/programmes/:code/reports", policy.RenderProgrammeReport, s.createProgrammeReport},
		{"GET", "/api/v1/programmes/:code/reports", policy.ListProgrammeReports, s.listProgrammeReports},
		{"GET", "/api/v1/programmes/:code/reports/:id", policy.DownloadProgrammeReport, s.downloadProgrammeReport},

		{"GET", "/api/v1/tokens", policy.ManageTokens, s.listTokens},
		{"POST", "/api/v1/tokens", policy.ManageTokens, s.createToken},
		{"DELETE", "/api/v1/tokens/:id", policy.ManageTokens, s.revokeToken},
		{"GET", "/api/v1/audit", policy.ViewAudit, s.globalAudit},
	}
	if s.cfg.MetricsHandler != nil {
		routes = append(routes, route{"GET", "/metrics", "", s.serveMetrics}) // its own token, if any
	}
	return routes
}

func (s *Server) newEngine() *gin.Engine {
	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.ContextWithFallback = true
	// A trailing slash gets a problem+json 404, not gin's 301 to the route
	// in text/html.
	e.RedirectTrailingSlash = false
	e.RedirectFixedPath = false
	_ = e.SetTrustedProxies(nil) // client addresses come from the socket, not headers
	e.Use(nameRoute)
	for _, r := range s.routes() {
		handlers := []gin.HandlerFunc{}
		if r.action != "" {
			handlers = append(handlers, s.authenticate, permit(r.action))
		}
		handlers = append(handlers, r.handler)
		e.Handle(r.method, r.path, handlers...)
	}
	e.NoRoute(func(c *gin.Context) {
		writeProblem(c, Problem{Type: explain.TypeNotFound, Status: http.StatusNotFound, Detail: word(c, i18n.M("api.no_endpoint", c.Request.URL.Path))})
	})
	e.NoMethod(func(c *gin.Context) {
		writeProblem(c, Problem{Type: ptMethodNotAllowed, Status: http.StatusMethodNotAllowed,
			Detail: word(c, i18n.M("api.method_not_allowed", c.Request.Method, c.Request.URL.Path))})
	})
	return e
}

func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// readyz is ready when the database answers within a second.
func (s *Server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), time.Second)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready", "database": s.store.Dialect()})
}

// jsonEncode writes v as JSON without HTML escaping.
func jsonEncode(w io.Writer, v any) error { return httpx.EncodeJSON(w, v) }

// writeJSON answers with v as JSON.
func writeJSON(c *gin.Context, status int, v any) {
	c.Status(status)
	c.Header("Content-Type", "application/json; charset=utf-8")
	if err := jsonEncode(c.Writer, v); err != nil {
		logError(c, err)
	}
}
