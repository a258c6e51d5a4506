package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/fixture"
	"github.com/qbench/qbench/internal/store"
)

func storeOptions() store.Options { return store.Options{} }

// runInProcess runs a command through realMain with its own environment.
func runInProcess(t *testing.T, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	// The tests read messages in English unless they set a locale
	// themselves; without one the CLI speaks Chinese.
	getenv := func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		if k == "LANG" {
			return "en_US.UTF-8"
		}
		return ""
	}
	err := realMain(context.Background(), args, getenv, &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

// writeStudy writes a fixture design and results file into a directory.
func writeStudy(t *testing.T) (dir string, d *benchmark.Design) {
	t.Helper()
	dir = t.TempDir()
	d = fixture.Design("CLI", 4)
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "design.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "results.csv"), []byte(fixture.ResultsCSV(d)), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, d
}

func TestAnalyzePrintsTheProfile(t *testing.T) {
	dir, _ := writeStudy(t)
	out, _, err := runInProcess(t, nil, "analyze", "--design", filepath.Join(dir, "design.json"), "--results", filepath.Join(dir, "results.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var p benchmark.Profile
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("analyze output is not a profile: %v\n%s", err, out)
	}
	if p.Study != "CLI" || len(p.Indicators) != 3 || p.FocalRegion != "BZ" {
		t.Errorf("profile = study %s, %d indicators", p.Study, len(p.Indicators))
	}
}

func TestAnalyzeNamesEveryProblem(t *testing.T) {
	dir, d := writeStudy(t)
	bad := strings.Replace(fixture.ResultsCSV(d), ",GB/T 8305-2013,", ",GB/T 8305-2002,", 1)
	bad = strings.Replace(bad, "BZ-02,", "XX-02,", 1)
	badPath := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(badPath, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := runInProcess(t, nil, "analyze", "--design", filepath.Join(dir, "design.json"), "--results", badPath)
	if err == nil {
		t.Fatal("analyze accepted a bad file")
	}
	msg := err.Error()
	for _, want := range []string{"2 problems", "bad.csv: row 2, column method", "bad.csv: row", "column sample"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not contain %q", msg, want)
		}
	}
	// A result given in two files is refused.
	_, _, err = runInProcess(t, nil, "analyze", "--design", filepath.Join(dir, "design.json"),
		"--results", filepath.Join(dir, "results.csv"), "--results", filepath.Join(dir, "results.csv"))
	if err == nil || !strings.Contains(err.Error(), "is in") {
		t.Errorf("duplicate files: %v", err)
	}
	// A broken design names its fields.
	d.Indicators[0].Direction = "up"
	b, _ := json.Marshal(d)
	designPath := filepath.Join(dir, "bad-design.json")
	if err := os.WriteFile(designPath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = runInProcess(t, nil, "analyze", "--design", designPath, "--results", filepath.Join(dir, "results.csv"))
	if err == nil || !strings.Contains(err.Error(), "bad-design.json: indicators[0].direction: unknown direction") {
		t.Errorf("bad design: %v", err)
	}
	if _, _, err := runInProcess(t, nil, "analyze"); exitCode(err) != 2 {
		t.Errorf("analyze without flags: %v (exit %d), want a usage error", err, exitCode(err))
	}
}

func TestReportWritesAPDF(t *testing.T) {
	dir, _ := writeStudy(t)
	out := filepath.Join(dir, "report.pdf")
	for _, lang := range []string{"zh", "en"} {
		_, _, err := runInProcess(t, nil, "report", "--design", filepath.Join(dir, "design.json"),
			"--results", filepath.Join(dir, "results.csv"), "--out", out, "--lang", lang)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(out)
		if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Fatalf("%s report: %v, %.10q", lang, err, b)
		}
		// The data annex lies beside the PDF, which names its SHA-256.
		annex, err := os.ReadFile(filepath.Join(dir, "report.xlsx"))
		if err != nil || !bytes.HasPrefix(annex, []byte("PK")) {
			t.Fatalf("%s data annex: %v", lang, err)
		}
		sum := sha256.Sum256(annex)
		if !bytes.Contains(b, []byte(hex.EncodeToString(sum[:]))) && !pdfMentions(t, out, hex.EncodeToString(sum[:])) {
			t.Errorf("%s report does not print the annex's SHA-256", lang)
		}
	}
	if _, _, err := runInProcess(t, nil, "report", "--design", "x", "--results", "y", "--out", out, "--lang", "fr"); exitCode(err) != 2 {
		t.Errorf("--lang fr: %v", err)
	}
}

// pdfMentions reports whether pdftotext finds s in the PDF at path.
func pdfMentions(t *testing.T, path, s string) bool {
	t.Helper()
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return bytes.Contains(bytes.Join(bytes.Fields(out), nil), []byte(s))
}

func TestConfigFromEnvironmentAndFlags(t *testing.T) {
	cfg := defaultConfig()
	c := &cli{}
	fs := c.newFlagSet("serve")
	cfg.serveFlags(fs)
	env := map[string]string{"QBENCH_DB": "env.db", "QBENCH_ADDR": ":9999", "QBENCH_MAX_UPLOAD": "8MiB"}
	if err := parseFlags(fs, []string{"--addr", ":7777"}, func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if cfg.DB != "env.db" || cfg.Addr != ":7777" || cfg.MaxUpload != 8<<20 {
		t.Errorf("config = %+v: want db from env, addr from the flag, 8 MiB", cfg)
	}
	cfg.LogLevel, cfg.LogFormat = "loud", "xml"
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "log-level") || !strings.Contains(err.Error(), "log-format") {
		t.Errorf("Validate() = %v, want both problems", err)
	}
	bad := map[string]string{"QBENCH_MAX_UPLOAD": "lots"}
	fs = c.newFlagSet("serve")
	cfg = defaultConfig()
	cfg.serveFlags(fs)
	if err := parseFlags(fs, nil, func(k string) string { return bad[k] }); err == nil || !strings.Contains(err.Error(), "QBENCH_MAX_UPLOAD") {
		t.Errorf("bad env value: %v", err)
	}
}

func TestVersionAndUsage(t *testing.T) {
	out, _, err := runInProcess(t, nil, "version")
	if err != nil || !strings.HasPrefix(out, "qbench ") || !strings.Contains(out, "commit") {
		t.Errorf("version = %q, %v", out, err)
	}
	if _, _, err := runInProcess(t, nil, "frobnicate"); exitCode(err) != 2 {
		t.Errorf("unknown command: %v", err)
	}
}

// TestMessagesFollowTheLocale: without a locale (or with a Chinese one)
// the CLI lists problems in Chinese, with LANG=en_* in English.
func TestMessagesFollowTheLocale(t *testing.T) {
	dir, d := writeStudy(t)
	bad := strings.Replace(fixture.ResultsCSV(d), ",GB/T 8305-2013,", ",GB/T 8305-2002,", 1)
	badPath := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(badPath, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "results.csv")
	args := []string{"analyze", "--design", filepath.Join(dir, "design.json"), "--results", badPath,
		"--results", good, "--results", good}
	for _, tc := range []struct {
		env  map[string]string
		want []string
	}{
		{map[string]string{"LANG": ""}, []string{"个问题：\n", "bad.csv: 第 2 行，“method”列：", "次重复的结果在"}},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, []string{"个问题：\n", "bad.csv: 第 2 行，“method”列："}},
		{map[string]string{"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, []string{"problems:\n", "bad.csv: row 2, column method: ", "is in"}},
	} {
		_, _, err := runInProcess(t, tc.env, args...)
		if err == nil {
			t.Fatalf("%v: analyze accepted a bad file", tc.env)
		}
		for _, want := range tc.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%v: error %q does not contain %q", tc.env, err, want)
			}
		}
	}
}
