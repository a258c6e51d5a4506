package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
)

// sessionRow is a console session: the SHA-256 of its random id, the token
// it acts with, and when it ends.
type sessionRow struct {
	ID        int64 `gorm:"primaryKey"`
	Hash      string
	TokenID   int64
	CreatedAt time.Time
	ExpiresAt time.Time
	RevokedAt *time.Time
}

func (sessionRow) TableName() string { return "console_sessions" }

// CreateSession stores a console session for the token with this id under
// the hash of secret (the caller drew it with auth.NewToken and puts it in
// the cookie; the database never holds it). ENOTFOUND when the token does
// not exist or is revoked.
func (s *Store) CreateSession(ctx context.Context, secret string, tokenID int64, ttl time.Duration) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		var tok tokenRow
		if err := tx.Where("id = ? AND revoked_at IS NULL", tokenID).Take(&tok).Error; err != nil {
			return translate("find token", err)
		}
		now := s.now().UTC()
		row := sessionRow{Hash: auth.HashToken(secret), TokenID: tokenID, CreatedAt: now, ExpiresAt: now.Add(ttl)}
		if err := tx.Create(&row).Error; err != nil {
			return translate("create session", err)
		}
		return nil
	})
}

// FindSession returns the token a live session acts with: ENOTFOUND when
// the session is unknown, expired or ended, or its token revoked — so that
// revoking a token ends its sessions at once.
func (s *Store) FindSession(ctx context.Context, secret string) (*Token, error) {
	var row sessionRow
	db := s.db.WithContext(ctx)
	if err := db.Where("hash = ? AND revoked_at IS NULL", auth.HashToken(secret)).Take(&row).Error; err != nil {
		return nil, translate("find session", err)
	}
	// Compared here rather than in SQL: SQLite keeps times as text, and
	// the comparison must not depend on how a driver formats them.
	if !s.now().Before(row.ExpiresAt) {
		return nil, appError(benchmark.ENOTFOUND, "store.not_found", "session")
	}
	var tok tokenRow
	if err := db.Where("id = ? AND revoked_at IS NULL", row.TokenID).Take(&tok).Error; err != nil {
		return nil, translate("find session token", err)
	}
	return tok.token(), nil
}

// EndSession ends a session (logout); ending an unknown or ended session
// changes nothing.
func (s *Store) EndSession(ctx context.Context, secret string) error {
	err := s.db.WithContext(ctx).Model(&sessionRow{}).
		Where("hash = ? AND revoked_at IS NULL", auth.HashToken(secret)).
		Update("revoked_at", s.now().UTC()).Error
	if err != nil {
		return translate("end session", err)
	}
	return nil
}
