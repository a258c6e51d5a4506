package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/qbench/qbench/internal/api"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/internal/study"
	"github.com/qbench/qbench/lab"
)

// Config is the configuration of the server and of the commands that use
// the database. Every field is a flag and a QBENCH_* variable.
type Config struct {
	Addr              string
	DB                string
	LogLevel          string
	LogFormat         string
	MaxUpload         byteSize
	ReportConcurrency int
	ProfileCache      byteSize
	ShutdownTimeout   time.Duration
	MetricsAddr       string
	MetricsToken      string
	// Intake limits of a results upload (lab.Limits).
	IntakeMaxRows      int
	IntakeMaxColumns   int
	IntakeMaxCellBytes byteSize
	IntakeMaxLineBytes byteSize
	IntakeMaxJSONKeys  int
	IntakeMaxXLSXBytes byteSize
	// IndicatorSets is the directory of a bureau's own indicator sets.
	IndicatorSets string
}

func defaultConfig() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		DB:              store.DefaultDSN,
		LogLevel:        "info",
		LogFormat:       "text",
		MaxUpload:       api.DefaultMaxUploadBytes,
		ProfileCache:    study.DefaultProfileCacheBytes,
		ShutdownTimeout: 15 * time.Second,

		IntakeMaxRows:      lab.DefaultMaxRows,
		IntakeMaxColumns:   lab.DefaultMaxColumns,
		IntakeMaxCellBytes: lab.DefaultMaxCellBytes,
		IntakeMaxLineBytes: lab.DefaultMaxLineBytes,
		IntakeMaxJSONKeys:  lab.DefaultMaxJSONKeys,
		IntakeMaxXLSXBytes: lab.DefaultMaxXLSXBytes,
	}
}

// dbFlags registers the flags of every command that touches the database.
func (c *Config) dbFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.DB, "db", c.DB, "database: path of the SQLite file, or a postgres:// URL")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn or error")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json")
}

// serveFlags registers the flags of qbench serve.
func (c *Config) serveFlags(fs *flag.FlagSet) {
	c.dbFlags(fs)
	fs.StringVar(&c.Addr, "addr", c.Addr, "address the API listens on (host:port; port 0 picks a free one)")
	fs.Var(&c.MaxUpload, "max-upload", "largest accepted upload (bytes, or with KiB/MiB/GiB)")
	fs.IntVar(&c.ReportConcurrency, "report-concurrency", c.ReportConcurrency, "heavy jobs (profile analyses and report renderings) run at once (0: one per CPU)")
	fs.Var(&c.ProfileCache, "profile-cache", "memory the cached profiles may take (bytes, or with KiB/MiB/GiB)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "how long requests in flight may finish on SIGINT/SIGTERM")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", c.MetricsAddr, "serve /metrics on this separate address (host:port) instead of the API's (empty: the API's)")
	fs.StringVar(&c.MetricsToken, "metrics-token", c.MetricsToken, "bearer token that /metrics requires, on either address (empty: none)")
	fs.IntVar(&c.IntakeMaxRows, "intake-max-rows", c.IntakeMaxRows, "most result rows in one uploaded file")
	fs.IntVar(&c.IntakeMaxColumns, "intake-max-columns", c.IntakeMaxColumns, "most columns of an uploaded file (header, sheet cells)")
	fs.Var(&c.IntakeMaxCellBytes, "intake-max-cell-bytes", "longest cell of an uploaded file: CSV field, JSON value, sheet cell")
	fs.Var(&c.IntakeMaxLineBytes, "intake-max-line-bytes", "longest CSV line of an upload (in JSON and sheet XML: longest token)")
	fs.IntVar(&c.IntakeMaxJSONKeys, "intake-max-json-keys", c.IntakeMaxJSONKeys, "most distinct keys of the results in an uploaded JSON file")
	fs.Var(&c.IntakeMaxXLSXBytes, "intake-max-xlsx-bytes", "most an uploaded workbook may take decompressed (declared and actual)")
	fs.StringVar(&c.IndicatorSets, "indicator-sets", c.IndicatorSets, "directory of a bureau's own indicator sets (*.xlsx, one set each), read at start beside the shipped ones (empty: none)")
}

// intakeLimits are the configured limits of a results upload.
func (c *Config) intakeLimits() lab.Limits {
	return lab.Limits{
		MaxRows: c.IntakeMaxRows, MaxColumns: c.IntakeMaxColumns,
		MaxCellBytes: int(c.IntakeMaxCellBytes), MaxLineBytes: int(c.IntakeMaxLineBytes),
		MaxJSONKeys: c.IntakeMaxJSONKeys, MaxXLSXBytes: int64(c.IntakeMaxXLSXBytes),
	}
}

// Validate lists every problem of the configuration.
func (c *Config) Validate() error {
	var problems []string
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		problems = append(problems, fmt.Sprintf("log-level %q is not debug, info, warn or error", c.LogLevel))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		problems = append(problems, fmt.Sprintf("log-format %q is not text or json", c.LogFormat))
	}
	if c.MaxUpload <= 0 {
		problems = append(problems, "max-upload must be positive")
	}
	for name, n := range map[string]int{"intake-max-rows": c.IntakeMaxRows, "intake-max-columns": c.IntakeMaxColumns, "intake-max-json-keys": c.IntakeMaxJSONKeys} {
		if n <= 0 {
			problems = append(problems, name+" must be positive")
		}
	}
	if c.ReportConcurrency < 0 {
		problems = append(problems, "report-concurrency must be >= 0")
	}
	if c.ProfileCache <= 0 {
		problems = append(problems, "profile-cache must be positive")
	}
	if c.ShutdownTimeout < 0 {
		problems = append(problems, "shutdown-timeout must be >= 0")
	}
	if c.MetricsAddr != "" && c.MetricsAddr == c.Addr && !strings.HasSuffix(c.Addr, ":0") {
		problems = append(problems, fmt.Sprintf("metrics-addr %q is the API's address: leave it empty to serve /metrics there", c.MetricsAddr))
	}
	if len(problems) > 0 {
		return usageError{"configuration: " + strings.Join(problems, "; ")}
	}
	return nil
}

// envName is the variable that sets a flag: QBENCH_ and the flag's name in
// upper case with '_' for '-'.
func envName(flagName string) string {
	return "QBENCH_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// parseFlags applies QBENCH_* variables, then the command line (which wins),
// then validates.
func parseFlags(fs *flag.FlagSet, args []string, getenv func(string) string) error {
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		if v := getenv(envName(f.Name)); v != "" && envErr == nil {
			if err := f.Value.Set(v); err != nil {
				envErr = usageError{fmt.Sprintf("%s=%q: %v", envName(f.Name), v, err)}
			}
		}
	})
	if envErr != nil {
		return envErr
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))}
	}
	return nil
}

// parseConfig parses the flags of a command that uses the configuration and
// validates the result.
func (c *cli) parseConfig(fs *flag.FlagSet, cfg *Config, args []string) error {
	if err := parseFlags(fs, args, c.getenv); err != nil {
		return err
	}
	return cfg.Validate()
}

func (c *cli) newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("qbench "+name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	return fs
}

// newLogger builds the structured logger the configuration asks for.
func (c *Config) newLogger(w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.LogLevel)) // validated before
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// byteSize is a flag value in bytes that accepts KiB, MiB and GiB suffixes.
type byteSize int64

// String writes the size with the largest unit that divides it (32MiB).
func (b *byteSize) String() string {
	n := int64(*b)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n != 0 && n%u.mult == 0 {
			return strconv.FormatInt(n/u.mult, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}

func (b *byteSize) Set(s string) error {
	s = strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return fmt.Errorf("want a positive number of bytes, optionally with KiB, MiB or GiB")
	}
	*b = byteSize(n * mult)
	return nil
}
