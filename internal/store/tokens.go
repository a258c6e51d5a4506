package store

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/i18n"
)

// Token is a stored API token: everything but the secret.
type Token struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	Role      string     `json:"role"`
	Lab       string     `json:"lab,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// Actor is who acts with this token.
func (t *Token) Actor() auth.Actor {
	return auth.Actor{Name: t.Name, Role: t.Role, Lab: t.Lab, TokenID: t.ID}
}

func (r *tokenRow) token() *Token {
	t := &Token{ID: r.ID, Name: r.Name, Role: r.Role, Lab: r.LabCode, CreatedAt: r.CreatedAt.UTC()}
	if r.RevokedAt != nil {
		at := r.RevokedAt.UTC()
		t.RevokedAt = &at
	}
	return t
}

// CreateToken stores a token by its hash. The caller generated the secret
// (auth.NewToken) and shows it once. Its name (trimmed) must be stored text
// and unique among active tokens (ECONFLICT), a lab token's lab a code.
func (s *Store) CreateToken(ctx context.Context, name, role, lab, secret string, actor auth.Actor) (*Token, error) {
	name = strings.TrimSpace(name)
	if err := benchmark.CheckText("name", name, false); err != nil {
		return nil, err
	}
	if lab != "" {
		if err := benchmark.CheckCode("lab", lab); err != nil {
			return nil, err
		}
	}
	switch {
	case !auth.ValidRole(role):
		return nil, appError(benchmark.EINVALID, "store.bad_role", role)
	case role == auth.RoleLab && lab == "":
		return nil, appError(benchmark.EINVALID, "store.lab_token_needs_lab")
	case role != auth.RoleLab && lab != "":
		return nil, appError(benchmark.EINVALID, "store.only_lab_tokens")
	case name == "":
		return nil, appError(benchmark.EINVALID, "store.token_needs_name")
	}
	row := tokenRow{Name: name, Role: role, LabCode: lab, Hash: auth.HashToken(secret), CreatedAt: s.now().UTC()}
	err := s.write(ctx, func(tx *gorm.DB) error {
		var live int64
		if err := tx.Model(&tokenRow{}).Where("name = ? AND revoked_at IS NULL", name).Count(&live).Error; err != nil {
			return translate("check token name", err)
		}
		if live > 0 {
			return nameTaken(name)
		}
		if err := tx.Create(&row).Error; err != nil {
			// The unique index on active names backs the check above up
			// against a concurrent insert on PostgreSQL.
			if benchmark.ErrorCode(translate("", err)) == benchmark.ECONFLICT {
				return nameTaken(name)
			}
			return translate("create token", err)
		}
		return s.audit(tx, "", actor, "token.created", name, "", map[string]any{"id": row.ID, "role": role, "lab": lab})
	})
	if err != nil {
		return nil, err
	}
	return row.token(), nil
}

func nameTaken(name string) error {
	msg := i18n.M("records.token.name_taken", name)
	return &benchmark.Error{Code: benchmark.ECONFLICT, Message: i18n.For(i18n.EN).Message(msg), Msg: msg}
}

// FindTokenBySecret returns the live token with this secret; ENOTFOUND for an
// unknown or revoked one.
func (s *Store) FindTokenBySecret(ctx context.Context, secret string) (*Token, error) {
	var row tokenRow
	err := s.db.WithContext(ctx).Where("hash = ? AND revoked_at IS NULL", auth.HashToken(secret)).Take(&row).Error
	if err != nil {
		return nil, translate("find token", err)
	}
	return row.token(), nil
}

// FindTokens lists every token, revoked ones included.
func (s *Store) FindTokens(ctx context.Context) ([]Token, error) {
	var rows []tokenRow
	if err := s.db.WithContext(ctx).Order("id").Find(&rows).Error; err != nil {
		return nil, translate("list tokens", err)
	}
	out := make([]Token, len(rows))
	for i := range rows {
		out[i] = *rows[i].token()
	}
	return out, nil
}

// RevokeToken ends a token; ENOTFOUND when there is no such token. Revoking
// a revoked token changes nothing.
func (s *Store) RevokeToken(ctx context.Context, id int64, actor auth.Actor) (*Token, error) {
	var out *Token
	err := s.write(ctx, func(tx *gorm.DB) error {
		var row tokenRow
		if err := tx.Take(&row, id).Error; err != nil {
			if benchmark.ErrorCode(translate("", err)) == benchmark.ENOTFOUND {
				return appError(benchmark.ENOTFOUND, "store.token_not_found", id)
			}
			return translate("find token", err)
		}
		if row.RevokedAt == nil {
			now := s.now().UTC()
			// Conditional, so that of concurrent revocations one revokes
			// and records it; the others find it revoked (PostgreSQL's
			// read above takes no lock).
			res := tx.Model(&tokenRow{}).Where("id = ? AND revoked_at IS NULL", id).Update("revoked_at", now)
			if res.Error != nil {
				return translate("revoke token", res.Error)
			}
			if res.RowsAffected == 1 {
				row.RevokedAt = &now
				if err := s.audit(tx, "", actor, "token.revoked", row.Name, "", map[string]any{"id": row.ID}); err != nil {
					return err
				}
			} else if err := tx.Take(&row, id).Error; err != nil {
				return translate("find token", err)
			}
		}
		out = row.token()
		return nil
	})
	return out, err
}
