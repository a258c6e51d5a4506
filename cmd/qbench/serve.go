package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/qbench/qbench/internal/api"
	"github.com/qbench/qbench/internal/console"
	"github.com/qbench/qbench/internal/httpx"
	"github.com/qbench/qbench/internal/metrics"
	"github.com/qbench/qbench/internal/sheets"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/reports"
)

// faultHooks, set only in binaries built with the qbenchfaults tag (the
// fault tests'), lets them stop the server at a chosen point.
var faultHooks func(*store.Options)

// envPauseUpload names the marker file of the qbenchfaults upload pause
// (faulthooks.go); the fault tests kill the server when it appears.
const envPauseUpload = "QBENCH_FAULT_PAUSE_UPLOAD"

// openStore opens the configured database and applies pending migrations,
// refusing a schema newer than this binary. It returns the versions applied.
func openStore(ctx context.Context, cfg *Config) (*store.Store, []int, error) {
	opts := store.Options{}
	if faultHooks != nil {
		faultHooks(&opts)
	}
	st, err := store.Open(ctx, cfg.DB, opts)
	if err != nil {
		return nil, nil, err
	}
	applied, err := st.Migrate(ctx)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, applied, nil
}

func (c *cli) serve(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := c.newFlagSet("serve")
	cfg.serveFlags(fs)
	if err := c.parseConfig(fs, &cfg, args); err != nil {
		return err
	}
	log := cfg.newLogger(c.stderr)
	// A bureau's broken indicator set stops the start, naming every problem,
	// rather than failing later on the request that asks for it.
	sets, err := c.loadIndicatorSets(cfg.IndicatorSets)
	if err != nil {
		return err
	}
	// A broken embedded font would only show when the first report fails.
	if err := reports.CheckFont(); err != nil {
		return err
	}

	st, applied, err := openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if len(applied) > 0 {
		log.Info("applied migrations", "versions", applied, "database", st.Dialect())
	}
	rec := metrics.New(st.DB(), metrics.BuildInfo{Version: version, Commit: commit, BuildDate: buildDate})
	apiCfg := api.Config{MaxUploadBytes: int64(cfg.MaxUpload), ReportConcurrency: cfg.ReportConcurrency,
		ProfileCacheBytes: int64(cfg.ProfileCache), Logger: log, Metrics: rec, IntakeLimits: cfg.intakeLimits(),
		IndicatorSets: sets}
	if len(sets) > 0 {
		log.Info("indicator sets loaded", "dir", cfg.IndicatorSets, "sets", len(sets))
	}
	if cfg.MetricsAddr == "" {
		apiCfg.MetricsHandler, apiCfg.MetricsToken = rec.Handler(), cfg.MetricsToken
	}
	srv := api.New(st, apiCfg)
	// The console shares the API's use cases: one profile cache, one gate.
	con, err := console.New(st, srv.Study(), console.Config{Logger: log, Metrics: rec, MaxUploadBytes: int64(cfg.MaxUpload)})
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	httpSrv := &http.Server{
		// The API under /api/ (with /healthz, /readyz, /metrics); the
		// console beside it at /.
		Handler:           httpx.Mount(srv.Handler(), con.Handler()),
		ReadHeaderTimeout: 10 * time.Second,
		// Uploads of 32 MiB over slow links and large reports need minutes,
		// not the seconds a JSON API would allow.
		ReadTimeout:  5 * time.Minute,
		WriteTimeout: 5 * time.Minute,
		IdleTimeout:  2 * time.Minute,
	}
	servers := []*http.Server{httpSrv}
	errc := make(chan error, 2)
	if cfg.MetricsAddr != "" {
		mln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("listen on %s for metrics: %w", cfg.MetricsAddr, err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", metrics.RequireToken(cfg.MetricsToken, rec.Handler()))
		metricsSrv := &http.Server{Handler: httpx.NoSniff(mux), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
			WriteTimeout: time.Minute, IdleTimeout: 2 * time.Minute}
		servers = append(servers, metricsSrv)
		go func() { errc <- metricsSrv.Serve(mln) }()
		log.Info("metrics listening", "addr", mln.Addr().String())
	}
	go func() { errc <- httpSrv.Serve(ln) }()
	log.Info("qbench listening", "addr", ln.Addr().String(), "database", st.Dialect(), "version", version)

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", cfg.ShutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	// The API and the metrics listener stop together, each letting its
	// requests in flight finish.
	shutdownErrs := make(chan error, len(servers))
	for _, hs := range servers {
		go func() { shutdownErrs <- hs.Shutdown(shutdownCtx) }()
	}
	for range servers {
		if err := <-shutdownErrs; err != nil && !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("shutdown: %w", err)
		}
	}
	log.Info("stopped")
	return nil
}

func (c *cli) migrate(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := c.newFlagSet("migrate")
	cfg.dbFlags(fs)
	if err := c.parseConfig(fs, &cfg, args); err != nil {
		return err
	}
	st, applied, err := openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if len(applied) == 0 {
		fmt.Fprintln(c.stdout, c.printer().Sprintf("cli.migrate.up_to_date", st.Dialect()))
		return nil
	}
	fmt.Fprintln(c.stdout, c.printer().Sprintf("cli.migrate.applied", applied, st.Dialect()))
	return nil
}

// loadIndicatorSets reads the bureau's own indicator sets of --indicator-sets
// ("" : none); every problem of every workbook is listed in the CLI's
// language.
func (c *cli) loadIndicatorSets(dir string) ([]*sheets.Set, error) {
	if dir == "" {
		return nil, nil
	}
	sets, err := sheets.LoadIndicatorSets(dir)
	if err != nil {
		pr := c.printer()
		return nil, errors.New(pr.Sprintf("sheetsapi.bad_sets", dir, problemLines(err, pr.Lang()).Error()))
	}
	return sets, nil
}
