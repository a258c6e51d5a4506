package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/qbench/qbench/internal/store"
)

// Config is what the API needs besides the store.
type Config struct {
	// MaxUploadBytes bounds a results upload (and every other body).
	MaxUploadBytes int64
	// ReportConcurrency bounds the reports rendered at once, so that a burst
	// of report requests cannot take every core (0: the number of CPUs).
	ReportConcurrency int
	Logger            *slog.Logger
	// Metrics receives the request, upload, profile and report metrics
	// (nil: none are kept).
	Metrics Metrics
	// MetricsHandler, when set, is served at GET /metrics (nil: no /metrics
	// on the API's address, e.g. because it has a listener of its own).
	MetricsHandler http.Handler
	// MetricsToken, when set, is the bearer token /metrics requires.
	MetricsToken string
}

// DefaultMaxUploadBytes is the default upload limit: 32 MiB.
const DefaultMaxUploadBytes = 32 << 20

// maxJSONBodyBytes bounds request bodies other than uploads (designs,
// findings): generous for a 5,000-sample design, small enough to refuse
// abuse early.
const maxJSONBodyBytes = 8 << 20

// Server serves the qbench API.
type Server struct {
	store    *store.Store
	cfg      Config
	log      *slog.Logger
	profiles *profileCache
	// reportSlots limits concurrent report rendering.
	reportSlots chan struct{}
	engine      *gin.Engine
}

// New returns a server on s.
func New(s *store.Store, cfg Config) *Server {
	if cfg.MaxUploadBytes <= 0 {
		cfg.MaxUploadBytes = DefaultMaxUploadBytes
	}
	if cfg.ReportConcurrency <= 0 {
		cfg.ReportConcurrency = runtime.NumCPU()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Metrics == nil {
		cfg.Metrics = noMetrics{}
	}
	srv := &Server{store: s, cfg: cfg, log: cfg.Logger, profiles: newProfileCache(),
		reportSlots: make(chan struct{}, cfg.ReportConcurrency)}
	srv.engine = srv.newEngine()
	return srv
}

// Handler is the server's http.Handler.
func (s *Server) Handler() http.Handler { return s.engine }

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
	// roles that may call it at all; nil: no token needed. Study routes
	// further check what the caller may see (authorizeStudy).
	roles   []string
	handler gin.HandlerFunc
}

func (s *Server) routes() []route {
	admin, lab, reader := []string{roleAdmin}, []string{roleAdmin, roleLab}, []string{roleAdmin, roleReader}
	all := []string{roleAdmin, roleLab, roleReader}
	routes := []route{
		{"GET", "/healthz", nil, s.healthz},
		{"GET", "/readyz", nil, s.readyz},
		{"GET", "/api/v1/openapi.json", nil, s.openAPI},

		{"POST", "/api/v1/studies", admin, s.createStudy},
		{"GET", "/api/v1/studies", all, s.listStudies},
		{"GET", "/api/v1/studies/:code", all, s.getStudy},
		{"GET", "/api/v1/studies/:code/status", all, s.getStatus},
		{"GET", "/api/v1/studies/:code/samples", lab, s.getSamples},
		{"PUT", "/api/v1/studies/:code", admin, s.replaceDesign},
		{"PATCH", "/api/v1/studies/:code", admin, s.patchDesign},
		{"POST", "/api/v1/studies/:code/lifecycle", admin, s.changeState},
		{"POST", "/api/v1/studies/:code/results", lab, s.uploadResults},
		{"GET", "/api/v1/studies/:code/results", lab, s.exportResults},
		{"GET", "/api/v1/studies/:code/audit", admin, s.studyAudit},
		{"GET", "/api/v1/studies/:code/profile", reader, s.getProfile},
		{"GET", "/api/v1/studies/:code/findings", reader, s.getFindings},
		{"PUT", "/api/v1/studies/:code/findings", admin, s.putFindings},
		{"POST", "/api/v1/studies/:code/reports", admin, s.createReport},
		{"GET", "/api/v1/studies/:code/reports", reader, s.listReports},
		{"GET", "/api/v1/reports/:id", reader, s.downloadReport},
		{"GET", "/api/v1/reports/:id/annex", reader, s.downloadAnnex},

		{"GET", "/api/v1/tokens", admin, s.listTokens},
		{"POST", "/api/v1/tokens", admin, s.createToken},
		{"DELETE", "/api/v1/tokens/:id", admin, s.revokeToken},
		{"GET", "/api/v1/audit", admin, s.globalAudit},
	}
	if s.cfg.MetricsHandler != nil {
		routes = append(routes, route{"GET", "/metrics", nil, s.serveMetrics}) // its own token, if any
	}
	return routes
}

func (s *Server) newEngine() *gin.Engine {
	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.ContextWithFallback = true
	_ = e.SetTrustedProxies(nil) // client addresses come from the socket, not headers
	e.Use(s.requestContext, s.recoverPanic)
	for _, r := range s.routes() {
		handlers := []gin.HandlerFunc{}
		if r.roles != nil {
			handlers = append(handlers, s.authenticate, requireRole(r.roles...))
		}
		handlers = append(handlers, r.handler)
		e.Handle(r.method, r.path, handlers...)
	}
	e.NoRoute(func(c *gin.Context) {
		writeProblem(c, Problem{Type: ptNotFound, Status: http.StatusNotFound, Detail: "no such endpoint: " + c.Request.URL.Path})
	})
	e.NoMethod(func(c *gin.Context) {
		writeProblem(c, Problem{Type: ptMethodNotAllowed, Status: http.StatusMethodNotAllowed,
			Detail: c.Request.Method + " is not allowed on " + c.Request.URL.Path})
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

// jsonEncode writes v as JSON without HTML escaping (Chinese text and "<0.005"
// stay readable).
func jsonEncode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// writeJSON answers with v as JSON.
func writeJSON(c *gin.Context, status int, v any) {
	c.Status(status)
	c.Header("Content-Type", "application/json; charset=utf-8")
	if err := jsonEncode(c.Writer, v); err != nil {
		_ = c.Error(err)
	}
}
