package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/fixture"
	"github.com/qbench/qbench/internal/store/storetest"
	"github.com/qbench/qbench/migrations"
)

// binary is the qbench binary built once for the tests that run it as a
// user would.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "qbench-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "qbench")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build qbench:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// run runs the binary to completion and returns stdout, stderr and the
// exit code.
func run(t *testing.T, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(append(os.Environ(), "LC_ALL=en_US.UTF-8"), env...) // English messages unless a test sets a locale
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), code
}

// server is a running `qbench serve`.
type server struct {
	cmd  *exec.Cmd
	url  string
	logs *bytes.Buffer
	done chan error
}

var listening = regexp.MustCompile(`msg="qbench listening" addr=(\S+)`)

// startServer runs `qbench serve` on the database dsn on a free loopback
// port and waits until it listens.
func startServer(t *testing.T, dsn string) *server {
	t.Helper()
	s, _ := startServe(t, binary, nil, "--db", dsn)
	return s
}

var metricsListening = regexp.MustCompile(`msg="metrics listening" addr=(\S+)`)

// startServe runs bin serve with args on a free loopback port and waits
// until it listens; it returns the server and the metrics address, if any.
func startServe(t *testing.T, bin string, env []string, args ...string) (*server, string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(append(os.Environ(), "LC_ALL=en_US.UTF-8"), env...) // English messages unless a test sets a locale
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, logs: &bytes.Buffer{}, done: make(chan error, 1)}
	addr := make(chan string, 1)
	metricsAddr := make(chan string, 1)
	exited := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			s.logs.WriteString(sc.Text() + "\n")
			if m := metricsListening.FindStringSubmatch(sc.Text()); m != nil {
				metricsAddr <- m[1]
			}
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		err := cmd.Wait()
		close(exited)
		s.done <- err
	}()
	select {
	case a := <-addr:
		s.url = "http://" + a
	case <-exited:
		t.Fatalf("qbench serve exited:\n%s", s.logs)
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("qbench serve did not start:\n%s", s.logs)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-s.done
		}
	})
	select {
	case m := <-metricsAddr: // logged before "qbench listening"
		return s, "http://" + m
	default:
		return s, ""
	}
}

// stop sends SIGTERM and waits for a clean exit.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Fatalf("qbench serve exited with %v:\n%s", err, s.logs)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("qbench serve did not stop on SIGTERM")
	}
	if !strings.Contains(s.logs.String(), "msg=stopped") {
		t.Errorf("no graceful shutdown in the logs:\n%s", s.logs)
	}
}

func (s *server) request(t *testing.T, method, path, token string, body []byte) (int, []byte) {
	t.Helper()
	return httpDo(t, method, s.url+path, token, "application/json", body)
}

// httpDo sends a request, with a bearer token and a content type when they
// are given, and returns the status and the body.
func httpDo(t *testing.T, method, url, token, contentType string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// TestServePersistsAcrossRestart is the foundation's acceptance test: the
// binary serves on the configured database (SQLite by default,
// PostgreSQL under QBENCH_TEST_POSTGRES), a posted design comes back equal,
// and is still there after a restart.
func TestServePersistsAcrossRestart(t *testing.T) {
	dsn := storetest.DSN(t)
	out, errOut, code := run(t, nil, "token", "create", "--role", "admin", "--name", "bureau", "--db", dsn)
	if code != 0 {
		t.Fatalf("token create: exit %d: %s", code, errOut)
	}
	token := strings.TrimSpace(out)

	srv := startServer(t, dsn)
	if status, body := srv.request(t, "GET", "/readyz", "", nil); status != 200 {
		t.Fatalf("readyz = %d %s", status, body)
	}
	d := fixture.Design("BZ-GT-2016", 5)
	body, _ := json.Marshal(d)
	if status, b := srv.request(t, "POST", "/api/v1/studies", token, body); status != 201 {
		t.Fatalf("POST = %d %s", status, b)
	}
	srv.stop(t)

	srv = startServer(t, dsn)
	status, b := srv.request(t, "GET", "/api/v1/studies/BZ-GT-2016", token, nil)
	if status != 200 {
		t.Fatalf("GET after restart = %d %s", status, b)
	}
	var got benchmark.Design
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d, &got); diff != "" {
		t.Errorf("design after restart (-posted +got):\n%s", diff)
	}
	if status, _ := srv.request(t, "GET", "/api/v1/studies", "wrong", nil); status != 401 {
		t.Errorf("bad token: %d, want 401", status)
	}
	srv.stop(t)
}

// TestServeRefusesNewerSchema checks that an older binary does not run on a
// database migrated by a newer one.
func TestServeRefusesNewerSchema(t *testing.T) {
	dsn := storetest.DSN(t)
	if _, errOut, code := run(t, nil, "migrate", "--db", dsn); code != 0 {
		t.Fatalf("migrate: %s", errOut)
	}
	st := storetest.OpenDSN(t, dsn, storeOptions())
	if _, err := st.DB().ExecContext(context.Background(),
		`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', CURRENT_TIMESTAMP)`); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := run(t, nil, "serve", "--addr", "127.0.0.1:0", "--db", dsn)
	if code == 0 || !strings.Contains(errOut, "newer than this qbench") {
		t.Errorf("serve on a newer schema: exit %d, stderr %q", code, errOut)
	}
}

func TestMigrateReportsWhatItDid(t *testing.T) {
	dsn := storetest.DSN(t)
	out, _, code := run(t, nil, "migrate", "--db", dsn)
	ms, err := migrations.List(migrations.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	var versions []int
	for _, m := range ms {
		versions = append(versions, m.Version)
	}
	// Every migration there is, whatever their number.
	if code != 0 || !strings.Contains(out, fmt.Sprintf("applied migrations %v", versions)) {
		t.Errorf("first migrate: %d %q", code, out)
	}
	out, _, code = run(t, []string{"QBENCH_DB=" + dsn}, "migrate")
	if code != 0 || !strings.Contains(out, "up to date") {
		t.Errorf("second migrate (via QBENCH_DB): %d %q", code, out)
	}
}

func TestTokenCommands(t *testing.T) {
	dsn := storetest.DSN(t)
	_, errOut, code := run(t, nil, "token", "create", "--role", "lab", "--db", dsn)
	if code == 0 || !strings.Contains(errOut, "lab token needs the code of its lab") {
		t.Errorf("lab token without lab: %d %q", code, errOut)
	}
	out, _, code := run(t, nil, "token", "create", "--role", "lab", "--lab", "SCTQ", "--db", dsn)
	if code != 0 || !strings.HasPrefix(out, "qb_") {
		t.Fatalf("token create: %d %q", code, out)
	}
	out, _, _ = run(t, nil, "token", "list", "--db", dsn)
	if !strings.Contains(out, "lab-SCTQ") || strings.Contains(out, "qb_") {
		t.Errorf("token list = %q", out)
	}
	out, _, code = run(t, nil, "token", "revoke", "1", "--db", dsn)
	if code != 0 || !strings.Contains(out, "revoked token 1") {
		t.Errorf("revoke: %d %q", code, out)
	}
	if _, _, code := run(t, nil, "token", "revoke", "x"); code != 2 {
		t.Errorf("revoke x: exit %d, want 2", code)
	}
}

// TestDemoLoadsTheStudyOnce runs `qbench demo` twice and reads the loaded
// study's profile and a report through the served API with the printed
// token.
func TestDemoLoadsTheStudyOnce(t *testing.T) {
	dsn := storetest.DSN(t)
	out, errOut, code := run(t, nil, "demo", "--db", dsn)
	if code != 0 || !strings.Contains(out, "Loaded the demo study BZ-GT-2016") {
		t.Fatalf("demo: exit %d\n%s\n%s", code, out, errOut)
	}
	m := regexp.MustCompile(`export QBENCH_TOKEN=(\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("demo printed no token:\n%s", out)
	}
	out, _, code = run(t, nil, "demo", "--db", dsn)
	if code != 0 || !strings.Contains(out, "loaded already") {
		t.Errorf("second demo: exit %d\n%s", code, out)
	}
	srv := startServer(t, dsn)
	status, body := srv.request(t, "GET", "/api/v1/studies/BZ-GT-2016/profile", m[1], nil)
	if status != 200 {
		t.Fatalf("profile: %d %s", status, body)
	}
	var p benchmark.Profile
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Advantages) == 0 || len(p.Shortfalls) == 0 {
		t.Errorf("demo profile has %d advantages and %d shortfalls; the demo must show both", len(p.Advantages), len(p.Shortfalls))
	}
	if status, body := srv.request(t, "POST", "/api/v1/studies/BZ-GT-2016/reports?lang=zh", m[1], nil); status != 201 {
		t.Errorf("report of the demo: %d %s", status, body)
	}
	srv.stop(t)
}
