package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
)

// Report is a rendered PDF analysis report with what it was made from.
type Report struct {
	ID        string    `json:"id"`
	Study     string    `json:"study"`
	Lang      string    `json:"lang"`
	SHA256    string    `json:"sha256"`
	Size      int64     `json:"size"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
	// AnnexSHA256 is the SHA-256 of the XLSX data annex stored beside the
	// PDF; empty for a report stored without one.
	AnnexSHA256 string `json:"annex_sha256,omitempty"`
	// PDF, Annex and Profile are filled by FindReport only.
	PDF     []byte `json:"-"`
	Annex   []byte `json:"-"`
	Profile []byte `json:"-"`
}

// CreateReport stores a rendered report under a new random id: only of a
// closed or published study with results (checked again here, under the
// study's lock, whatever the caller checked before rendering).
func (s *Store) CreateReport(ctx context.Context, code, lang string, pdf, profile []byte, actor auth.Actor) (*Report, error) {
	return s.CreateReportWithAnnex(ctx, code, lang, pdf, nil, profile, actor)
}

// CreateReportWithAnnex is CreateReport storing the report's XLSX data
// annex beside the PDF (nil for none).
func (s *Store) CreateReportWithAnnex(ctx context.Context, code, lang string, pdf, annex, profile []byte, actor auth.Actor) (*Report, error) {
	idBytes := make([]byte, 16)
	if _, err := rand.Read(idBytes); err != nil {
		return nil, fmt.Errorf("draw report id: %w", err)
	}
	sum := sha256.Sum256(pdf)
	rep := &Report{ID: hex.EncodeToString(idBytes), Study: code, Lang: lang, SHA256: hex.EncodeToString(sum[:]),
		Size: int64(len(pdf)), CreatedAt: s.now().UTC(), CreatedBy: actor.Name}
	if annex != nil {
		sum := sha256.Sum256(annex)
		rep.AnnexSHA256 = hex.EncodeToString(sum[:])
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		row, err := s.findStudyRow(tx, code, true)
		if err != nil {
			return err
		}
		if err := benchmark.CheckReportAllowed(code, row.State); err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&resultRow{}).Where("study_id = ?", row.ID).Count(&n).Error; err != nil {
			return translate("count results", err)
		}
		if err := benchmark.CheckReportResults(code, int(n)); err != nil {
			return err
		}
		rr := reportRow{ID: rep.ID, StudyID: row.ID, Lang: lang, SHA256: rep.SHA256, Size: rep.Size, PDF: pdf,
			Profile: string(profile), CreatedAt: rep.CreatedAt, CreatedBy: actor.Name, Annex: annex, AnnexSHA256: rep.AnnexSHA256}
		if err := tx.Create(&rr).Error; err != nil {
			return translate("store report", err)
		}
		return s.audit(tx, code, actor, "report.created", rep.ID, "", map[string]any{"lang": lang, "sha256": rep.SHA256, "size": rep.Size})
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// FindReport returns a report with its PDF and the study's current state
// (readers may fetch reports of published studies only).
func (s *Store) FindReport(ctx context.Context, id string) (*Report, *benchmark.Study, error) {
	if !storable(id) {
		return nil, nil, appError(benchmark.ENOTFOUND, "store.report_not_found", strconv.Quote(id))
	}
	var rep *Report
	var st *benchmark.Study
	err := s.read(ctx, func(tx *gorm.DB) error {
		var rr reportRow
		if err := tx.Where("id = ?", id).Take(&rr).Error; err != nil {
			if benchmark.ErrorCode(translate("", err)) == benchmark.ENOTFOUND {
				return appError(benchmark.ENOTFOUND, "store.report_not_found", id)
			}
			return translate("find report", err)
		}
		var row studyRow
		if err := tx.Take(&row, rr.StudyID).Error; err != nil {
			return translate("find study of report", err)
		}
		var err error
		if st, err = s.loadStudy(tx, &row); err != nil {
			return err
		}
		rep = &Report{ID: rr.ID, Study: row.Code, Lang: rr.Lang, SHA256: rr.SHA256, Size: rr.Size,
			CreatedAt: rr.CreatedAt.UTC(), CreatedBy: rr.CreatedBy, PDF: rr.PDF, Profile: []byte(rr.Profile),
			Annex: rr.Annex, AnnexSHA256: rr.AnnexSHA256}
		return nil
	})
	return rep, st, err
}

// FindReports lists a study's reports, newest first, without their bytes.
func (s *Store) FindReports(ctx context.Context, code string) ([]Report, error) {
	var out []Report
	err := s.read(ctx, func(tx *gorm.DB) error {
		row, err := s.findStudyRow(tx, code, false)
		if err != nil {
			return err
		}
		var rows []reportRow
		if err := tx.Select("id", "lang", "sha256", "size", "created_at", "created_by", "annex_sha256").
			Where("study_id = ?", row.ID).Order("created_at DESC, id").Find(&rows).Error; err != nil {
			return translate("list reports", err)
		}
		out = make([]Report, len(rows))
		for i, r := range rows {
			out[i] = Report{ID: r.ID, Study: code, Lang: r.Lang, SHA256: r.SHA256, Size: r.Size,
				CreatedAt: r.CreatedAt.UTC(), CreatedBy: r.CreatedBy, AnnexSHA256: r.AnnexSHA256}
		}
		return nil
	})
	return out, err
}
