package console_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/qbench/qbench/internal/store"
)

// TestConsoleChangesCarryTheToken: a change made in the console is audited
// with the credential behind the session — the token's id, as an API
// request with that token would record (issue 16, item 7).
func TestConsoleChangesCarryTheToken(t *testing.T) {
	e := newEnv(t)
	e.loadDemo("closed")
	admin := e.client()
	admin.login(e.admin)
	if resp, _ := admin.post("/studies/"+demoCode+"/state", url.Values{"to": {"published"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish from the console: %d", resp.StatusCode)
	}
	ctx := context.Background()
	tokens, err := e.store.FindTokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var bureau int64
	for _, tok := range tokens {
		if tok.Name == "bureau" {
			bureau = tok.ID
		}
	}
	events, err := e.store.FindAudit(ctx, store.AuditFilter{Study: demoCode, Action: "study.state_changed"})
	if err != nil {
		t.Fatal(err)
	}
	// The last move is the console's (the demo's own moves are the CLI's).
	if bureau == 0 || len(events) == 0 {
		t.Fatalf("no state change audited, or no token %q", "bureau")
	}
	last := events[len(events)-1]
	if last.ActorName != "bureau" || last.TokenID == nil || *last.TokenID != bureau {
		t.Fatalf("the console's publication is audited as %s/%v, want bureau with token %d", last.ActorName, last.TokenID, bureau)
	}
}
