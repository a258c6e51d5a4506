package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qbench/qbench/internal/gen"
	"github.com/qbench/qbench/internal/store/storetest"
)

// TestServerKilledDuringUploadStoresAllOrNothing kills `qbench serve` with
// SIGKILL while an upload's rows are written but not committed — a binary
// built with the qbenchfaults tag pauses there and says so by creating a
// file, so the kill lands at that point every time, on SQLite and
// PostgreSQL alike — restarts it, and checks that the study holds nothing
// of the file; the same file then uploads normally.
func TestServerKilledDuringUploadStoresAllOrNothing(t *testing.T) {
	dsn := storetest.DSN(t)
	faulty := filepath.Join(t.TempDir(), "qbench-faults")
	build := exec.Command("go", "build", "-tags", "qbenchfaults", "-o", faulty, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build qbench with fault hooks: %v\n%s", err, out)
	}
	marker := filepath.Join(t.TempDir(), "rows-written")
	out, errOut, code := run(t, nil, "token", "create", "--role", "admin", "--name", "bureau", "--db", dsn)
	if code != 0 {
		t.Fatalf("token create: exit %d: %s", code, errOut)
	}
	token := strings.TrimSpace(out)

	d, results, err := gen.Study(gen.Options{Code: "KILL", Regions: 3, SamplesPerRegion: 20, Indicators: 5, Replicates: 2, NDShare: 0.1, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	var csv bytes.Buffer
	if err := gen.WriteCSV(&csv, results); err != nil {
		t.Fatal(err)
	}
	design, _ := json.Marshal(d)

	srv, _ := startServe(t, faulty, []string{envPauseUpload + "=" + marker}, "--db", dsn)
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
	deadline := time.After(2 * time.Minute)
wait:
	for {
		select {
		case a := <-answered:
			t.Fatalf("the upload finished without pausing before its commit: %.200s", a)
		case <-deadline:
			t.Fatal("the upload did not reach its commit within 2 minutes")
		case <-time.After(5 * time.Millisecond):
			if _, err := os.Stat(marker); err == nil {
				break wait
			}
		}
	}
	if err := srv.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-srv.done
	t.Logf("killed with the upload's rows written, before its commit; the client saw: %.200s", <-answered)

	srv = startServer(t, dsn)
	var st struct {
		ResultCount int `json:"result_count"`
	}
	status, b := srv.request(t, "GET", "/api/v1/studies/KILL/status", token, nil)
	if status != http.StatusOK || json.Unmarshal(b, &st) != nil {
		t.Fatalf("study after restart: %d %s", status, b)
	}
	if st.ResultCount != 0 {
		t.Fatalf("after the kill before the commit the study holds %d of the file's %d results, want none", st.ResultCount, len(results))
	}
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
