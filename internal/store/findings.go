package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
)

// PutFindings stores (or replaces) the experts' findings of a study.
func (s *Store) PutFindings(ctx context.Context, code string, f *benchmark.Findings, actor auth.Actor) error {
	body, err := json.Marshal(f)
	if err != nil {
		return fmt.Errorf("encode findings: %w", err)
	}
	return s.write(ctx, func(tx *gorm.DB) error {
		row, err := s.findStudyRow(tx, code, true)
		if err != nil {
			return err
		}
		if err := benchmark.CheckFindingsAllowed(code, row.State); err != nil {
			return err
		}
		fr := findingsRow{StudyID: row.ID, Body: string(body), UpdatedAt: s.now().UTC(), UpdatedBy: actor.Name}
		if err := tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&fr).Error; err != nil {
			return translate("store findings", err)
		}
		return s.audit(tx, code, actor, "findings.updated", code, "", map[string]any{"findings": json.RawMessage(body)})
	})
}

// FindFindings returns a study's findings; nil (and no error) when the
// experts have written none yet.
func (s *Store) FindFindings(ctx context.Context, code string) (*benchmark.Findings, time.Time, error) {
	var f *benchmark.Findings
	var updated time.Time
	err := s.read(ctx, func(tx *gorm.DB) error {
		row, err := s.findStudyRow(tx, code, false)
		if err != nil {
			return err
		}
		var rows []findingsRow
		if err := tx.Where("study_id = ?", row.ID).Limit(1).Find(&rows).Error; err != nil {
			return translate("read findings", err)
		}
		if len(rows) == 0 {
			return nil
		}
		f = &benchmark.Findings{}
		updated = rows[0].UpdatedAt.UTC()
		if err := json.Unmarshal([]byte(rows[0].Body), f); err != nil {
			return fmt.Errorf("decode findings of study %s: %w", code, err)
		}
		return nil
	})
	return f, updated, err
}
