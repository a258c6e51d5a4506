package main

import (
	"errors"
	"flag"
	"io"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/qbench/qbench/internal/api"
	"github.com/qbench/qbench/internal/i18n"
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
	fs.StringVar(&c.DB, "db", c.DB, "cli.flag.db")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "cli.flag.log-level")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "cli.flag.log-format")
}

// serveFlags registers the flags of qbench serve.
func (c *Config) serveFlags(fs *flag.FlagSet) {
	c.dbFlags(fs)
	fs.StringVar(&c.Addr, "addr", c.Addr, "cli.flag.addr")
	fs.Var(&c.MaxUpload, "max-upload", "cli.flag.max-upload")
	fs.IntVar(&c.ReportConcurrency, "report-concurrency", c.ReportConcurrency, "cli.flag.report-concurrency")
	fs.Var(&c.ProfileCache, "profile-cache", "cli.flag.profile-cache")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "cli.flag.shutdown-timeout")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", c.MetricsAddr, "cli.flag.metrics-addr")
	fs.StringVar(&c.MetricsToken, "metrics-token", c.MetricsToken, "cli.flag.metrics-token")
	fs.IntVar(&c.IntakeMaxRows, "intake-max-rows", c.IntakeMaxRows, "cli.flag.intake-max-rows")
	fs.IntVar(&c.IntakeMaxColumns, "intake-max-columns", c.IntakeMaxColumns, "cli.flag.intake-max-columns")
	fs.Var(&c.IntakeMaxCellBytes, "intake-max-cell-bytes", "cli.flag.intake-max-cell-bytes")
	fs.Var(&c.IntakeMaxLineBytes, "intake-max-line-bytes", "cli.flag.intake-max-line-bytes")
	fs.IntVar(&c.IntakeMaxJSONKeys, "intake-max-json-keys", c.IntakeMaxJSONKeys, "cli.flag.intake-max-json-keys")
	fs.Var(&c.IntakeMaxXLSXBytes, "intake-max-xlsx-bytes", "cli.flag.intake-max-xlsx-bytes")
	fs.StringVar(&c.IndicatorSets, "indicator-sets", c.IndicatorSets, "cli.flag.indicator-sets")
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
	var problems []i18n.Message
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		problems = append(problems, i18n.M("cli.err.config.log_level", c.LogLevel))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		problems = append(problems, i18n.M("cli.err.config.log_format", c.LogFormat))
	}
	if c.MaxUpload <= 0 {
		problems = append(problems, i18n.M("cli.err.config.positive", "max-upload"))
	}
	for _, f := range []struct {
		name string
		n    int
	}{{"intake-max-rows", c.IntakeMaxRows}, {"intake-max-columns", c.IntakeMaxColumns}, {"intake-max-json-keys", c.IntakeMaxJSONKeys}} {
		if f.n <= 0 {
			problems = append(problems, i18n.M("cli.err.config.positive", f.name))
		}
	}
	if c.ReportConcurrency < 0 {
		problems = append(problems, i18n.M("cli.err.config.not_negative", "report-concurrency"))
	}
	if c.ProfileCache <= 0 {
		problems = append(problems, i18n.M("cli.err.config.positive", "profile-cache"))
	}
	if c.ShutdownTimeout < 0 {
		problems = append(problems, i18n.M("cli.err.config.not_negative", "shutdown-timeout"))
	}
	if c.MetricsAddr != "" && c.MetricsAddr == c.Addr && !strings.HasSuffix(c.Addr, ":0") {
		problems = append(problems, i18n.M("cli.err.config.metrics_addr", c.MetricsAddr))
	}
	if len(problems) > 0 {
		return usage("cli.err.configuration", i18n.Messages(problems))
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
	// Each value records why it refused what it was given, so that the
	// reason can be worded rather than quoted from the flag package.
	var refused error
	fs.VisitAll(func(f *flag.Flag) { f.Value = &recordingValue{Value: f.Value, refused: &refused} })
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		if v := getenv(envName(f.Name)); v != "" && envErr == nil {
			if err := f.Value.Set(v); err != nil {
				envErr = usage("cli.err.env", envName(f.Name), v, valueReason(err))
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
		return flagError(fs, err, refused)
	}
	if fs.NArg() > 0 {
		return usage("cli.err.unexpected_argument", fs.Name(), fs.Arg(0))
	}
	return nil
}

// recordingValue is a flag's value that keeps the error of its last
// refused Set.
type recordingValue struct {
	flag.Value
	refused *error
}

func (v *recordingValue) Set(s string) error {
	err := v.Value.Set(s)
	if err != nil {
		*v.refused = err
	}
	return err
}

// IsBoolFlag keeps a boolean flag usable without a value.
func (v *recordingValue) IsBoolFlag() bool {
	b, ok := v.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// The flag package's errors, which it words in English only.
var (
	flagUndefined   = regexp.MustCompile(`^flag provided but not defined: -+(.*)$`)
	flagNeedsValue  = regexp.MustCompile(`^flag needs an argument: -+(.*)$`)
	flagBadValue    = regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-+([^:]*):`)
	flagBadSyntax   = regexp.MustCompile(`^bad flag syntax: (.*)$`)
	flagParseReason = map[string]string{"parse error": "cli.err.flag_parse", "value out of range": "cli.err.flag_range"}
)

// flagError words an error of fs.Parse: refused is the error of the value
// that refused its text, if one did.
func flagError(fs *flag.FlagSet, err error, refused error) error {
	text := err.Error()
	switch {
	case flagUndefined.MatchString(text):
		return usage("cli.err.flag_undefined", fs.Name(), flagUndefined.FindStringSubmatch(text)[1])
	case flagNeedsValue.MatchString(text):
		return usage("cli.err.flag_needs_value", fs.Name(), flagNeedsValue.FindStringSubmatch(text)[1])
	case flagBadValue.MatchString(text) && refused != nil:
		m := flagBadValue.FindStringSubmatch(text)
		return usage("cli.err.flag_value", fs.Name(), m[2], m[1], valueReason(refused))
	case flagBadSyntax.MatchString(text):
		return usage("cli.err.flag_syntax", fs.Name(), flagBadSyntax.FindStringSubmatch(text)[1])
	}
	return usage("cli.err.flags", fs.Name(), text)
}

// valueReason is why a flag's value refused its text, as a catalogue
// message where qbench or the flag package says why, else as written.
func valueReason(err error) any {
	var mistake usageError
	if errors.As(err, &mistake) {
		return mistake.msg
	}
	if key, ok := flagParseReason[err.Error()]; ok {
		return i18n.M(key)
	}
	return err.Error()
}

// parseConfig parses the flags of a command that uses the configuration and
// validates the result.
func (c *cli) parseConfig(fs *flag.FlagSet, cfg *Config, args []string) error {
	if err := parseFlags(fs, args, c.getenv); err != nil {
		return err
	}
	return cfg.Validate()
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
		return usage("cli.err.byte_size")
	}
	*b = byteSize(n * mult)
	return nil
}
