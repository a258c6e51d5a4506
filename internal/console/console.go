// Package console is qbench's web console: server-rendered pages for the
// bureau (admin), the lab and the association (reader), with a little htmx
// and plain CSS, all embedded in the binary. It is the only importer of
// html/template.
//
// The console holds no rules of its own. It calls the same use cases
// (internal/study) and store functions as the API, and asks the same
// policy (internal/policy) both whether to show a button and whether to do
// what the button asks, so that no page offers what a request would
// refuse. An error's status and words are internal/explain's, the API's
// too, so that a page and the API never answer one error differently. Every word comes from the message catalogue (console.json and
// the areas it shares: the report's narrative, the store's and the lab's
// refusals), in Chinese unless the browser or the 中文/English switch asks
// for English.
//
// A browser signs in with a token (any admin, lab or reader token) and
// gets a server-side session: a random id in an HttpOnly, SameSite cookie,
// stored hashed, expiring, ended by logout or by revoking the token. Every
// state-changing request passes net/http's CrossOriginProtection, which
// refuses cross-site POSTs by the browser's Sec-Fetch-Site and Origin
// headers.
package console

import (
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/httpx"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/internal/study"
)

//go:embed templates static
var assets embed.FS

// Config is what the console needs besides the store and the use cases.
type Config struct {
	Logger  *slog.Logger
	Metrics httpx.Metrics
	// SessionTTL is how long a session lasts after login (0: 12 hours, a
	// working day).
	SessionTTL time.Duration
	// MaxUploadBytes bounds a results or design file (0: 32 MiB, the API's
	// default).
	MaxUploadBytes int64
	// SecureCookie marks the session cookie Secure even on plain HTTP (a
	// TLS-terminating proxy in front); on TLS it is always Secure.
	SecureCookie bool
}

const (
	defaultSessionTTL     = 12 * time.Hour
	defaultMaxUploadBytes = 32 << 20
	// maxFormBytes bounds every form that is not a file upload (findings,
	// reasons, login).
	maxFormBytes = 1 << 20
)

// Server serves the console.
type Server struct {
	store   *store.Store
	study   *study.Service
	cfg     Config
	pages   *pages
	pending *pendingUploads
	models  *modelCache
	handler http.Handler
}

// New returns the console over the store and the use cases the API uses
// (api.Server.Study), so that both share one profile cache and one gate.
func New(st *store.Store, svc *study.Service, cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = defaultSessionTTL
	}
	if cfg.MaxUploadBytes <= 0 {
		cfg.MaxUploadBytes = defaultMaxUploadBytes
	}
	p, err := loadPages()
	if err != nil {
		return nil, fmt.Errorf("console: parse templates: %w", err)
	}
	s := &Server{store: st, study: svc, cfg: cfg, pages: p,
		pending: newPendingUploads(4*cfg.MaxUploadBytes, 15*time.Minute), models: newModelCache(32)}
	cop := http.NewCrossOriginProtection()
	// A refused cross-site request gets a page in the user's language,
	// not net/http's English line.
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		httpx.InfoFrom(r.Context()).SetRoute("console cross-origin refused")
		c := &call{lang: langOf(r)}
		s.render(w, r, c, http.StatusForbidden, "error", "console.error.title",
			failData{Status: http.StatusForbidden, Message: printer(c).Sprintf("console.error.cross_site")}, http.StatusForbidden)
	}))
	s.handler = httpx.Wrap(s.secure(cop.Handler(s.routes())), httpx.Options{Logger: cfg.Logger, Metrics: cfg.Metrics})
	return s, nil
}

// Handler is the console's http.Handler (mounted at / by httpx.Mount).
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	// handle names the route for the log line and the metrics by its
	// pattern, never by its path (which holds study codes).
	handle := func(pattern string, h http.Handler) {
		route := "console " + pattern
		mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			httpx.InfoFrom(r.Context()).SetRoute(route)
			h.ServeHTTP(w, r)
		}))
	}
	static, _ := fs.Sub(assets, "static")
	handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))
	// Browsers ask for /favicon.ico whatever the page names.
	handle("GET /favicon.ico", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
	}))
	handle("GET /login", http.HandlerFunc(s.loginPage))
	handle("POST /login", http.HandlerFunc(s.login))
	handle("GET /lang/{lang}", http.HandlerFunc(s.setLang))

	page := func(pattern string, h func(w http.ResponseWriter, r *http.Request, c *call)) {
		handle(pattern, s.session(h))
	}
	page("POST /logout", s.logout)
	page("GET /{$}", func(w http.ResponseWriter, r *http.Request, c *call) {
		http.Redirect(w, r, "/studies", http.StatusSeeOther)
	})
	page("GET /studies", s.studies)
	page("GET /studies/new", s.newStudyPage)
	page("POST /studies/new", s.createStudy)
	page("GET /studies/new/workbook", s.designWorkbook)
	page("GET /studies/{code}", s.studyPage)
	page("POST /studies/{code}/state", s.changeState)
	page("GET /studies/{code}/profile", s.profilePage)
	page("GET /studies/{code}/findings", s.findingsPage)
	page("POST /studies/{code}/findings", s.saveFindings)
	page("GET /studies/{code}/reports", s.reportsPage)
	page("POST /studies/{code}/reports", s.renderReport)
	page("GET /studies/{code}/reports/{id}", s.downloadReport)
	page("GET /studies/{code}/audit", s.auditPage)
	page("GET /audit", s.allAudit)
	page("GET /programmes", s.programmes)
	page("GET /programmes/{code}", s.programme)
	page("GET /programmes/{code}/register", s.register)
	page("POST /programmes/{code}/reports", s.renderProgrammeReport)
	page("GET /programmes/{code}/reports/{id}", s.downloadProgrammeReport)
	page("GET /studies/{code}/template", s.resultsTemplate)
	page("POST /studies/{code}/upload", s.previewUpload)
	page("POST /studies/{code}/upload/confirm", s.confirmUpload)
	page("GET /", func(w http.ResponseWriter, r *http.Request, c *call) {
		msg := i18n.M("console.error.no_page")
		s.fail(w, r, c, &benchmark.Error{Code: benchmark.ENOTFOUND, Msg: msg, Message: i18n.For(i18n.EN).Message(msg)})
	})
	return mux
}

// secure sets the headers every console answer carries: no framing (the
// forms must not be clicked through someone else's page), scripts and
// styles from the console only, no referrer to other sites.
func (s *Server) secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; "+
			"script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		h.ServeHTTP(w, r)
	})
}

// cacheStatic lets browsers keep the embedded files for a day: they change
// only with the binary.
func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		h.ServeHTTP(w, r)
	})
}

// call is one authenticated request: who asks, in which language.
type call struct {
	actor auth.Actor
	lang  langChoice
}
