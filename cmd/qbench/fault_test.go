package main

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
	"os"
	"strings"
	"testing"
	"time"

	"github.com/qbench/qbench/internal/gen"
	"github.com/qbench/qbench/internal/store/storetest"
)

// TestServerKilledDuringUploadStoresAllOrNothing kills `qbench serve` with
// SIGKILL while an upload's rows are being written — seen from outside as
// the SQLite write-ahead log growing, or PostgreSQL running the upload's
// COPY — restarts it, and checks that the study holds the whole file or
// nothing of it; the same file then uploads normally.
func TestServerKilledDuringUploadStoresAllOrNothing(t *testing.T) {
	dsn := storetest.DSN(t)
	var writing func() bool
	if storetest.Postgres() {
		// Mark the server's connections so that its COPY can be told from
		// other tests' work on the shared server.
		b := make([]byte, 6)
		rand.Read(b) //nolint:errcheck // crypto/rand never fails on Linux
		app := "qbench-kill-" + hex.EncodeToString(b)
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("application_name", app)
		u.RawQuery = q.Encode()
		dsn = u.String()
		watcher := storetest.OpenDSN(t, dsn, storeOptions())
		writing = func() bool {
			var n int
			err := watcher.DB().QueryRowContext(context.Background(), `SELECT count(*) FROM pg_stat_activity
				WHERE application_name = $1 AND state = 'active' AND query ILIKE 'copy%'`, app).Scan(&n)
			return err == nil && n > 0
		}
	} else {
		writing = func() bool {
			fi, err := os.Stat(dsn + "-wal")
			return err == nil && fi.Size() > 2<<20
		}
	}
	out, errOut, code := run(t, nil, "token", "create", "--role", "admin", "--name", "bureau", "--db", dsn)
	if code != 0 {
		t.Fatalf("token create: exit %d: %s", code, errOut)
	}
	token := strings.TrimSpace(out)

	d, results, err := gen.Study(gen.Options{Code: "KILL", Regions: 3, SamplesPerRegion: 200, Indicators: 20, Replicates: 5, NDShare: 0.1, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	var csv bytes.Buffer
	if err := gen.WriteCSV(&csv, results); err != nil {
		t.Fatal(err)
	}
	design, _ := json.Marshal(d)

	srv := startServer(t, dsn)
	if status, b := post(t, srv.url, "/api/v1/studies", token, "application/json", design); status != http.StatusCreated {
		t.Fatalf("create study: %d %s", status, b)
	}
	if status, b := post(t, srv.url, "/api/v1/studies/KILL/lifecycle", token, "application/json", []byte(`{"state": "open"}`)); status != http.StatusOK {
		t.Fatalf("open study: %d %s", status, b)
	}

	answered := make(chan string, 1)
	go func() {
		req, _ := http.NewRequest("POST", srv.url+"/api/v1/studies/KILL/results", bytes.NewReader(csv.Bytes()))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "text/csv")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			answered <- "no answer: " + err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		answered <- fmt.Sprintf("%d %s", resp.StatusCode, b)
	}()
	killed := false
	deadline := time.After(60 * time.Second)
wait:
	for {
		select {
		case a := <-answered:
			t.Errorf("the upload finished before the server could be killed while writing it: %.200s", a)
			break wait
		case <-deadline:
			t.Fatal("the upload neither wrote nor finished within 60 s")
		case <-time.After(2 * time.Millisecond):
			if writing() {
				if err := srv.cmd.Process.Kill(); err != nil {
					t.Fatal(err)
				}
				killed = true
				break wait
			}
		}
	}
	<-srv.done
	if killed {
		t.Logf("killed mid-upload; the client saw: %.200s", <-answered)
	}

	srv = startServer(t, dsn)
	var st struct {
		ResultCount int `json:"result_count"`
	}
	status, b := srv.request(t, "GET", "/api/v1/studies/KILL/status", token, nil)
	if status != http.StatusOK || json.Unmarshal(b, &st) != nil {
		t.Fatalf("study after restart: %d %s", status, b)
	}
	if st.ResultCount != 0 && st.ResultCount != len(results) {
		t.Fatalf("after the kill the study holds %d of the file's %d results: an upload was half stored", st.ResultCount, len(results))
	}
	t.Logf("after the kill the study holds %d of %d results", st.ResultCount, len(results))
	status, b = post(t, srv.url, "/api/v1/studies/KILL/results", token, "text/csv", csv.Bytes())
	var sum struct{ Created, Unchanged int }
	if status != http.StatusCreated || json.Unmarshal(b, &sum) != nil || sum.Created+sum.Unchanged != len(results) {
		t.Errorf("the upload after the restart: %d %.300s", status, b)
	}
	srv.stop(t)
}

// post sends a body with a content type and returns the status and body.
func post(t *testing.T, base, path, token, contentType string, body []byte) (int, []byte) {
	t.Helper()
	return httpDo(t, "POST", base+path, token, contentType, body)
}
