//go:build qbenchfaults

package main

import (
	"context"
	"os"

	"github.com/qbench/qbench/internal/store"
)

// init installs the hook of envPauseUpload: the named file is created once
// an upload's rows are written inside its transaction, before the commit,
// and the upload then waits there until the server is killed (or the
// request ends).
func init() {
	faultHooks = func(o *store.Options) {
		marker := os.Getenv(envPauseUpload)
		if marker == "" {
			return
		}
		o.ResultsWritten = func(ctx context.Context) {
			_ = os.WriteFile(marker, nil, 0o644)
			<-ctx.Done()
		}
	}
}
