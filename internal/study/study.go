// Package study holds qbench's use cases — upload results from a reader,
// the profile, the report — once, for the API and the CLI alike (and the
// console later). Each asks the policy first and owns its limits: one gate
// for heavy work (analysis and rendering), a profile cache bounded in
// bytes, and the request's context passed into rendering so that a
// cancelled request stops. Handlers and CLI commands only parse, call and
// respond.
//
// The functions without a database (ReadResults, Analyze, RenderReport)
// are what the Service itself runs between loading and storing, so that
// the CLI, which reads files, takes exactly the API's path.
package study

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/policy"
	"github.com/qbench/qbench/internal/sheets"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/lab"
	"github.com/qbench/qbench/reports"
)

// Metrics is what the use cases report (internal/metrics implements it);
// every method must be safe for concurrent use and cheap.
type Metrics interface {
	RowsUploaded(n int)
	RowsRejected(n int)
	ObserveProfile(d time.Duration)
	ObserveReport(d time.Duration)
}

type noMetrics struct{}

func (noMetrics) RowsUploaded(int)             {}
func (noMetrics) RowsRejected(int)             {}
func (noMetrics) ObserveProfile(time.Duration) {}
func (noMetrics) ObserveReport(time.Duration)  {}

// DefaultProfileCacheBytes is the default bound of the profile cache.
const DefaultProfileCacheBytes = 64 << 20

// Config configures the use cases.
type Config struct {
	// HeavyConcurrency bounds the analyses and renderings running at once
	// (0: the number of CPUs), so that a burst of profile or report
	// requests cannot take every core.
	HeavyConcurrency int
	// ProfileCacheBytes bounds the cached profile documents (0: the
	// default; <0: no cache).
	ProfileCacheBytes int64
	// Metrics receives the upload, profile and report metrics (nil: none).
	Metrics Metrics
	// IntakeLimits bound what reading a results file may use (zero
	// fields: lab's defaults).
	IntakeLimits lab.Limits
	// IndicatorSets are a bureau's own indicator sets (sheets.LoadIndicatorSets),
	// offered beside the shipped ones and taking precedence over them.
	IndicatorSets []*sheets.Set
}

// Service runs the use cases on a store.
type Service struct {
	store   *store.Store
	intake  lab.Limits
	sets    []*sheets.Set
	metrics Metrics
	gate    *Gate
	cache   *profileCache
	// followUps and profiles keep computed follow-ups and decoded
	// profiles for the programme pages (programmes.go).
	followUps countCache[*benchmark.FollowUpReport]
	profiles  countCache[*benchmark.Profile]
	flight    singleflight.Group
	// profileCallers counts the callers inside Profile's computation.
	profileCallers atomic.Int64
}

// New returns the use cases on st.
func New(st *store.Store, cfg Config) *Service {
	if cfg.HeavyConcurrency <= 0 {
		cfg.HeavyConcurrency = runtime.NumCPU()
	}
	if cfg.ProfileCacheBytes == 0 {
		cfg.ProfileCacheBytes = DefaultProfileCacheBytes
	}
	if cfg.Metrics == nil {
		cfg.Metrics = noMetrics{}
	}
	return &Service{store: st, metrics: cfg.Metrics, gate: NewGate(cfg.HeavyConcurrency),
		cache: newProfileCache(max(cfg.ProfileCacheBytes, 0)), intake: cfg.IntakeLimits, sets: cfg.IndicatorSets,
		followUps: countCache[*benchmark.FollowUpReport]{limit: followUpCacheEntries},
		profiles:  countCache[*benchmark.Profile]{limit: profileStructEntries}}
}

// Gate is the Service's gate for heavy work (for tests and metrics).
func (s *Service) Gate() *Gate { return s.gate }

// authorize loads the header of study code and asks the policy whether the
// actor may take the action on it.
func (s *Service) authorize(ctx context.Context, a auth.Actor, action policy.Action, code string) (*store.StudyHeader, error) {
	h, err := s.store.FindStudyHeader(ctx, code)
	if err != nil {
		return nil, err
	}
	if err := policy.Authorize(a, action, &policy.Study{Code: h.Code, Lab: h.Lab, State: h.State}); err != nil {
		return nil, err
	}
	return h, nil
}

// UploadOptions describe an uploaded results file.
type UploadOptions struct {
	// ContentType and Filename, as declared, tell the format (else the
	// first bytes do).
	ContentType string
	Filename    string
	// Reason explains why stored results are replaced ("" : taken from a
	// JSON body's "reason", if any).
	Reason string
	// Size is the body's declared length (an HTTP Content-Length within
	// the upload limit), 0 when unknown. The body is then read into a
	// buffer of exactly that size: io.ReadAll grows its buffer by
	// doubling, which for a 32 MiB file allocates about twice the body
	// and raises an upload's peak memory by as much.
	Size int64
	// DryRun checks the file and plans the upload without writing: the
	// summary says what would be created, replaced and left unchanged
	// (its ID is 0). The console's preview; see also Preview.
	DryRun bool
}

// MediaError refuses a file whose format is not one of the results
// formats (the API answers 415).
type MediaError struct {
	Err error
	Msg i18n.Message
}

func (e *MediaError) Error() string { return e.Err.Error() }
func (e *MediaError) Unwrap() error { return e.Err }

// Upload stores the results file read from r in study code, all or
// nothing: every row error at once (*lab.Problems), ECONFLICT when the
// study is not open. A blind caller (a lab) names samples by blind code.
// r is read to its end; a bounded reader's error (*http.MaxBytesError)
// is returned as it is.
func (s *Service) Upload(ctx context.Context, a auth.Actor, code string, r io.Reader, opts UploadOptions) (*store.UploadSummary, error) {
	if opts.DryRun {
		plan, err := s.Preview(ctx, a, code, r, opts)
		if err != nil {
			return nil, err
		}
		return &plan.UploadSummary, nil
	}
	h, results, up, err := s.readUpload(ctx, a, code, r, opts)
	if err != nil {
		return nil, err
	}
	summary, err := s.store.SaveResults(ctx, h.Code, results, up)
	if err != nil {
		return nil, err
	}
	s.metrics.RowsUploaded(summary.Total)
	return summary, nil
}

// Preview is the dry run of Upload: the same checks of the same file
// (policy, state, format, every row), then what the upload would create,
// replace and leave unchanged, with nothing written. Replaced keys name
// samples by their real codes; a blind caller's view maps them back
// (policy.Redact).
func (s *Service) Preview(ctx context.Context, a auth.Actor, code string, r io.Reader, opts UploadOptions) (*store.UploadPlan, error) {
	h, results, _, err := s.readUpload(ctx, a, code, r, opts)
	if err != nil {
		return nil, err
	}
	return s.store.PlanResults(ctx, h.Code, results)
}

// readUpload authorizes an upload, reads and checks its file, and returns
// the checked results with the upload's record: the part Upload and
// Preview share.
func (s *Service) readUpload(ctx context.Context, a auth.Actor, code string, r io.Reader, opts UploadOptions) (*store.StudyHeader, []benchmark.Result, store.Upload, error) {
	var none store.Upload
	h, err := s.authorize(ctx, a, policy.UploadResults, code)
	if err != nil {
		return nil, nil, none, err
	}
	// Checked before the body is read: no point parsing a file that cannot
	// be stored. The store checks again inside its transaction.
	if err := benchmark.CheckUploadAllowed(h.Code, h.State); err != nil {
		return nil, nil, none, err
	}
	body, err := readAll(r, opts.Size)
	if err != nil {
		return nil, nil, none, &ReadError{Err: err}
	}
	format, err := DetectFormat(opts.ContentType, opts.Filename, body)
	if err != nil {
		return nil, nil, none, err
	}
	reason := opts.Reason
	if format == lab.JSON && reason == "" {
		var meta struct {
			Reason string `json:"reason"`
		}
		_ = json.Unmarshal(body, &meta) // a malformed body is reported by the parser
		reason = meta.Reason
	}
	st, err := s.store.FindStudyByCode(ctx, h.Code)
	if err != nil {
		return nil, nil, none, err
	}
	sum := sha256.Sum256(body)
	size := len(body)
	results, err := ReadResults(st.Design, body, format, policy.UploadCodes(a, st), s.intake)
	body = nil // from here on the results are the upload
	if err != nil {
		s.metrics.RowsRejected(RejectedRows(err))
		return nil, nil, none, err
	}
	if size >= collectAfter {
		// The collector sets its next goal at twice what it found alive
		// at its last cycle, which ran while the body and the results
		// were both alive; the store's writing would let the heap grow
		// to that. A collection now, with the body gone, sets the goal
		// from the results alone (BENCHMARKS.md, "Intake": a 32 MiB
		// upload peaked at 243 MiB without it).
		runtime.GC()
	}
	return h, results, store.Upload{Format: string(format), Filename: opts.Filename,
		SHA256: hex.EncodeToString(sum[:]), Reason: reason, Actor: a}, nil
}

// collectAfter is the size of an upload after whose parsing the memory
// of its body is collected at once.
const collectAfter = 8 << 20

// readAll reads r whole, into a buffer of size bytes when size is known.
func readAll(r io.Reader, size int64) ([]byte, error) {
	if size <= 0 {
		return io.ReadAll(r)
	}
	body := make([]byte, size)
	n, err := io.ReadFull(r, body)
	switch {
	case err == io.ErrUnexpectedEOF || err == io.EOF:
		return body[:n], nil // shorter than declared: what came is the file
	case err != nil:
		return nil, err
	}
	rest, err := io.ReadAll(r) // longer than declared: read on, never cut
	if err != nil {
		return nil, err
	}
	return append(body, rest...), nil
}

// ReadError is a failure to read an uploaded file (a body past its
// limit: *http.MaxBytesError inside; a connection that broke).
type ReadError struct{ Err error }

func (e *ReadError) Error() string { return "reading the request body: " + e.Err.Error() }
func (e *ReadError) Unwrap() error { return e.Err }

// DetectFormat tells the format of a results file from its declared media
// type, its name and its first bytes. XML documents and multipart forms
// are refused before any sniffing: their first bytes may look like text,
// and reading them as CSV would report nonsense rows instead of the real
// mistake.
func DetectFormat(contentType, filename string, body []byte) (lab.Format, error) {
	if media, _, err := mime.ParseMediaType(contentType); err == nil &&
		(strings.HasPrefix(media, "multipart/") || media == "application/xml" || media == "text/xml" || strings.HasSuffix(media, "+xml")) {
		msg := i18n.M("study.media_refused", media)
		return "", &MediaError{Err: errors.New(i18n.For(i18n.EN).Message(msg)), Msg: msg}
	}
	format, err := lab.DetectFormat(contentType, filename, body[:min(len(body), 512)])
	switch {
	case errors.Is(err, lab.ErrXLS):
		return "", &MediaError{Err: err, Msg: i18n.M("study.xls")}
	case errors.Is(err, lab.ErrUnknownFormat):
		return "", &MediaError{Err: err, Msg: i18n.M("study.unknown_format")}
	case err != nil:
		return "", &MediaError{Err: err}
	}
	return format, nil
}

// ReadResults reads a results file and checks it against the design in
// one bounded pass (lab.Read): every row error at once, or a
// *lab.LimitError past one of limits (zero fields: lab's defaults).
// blindCodes (blind code → sample code) is set when the file names samples
// by blind code. The API's upload and the CLI's files both come here.
// data is read in place (lab.Bytes): it must not change while the error
// is in use, which may quote its cells; the results keep nothing of it.
// The server reads on one core, as other requests want the others.
func ReadResults(d *benchmark.Design, data []byte, format lab.Format, blindCodes map[string]string, limits lab.Limits) ([]benchmark.Result, error) {
	return lab.Read(lab.Bytes(data), int64(len(data)), format, d, lab.CheckOptions{BlindCodes: blindCodes, Limits: limits})
}

// ReadResultsAt is ReadResults of size bytes read from r for the CLI,
// which reads a file in place rather than into memory first. A user waits
// for the one command, which has the machine to itself: a large CSV file
// is read with two cores (lab.CheckOptions.Concurrent) and its results
// put in huge pages (lab.CheckOptions.HugePages); the same results and
// problems as ReadResults. into, when not nil, is an array made ahead for
// the results (lab.ResultsArray, lab.CheckOptions.Results).
func ReadResultsAt(d *benchmark.Design, r io.ReaderAt, size int64, format lab.Format, blindCodes map[string]string, limits lab.Limits, into []benchmark.Result) ([]benchmark.Result, error) {
	return lab.Read(r, size, format, d, lab.CheckOptions{BlindCodes: blindCodes, Limits: limits, Concurrent: true, HugePages: true, Results: into})
}

// RejectedRows is the number of faulty rows that err (from ReadResults)
// refuses: distinct rows of the listed problems, plus one per problem past
// the listing cap. 0 for any other error.
func RejectedRows(err error) int {
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

// profileTimeout bounds a profile computation that no request can cancel.
const profileTimeout = 2 * time.Minute

// Profile returns the profile document (JSON) of study code at its
// current revision, with that revision: from the cache, or computed once
// however many callers ask at the same time. Every change of a study's
// design, state or results bumps its revision in the same transaction, so
// a cached profile whose revision matches is current and a stale one is
// never served.
func (s *Service) Profile(ctx context.Context, a auth.Actor, code string) ([]byte, int64, error) {
	h, err := s.authorize(ctx, a, policy.ViewProfile, code)
	if err != nil {
		return nil, 0, err
	}
	if body, ok := s.cache.get(h.Code, h.Revision); ok {
		return body, h.Revision, nil
	}
	key := h.Code + "@" + strconv.FormatInt(h.Revision, 10)
	s.profileCallers.Add(1)
	defer s.profileCallers.Add(-1)
	ch := s.flight.DoChan(key, func() (any, error) {
		// The computation is shared by every caller waiting for it, so it
		// must not stop when the first of them goes away.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), profileTimeout)
		defer cancel()
		start := time.Now()
		st, results, err := s.store.LoadStudyData(ctx, h.Code)
		if err != nil {
			return nil, err
		}
		if err := s.gate.Acquire(ctx); err != nil {
			return nil, err
		}
		defer s.gate.Release()
		p, err := Analyze(st.Design, results)
		if err != nil {
			return nil, err
		}
		body, err := EncodeProfile(p)
		if err != nil {
			return nil, err
		}
		s.metrics.ObserveProfile(time.Since(start))
		s.cache.put(h.Code, st.Revision, body)
		return profileAt{body, st.Revision}, nil
	})
	// A caller that goes away stops waiting; the computation goes on for
	// the others (and the cache).
	select {
	case res := <-ch:
		if res.Err != nil {
			return nil, 0, res.Err
		}
		p := res.Val.(profileAt)
		return p.body, p.revision, nil
	case <-ctx.Done():
		return nil, 0, ctx.Err()
	}
}

// ProfileCallers is the number of callers waiting for a profile
// computation (their own or one they joined); for tests and metrics.
func (s *Service) ProfileCallers() int { return int(s.profileCallers.Load()) }

type profileAt struct {
	body     []byte
	revision int64
}

// Analyze analyses a study's design and results.
func Analyze(d *benchmark.Design, results []benchmark.Result) (*benchmark.Profile, error) {
	p, err := benchmark.Analyze(d, results)
	if err != nil {
		return nil, fmt.Errorf("analyse study %s: %w", d.Code, err)
	}
	return p, nil
}

// EncodeProfile is a profile's JSON document, as the API serves it and
// reports store it.
func EncodeProfile(p *benchmark.Profile) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // Chinese text and "<0.005" stay readable
	if err := enc.Encode(p); err != nil {
		return nil, fmt.Errorf("encode profile: %w", err)
	}
	return buf.Bytes(), nil
}

// Report renders the PDF report of study code in lang ("zh" or "en") from
// its current data and findings, and stores it with its SHA-256 and the
// profile it shows. The gate is taken before the analysis, and rendering
// stops when ctx is done.
func (s *Service) Report(ctx context.Context, a auth.Actor, code, lang string) (*store.Report, error) {
	h, err := s.authorize(ctx, a, policy.RenderReport, code)
	if err != nil {
		return nil, err
	}
	if err := CheckLang(lang); err != nil {
		return nil, err
	}
	if err := benchmark.CheckReportAllowed(h.Code, h.State); err != nil {
		return nil, err
	}
	if err := s.gate.Acquire(ctx); err != nil {
		return nil, err
	}
	defer s.gate.Release()
	start := time.Now()
	st, results, err := s.store.LoadStudyData(ctx, h.Code)
	if err != nil {
		return nil, err
	}
	findings, _, err := s.store.FindFindings(ctx, h.Code)
	if err != nil {
		return nil, err
	}
	in := ReportInput{Design: st.Design, Results: results, Findings: findings}
	if in.Previous, err = s.previousRound(ctx, st.Design); err != nil {
		return nil, err
	}
	r, err := RenderReport(ctx, in, lang)
	if err != nil {
		return nil, err
	}
	rep, err := s.store.CreateReportWithAnnex(ctx, h.Code, lang, r.PDF, r.Annex, r.ProfileJSON, a)
	if err != nil {
		return nil, err
	}
	s.metrics.ObserveReport(time.Since(start))
	return rep, nil
}

// CheckLang refuses a report language qbench does not write.
func CheckLang(lang string) error {
	if lang != "zh" && lang != "en" {
		msg := i18n.M("study.report_lang", lang)
		return &benchmark.Error{Code: benchmark.EINVALID, Msg: msg, Message: i18n.For(i18n.EN).Message(msg)}
	}
	return nil
}

// ReportInput is what a report is made of.
type ReportInput struct {
	Design   *benchmark.Design
	Results  []benchmark.Result
	Findings *benchmark.Findings
	// Previous, when set, is the round the design names as predecessor:
	// the report gets a follow-up chapter (programme_report.go).
	Previous *PreviousRound
}

// RenderedReport is a rendered report with the profile it shows.
type RenderedReport struct {
	PDF         []byte
	Profile     *benchmark.Profile
	ProfileJSON []byte
	// Annex is the XLSX data annex stored beside the PDF (the raw results
	// and the sample list); the PDF prints its SHA-256.
	Annex []byte
}

// RenderReport analyses in and renders its report in lang, stopping when
// ctx is done. The Service's Report and the CLI's report command both come
// here; the caller holds the gate (the CLI runs one report).
func RenderReport(ctx context.Context, in ReportInput, lang string) (*RenderedReport, error) {
	if err := CheckLang(lang); err != nil {
		return nil, err
	}
	p, err := Analyze(in.Design, in.Results)
	if err != nil {
		return nil, err
	}
	profileJSON, err := EncodeProfile(p)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var annex bytes.Buffer
	if err := reports.WriteDataAnnex(&annex, in.Design, in.Results); err != nil {
		return nil, fmt.Errorf("data annex of study %s: %w", in.Design.Code, err)
	}
	annexSum := sha256.Sum256(annex.Bytes())
	var pdf bytes.Buffer
	followUp, err := in.followUp()
	if err != nil {
		return nil, err
	}
	if err := reports.RenderContext(ctx, &pdf, reports.Input{Design: in.Design, Results: in.Results, Profile: p,
		Findings: in.Findings, FollowUp: followUp, Date: reports.DateFromData(in.Design, in.Results),
		DataAnnexSHA256: hex.EncodeToString(annexSum[:])}, lang); err != nil {
		return nil, fmt.Errorf("render report of study %s: %w", in.Design.Code, err)
	}
	return &RenderedReport{PDF: pdf.Bytes(), Profile: p, ProfileJSON: profileJSON, Annex: annex.Bytes()}, nil
}
