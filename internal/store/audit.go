package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/qbench/qbench/internal/auth"
)

// AuditEvent is one entry of the audit trail: who did what, when and why.
type AuditEvent struct {
	ID        int64     `json:"id"`
	Study     string    `json:"study,omitempty"`
	At        time.Time `json:"at"`
	ActorName string    `json:"actor"`
	ActorRole string    `json:"role"`
	// TokenID is the credential the actor used; absent for the CLI and
	// for events older than the column whose token could not be told.
	TokenID *int64          `json:"token_id,omitempty"`
	Action  string          `json:"action"`
	Subject string          `json:"subject,omitempty"`
	Reason  string          `json:"reason,omitempty"`
	Detail  json.RawMessage `json:"detail,omitempty"`
}

// AuditFilter narrows FindAudit.
type AuditFilter struct {
	// Study keeps one study's events (all when empty).
	Study string
	// Action keeps one kind of event (all when empty).
	Action string
	// AfterID pages forward: events with a larger id.
	AfterID int64
	Limit   int
}

// audit appends one event inside the caller's transaction, so that a change
// and its trail commit or roll back together.
func (s *Store) audit(tx *gorm.DB, study string, actor auth.Actor, action, subject, reason string, detail any) error {
	body := []byte("{}")
	if detail != nil {
		var err error
		if body, err = json.Marshal(detail); err != nil {
			return fmt.Errorf("encode audit detail: %w", err)
		}
	}
	row := auditRow{StudyCode: study, At: s.now().UTC(), ActorName: actor.Name, ActorRole: actor.Role,
		Action: action, Subject: subject, Reason: reason, Detail: string(body)}
	if actor.TokenID != 0 {
		id := actor.TokenID
		row.TokenID = &id
	}
	if err := tx.Create(&row).Error; err != nil {
		return translate("write audit trail", err)
	}
	return nil
}

// FindAudit returns audit events in the order they happened.
func (s *Store) FindAudit(ctx context.Context, f AuditFilter) ([]AuditEvent, error) {
	if !storable(f.Study) || !storable(f.Action) {
		return nil, nil // no stored event has such text
	}
	q := s.db.WithContext(ctx).Model(&auditRow{})
	if f.Study != "" {
		q = q.Where("study_code = ?", f.Study)
	}
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if f.AfterID > 0 {
		q = q.Where("id > ?", f.AfterID)
	}
	if f.Limit > 0 {
		q = q.Limit(f.Limit)
	}
	var rows []auditRow
	if err := q.Order("id").Find(&rows).Error; err != nil {
		return nil, translate("read audit trail", err)
	}
	out := make([]AuditEvent, len(rows))
	for i, r := range rows {
		out[i] = AuditEvent{ID: r.ID, Study: r.StudyCode, At: r.At.UTC(), ActorName: r.ActorName, ActorRole: r.ActorRole, TokenID: r.TokenID,
			Action: r.Action, Subject: r.Subject, Reason: r.Reason, Detail: json.RawMessage(r.Detail)}
	}
	return out, nil
}

// mustJSON encodes values that cannot fail to encode (maps of strings and
// numbers).
func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("encode %T: %v", v, err))
	}
	return string(b)
}
