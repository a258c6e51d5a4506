// Package auth defines who may call qbench: API tokens, their roles, and the
// actor recorded in the audit trail. Tokens are random 256-bit secrets shown
// once; only their SHA-256 is stored. A slow password hash is not needed for
// secrets of that entropy, and SHA-256 keeps per-request checks cheap.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
)

// Roles.
const (
	RoleAdmin  = "admin"  // the bureau: designs studies, moves them through the lifecycle
	RoleLab    = "lab"    // one lab: uploads and reads the results of its own studies
	RoleReader = "reader" // an industry association: reads published profiles and reports
	// RoleSystem is the actor of CLI commands run on the server itself.
	RoleSystem = "system"
)

// tokenPrefix marks qbench tokens so that secret scanners can find leaked ones.
const tokenPrefix = "qb_"

// Actor is who did something: recorded with every change.
type Actor struct {
	Name string
	Role string
	// Lab is the lab code a lab token is bound to.
	Lab string
	// TokenID is the credential acted with (the token's id); 0 for the
	// CLI, which acts without one. The audit trail records it, so that an
	// event is tied to a credential, not to a name alone.
	TokenID int64
}

// System is the actor of local CLI commands.
var System = Actor{Name: "cli", Role: RoleSystem}

// ValidRole reports whether r is a role a token can have.
func ValidRole(r string) bool { return r == RoleAdmin || r == RoleLab || r == RoleReader }

// NewToken returns a new random token.
func NewToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generate token: %w", err)
	}
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// HashToken returns the stored form of a token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(token)))
	return hex.EncodeToString(sum[:])
}
