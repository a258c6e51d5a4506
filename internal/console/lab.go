package console

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/policy"
	"github.com/qbench/qbench/internal/sheets"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/internal/study"
)

// A lab sees a study blind: its code, product, indicators and the blind
// codes of the samples, never the title, a region, an enterprise or a
// sample's own code (policy.Redact). Everything on its pages comes from
// the redacted view.

type uploadLine struct {
	At                                 time.Time
	Filename, Reason                   string
	Rows, Created, Replaced, Unchanged int
}

type replacedLine struct {
	Sample, Indicator string
	Replicate         int
}

// previewData is the preview of an upload: either the file's problems or
// what it would change, with the form that confirms it.
type previewData struct {
	ID          string
	Filename    string
	Plan        *store.UploadPlan
	Replaced    []replacedLine
	NeedsReason bool
	Message     string
	Problems    []problemRow
	More        int
}

type labStudyData struct {
	View      *policy.LabView
	CanUpload bool
	History   []uploadLine
	Preview   *previewData
	Uploaded  bool
}

// labStudyPage is a lab's page of a study: the template, the upload with
// its preview, and the history of uploads.
func (s *Server) labStudyPage(w http.ResponseWriter, r *http.Request, c *call, st *benchmark.Study, pst *policy.Study) {
	data, err := s.labData(r.Context(), c.actor, st, pst)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	data.Uploaded = r.URL.Query().Get("uploaded") != ""
	s.render(w, r, c, http.StatusOK, "labstudy", "console.study.title", data, st.Design.Code)
}

func (s *Server) labData(ctx context.Context, a auth.Actor, st *benchmark.Study, pst *policy.Study) (*labStudyData, error) {
	v := policy.Redact(a, st)
	if v.Lab == nil {
		// Not blind: the bureau's page has the same upload (admin).
		v.Lab = policy.Redact(auth.Actor{Role: auth.RoleLab, Lab: pst.Lab}, st).Lab
	}
	data := &labStudyData{View: v.Lab,
		CanUpload: allowed(a, policy.UploadResults, pst) && benchmark.CheckUploadAllowed(st.Design.Code, st.State) == nil}
	events, err := s.store.FindAudit(ctx, store.AuditFilter{Study: st.Design.Code, Action: "results.uploaded", Limit: 500})
	if err != nil {
		return nil, err
	}
	for _, ev := range events {
		var d struct {
			Filename                           string
			Rows, Created, Replaced, Unchanged int
		}
		_ = json.Unmarshal(ev.Detail, &d) // written by the store; an odd one shows as zeros
		data.History = append(data.History, uploadLine{At: ev.At, Filename: d.Filename, Reason: ev.Reason,
			Rows: d.Rows, Created: d.Created, Replaced: d.Replaced, Unchanged: d.Unchanged})
	}
	slices.Reverse(data.History)
	return data, nil
}

// resultsTemplate is the file a lab fills in: the wide layout of
// internal/sheets (one row per sample, one column per indicator), by blind
// code for a lab and by sample code for the bureau, as a workbook (with a
// notes sheet and validation) or as CSV (?format=csv).
func (s *Server) resultsTemplate(w http.ResponseWriter, r *http.Request, c *call) {
	format, ok := sheets.ParseFormat(r.URL.Query().Get("format"))
	if !ok {
		format = sheets.XLSX
	}
	f, err := s.study.ResultsTemplate(r.Context(), c.actor, r.PathValue("code"), format, c.lang.lang)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	sendFile(w, f)
}

// sendFile answers with a file to download.
func sendFile(w http.ResponseWriter, f *study.File) {
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, f.Filename))
	w.Write(f.Body)
}

// previewUpload is the first step of an upload: the file is checked and
// planned (the dry run of study.Upload) and kept, unwritten, for the
// confirmation; the page shows every problem or what would change.
func (s *Server) previewUpload(w http.ResponseWriter, r *http.Request, c *call) {
	code := r.PathValue("code")
	st, pst, err := s.loadStudy(r.Context(), c.actor, policy.UploadResults, code)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUploadBytes+1<<20)
	f, hdr, err := r.FormFile("file")
	if err != nil {
		s.showPreview(w, r, c, st, pst, &previewData{Message: printer(c).Sprintf("console.upload.no_file")}, http.StatusUnprocessableEntity)
		return
	}
	body, err := io.ReadAll(io.LimitReader(f, s.cfg.MaxUploadBytes+1))
	f.Close()
	if err == nil && int64(len(body)) > s.cfg.MaxUploadBytes {
		err = &http.MaxBytesError{Limit: s.cfg.MaxUploadBytes}
	}
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	opts := study.UploadOptions{ContentType: hdr.Header.Get("Content-Type"), Filename: hdr.Filename}
	plan, err := s.study.Preview(r.Context(), c.actor, code, bytes.NewReader(body), opts)
	if err != nil {
		e := explained(r, c, err)
		p := &previewData{Filename: hdr.Filename, Message: e.Lead, Problems: problemRows(e), More: e.Truncated}
		s.showPreview(w, r, c, st, pst, p, e.Status)
		return
	}
	id := s.pending.put(pendingUpload{actor: c.actor, code: code, body: body, opts: opts})
	p := &previewData{ID: id, Filename: hdr.Filename, Plan: plan, NeedsReason: plan.Replaced > 0}
	blind := policy.UploadCodes(c.actor, st) != nil
	for _, k := range plan.ReplacedKeys {
		sample := k.Sample
		if blind {
			sample = st.BlindCodes[k.Sample]
		}
		p.Replaced = append(p.Replaced, replacedLine{Sample: sample, Indicator: k.Indicator, Replicate: k.Replicate})
	}
	s.showPreview(w, r, c, st, pst, p, http.StatusOK)
}

func (s *Server) showPreview(w http.ResponseWriter, r *http.Request, c *call, st *benchmark.Study, pst *policy.Study, p *previewData, status int) {
	data, err := s.labData(r.Context(), c.actor, st, pst)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	data.Preview = p
	s.render(w, r, c, status, "labstudy", "console.study.title", data, st.Design.Code)
}

// confirmUpload writes a previewed file, with the reason asked for when it
// replaces results. The upload checks everything again in its own
// transaction: results stored since the preview are not overwritten
// without a reason.
func (s *Server) confirmUpload(w http.ResponseWriter, r *http.Request, c *call) {
	code := r.PathValue("code")
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, c, err)
		return
	}
	st, pst, err := s.loadStudy(r.Context(), c.actor, policy.UploadResults, code)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	up, ok := s.pending.take(r.PostForm.Get("upload"), c.actor, code)
	if !ok {
		s.showPreview(w, r, c, st, pst, &previewData{Message: printer(c).Sprintf("console.upload.expired")}, http.StatusConflict)
		return
	}
	up.opts.Reason = r.PostForm.Get("reason")
	if _, err := s.study.Upload(r.Context(), c.actor, code, bytes.NewReader(up.body), up.opts); err != nil {
		// Keep the file for another try (a reason forgotten).
		id := s.pending.put(up)
		e := explained(r, c, err)
		p := &previewData{ID: id, Filename: up.opts.Filename, NeedsReason: true,
			Message: e.Lead, Problems: problemRows(e), More: e.Truncated}
		if plan, perr := s.study.Preview(r.Context(), c.actor, code, bytes.NewReader(up.body), up.opts); perr == nil {
			p.Plan = plan
		}
		s.showPreview(w, r, c, st, pst, p, e.Status)
		return
	}
	http.Redirect(w, r, "/studies/"+url.PathEscape(code)+"?uploaded=1", http.StatusSeeOther)
}

// pendingUpload is a previewed file waiting for its confirmation.
type pendingUpload struct {
	actor   auth.Actor
	code    string
	body    []byte
	opts    study.UploadOptions
	expires time.Time
}

// pendingUploads keeps previewed files in memory for a while, bounded in
// bytes (the oldest go first): a preview costs the server no database
// write, and nothing is written unless the same caller confirms.
type pendingUploads struct {
	mu       sync.Mutex
	byID     map[string]pendingUpload
	order    []string
	bytes    int64
	maxBytes int64
	ttl      time.Duration
}

func newPendingUploads(maxBytes int64, ttl time.Duration) *pendingUploads {
	return &pendingUploads{byID: map[string]pendingUpload{}, maxBytes: maxBytes, ttl: ttl}
}

func (p *pendingUploads) put(u pendingUpload) string {
	b := make([]byte, 16)
	rand.Read(b)
	id := hex.EncodeToString(b)
	now := time.Now()
	u.expires = now.Add(p.ttl)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.byID[id] = u
	p.order = append(p.order, id)
	p.bytes += int64(len(u.body))
	for len(p.order) > 0 {
		old, ok := p.byID[p.order[0]]
		if ok && p.bytes <= p.maxBytes && now.Before(old.expires) {
			break
		}
		if ok {
			p.bytes -= int64(len(old.body))
			delete(p.byID, p.order[0])
		}
		p.order = p.order[1:]
	}
	return id
}

// take hands a pending upload to the caller who previewed it, once.
func (p *pendingUploads) take(id string, a auth.Actor, code string) (pendingUpload, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	u, ok := p.byID[id]
	if !ok || u.code != code || u.actor.TokenID != a.TokenID || u.actor.Name != a.Name || time.Now().After(u.expires) {
		return pendingUpload{}, false
	}
	delete(p.byID, id)
	p.bytes -= int64(len(u.body))
	return u, true
}

// printer is the caller's language's printer.
func printer(c *call) *i18n.Printer { return i18n.For(c.lang.lang) }
