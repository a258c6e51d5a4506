package auth_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/qbench/qbench/internal/auth"
)

func TestNewTokenIsPrefixedRandomAndLong(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		tok, err := auth.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		rest, ok := strings.CutPrefix(tok, "qb_")
		if !ok {
			t.Fatalf("token %q lacks the qb_ prefix secret scanners look for", tok)
		}
		raw, err := base64.RawURLEncoding.DecodeString(rest)
		if err != nil || len(raw) != 32 {
			t.Fatalf("token %q: %d random bytes (%v), want 32", tok, len(raw), err)
		}
		if seen[tok] {
			t.Fatalf("token %q drawn twice", tok)
		}
		seen[tok] = true
	}
}

func TestHashToken(t *testing.T) {
	tok := "qb_abc"
	sum := sha256.Sum256([]byte(tok))
	want := hex.EncodeToString(sum[:])
	if got := auth.HashToken(tok); got != want {
		t.Errorf("HashToken = %s, want SHA-256 %s", got, want)
	}
	// A token pasted with a stray newline or spaces still matches.
	for _, v := range []string{" qb_abc", "qb_abc\n", "\tqb_abc \r\n"} {
		if got := auth.HashToken(v); got != want {
			t.Errorf("HashToken(%q) = %s, want %s", v, got, want)
		}
	}
	if auth.HashToken("qb_abd") == want {
		t.Error("two tokens hash alike")
	}
}

func TestValidRole(t *testing.T) {
	for role, want := range map[string]bool{
		auth.RoleAdmin: true, auth.RoleLab: true, auth.RoleReader: true,
		// The system actor is the CLI's; no token may carry it.
		auth.RoleSystem: false, "": false, "Admin": false, "root": false,
	} {
		if got := auth.ValidRole(role); got != want {
			t.Errorf("ValidRole(%q) = %v, want %v", role, got, want)
		}
	}
}

func TestSystemActor(t *testing.T) {
	if auth.System.Role != auth.RoleSystem || auth.System.Name == "" || auth.System.Lab != "" {
		t.Errorf("System = %+v", auth.System)
	}
}
