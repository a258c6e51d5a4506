package console_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/examples"
	"github.com/qbench/qbench/internal/api"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/console"
	"github.com/qbench/qbench/internal/study"
	"github.com/qbench/qbench/lab"
)

// The settings of the tests below: intake limits and an upload limit low
// enough for small files to cross them.
var (
	tightAPI     = api.Config{MaxUploadBytes: 64 << 10, IntakeLimits: lab.Limits{MaxLineBytes: 2048, MaxCellBytes: 512}}
	tightConsole = console.Config{MaxUploadBytes: 64 << 10}
)

// longLine is the demo results with a third line of 3,000 bytes, past
// max-line-bytes.
func longLine() []byte {
	lines := strings.SplitAfter(string(examples.GreenTeaResults), "\n")
	long := "BZ-01,moisture," + strings.Repeat("5", 3000) + ",%,GB 5009.3-2016,SCTQ,,1,2016-06-01,李敏\n"
	return []byte(strings.Join(lines[:2], "") + long + strings.Join(lines[2:], ""))
}

// longCell is the demo results with a 600-byte value in row 2, column 3,
// past max-cell-bytes.
func longCell() []byte {
	return bytes.Replace(examples.GreenTeaResults, []byte(",84.5,"), []byte(","+strings.Repeat("8", 600)+","), 1)
}

// TestUploadPastAnIntakeLimit: a results file past an intake limit is
// refused on the upload's page with 413, not 500: a plain sentence, and
// the problem table the row (and column) where reading stopped with the
// limit and its setting, in Chinese and in English; nothing is stored.
func TestUploadPastAnIntakeLimit(t *testing.T) {
	e := newEnvWith(t, tightAPI, tightConsole)
	e.loadDemo(benchmark.StateOpen)
	c := e.client()
	c.login(e.admin)
	upload := "/studies/" + demoCode + "/upload"
	tests := []struct {
		lang, name string
		file       []byte
		want       []string
	}{
		{"zh", "long line", longLine(), []string{"文件超出了服务器对上传文件的限制，未保存任何内容：", "有一行或一个值超过 2048 字节（服务器限制 intake-max-line-bytes）",
			`<td class="num">3</td><td></td>`}},
		{"zh", "long cell", longCell(), []string{"文件超出了服务器对上传文件的限制，未保存任何内容：", "单元格内容超过 512 字节（服务器限制 intake-max-cell-bytes）",
			`<td class="num">2</td><td>3</td>`}},
		{"en", "long line", longLine(), []string{"The file exceeds a limit of the server for uploads; nothing was saved:",
			"a line or value is longer than 2048 bytes (server limit intake-max-line-bytes)", `<td class="num">3</td><td></td>`}},
		{"en", "long cell", longCell(), []string{"The file exceeds a limit of the server for uploads; nothing was saved:",
			"a cell is longer than 512 bytes (server limit intake-max-cell-bytes)", `<td class="num">2</td><td>3</td>`}},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.name, func(t *testing.T) {
			if resp, _ := c.get("/lang/" + tt.lang + "?next=/studies"); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("language switch: %d", resp.StatusCode)
			}
			resp, body := c.postFile(upload, "file", "results.csv", tt.file)
			if resp.StatusCode != http.StatusRequestEntityTooLarge {
				t.Fatalf("status %d, want 413\n%s", resp.StatusCode, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("the page lacks %q:\n%s", w, body)
				}
			}
			for _, internal := range []string{"发生意外错误", "unexpected error"} {
				if strings.Contains(body, internal) {
					t.Errorf("the page says %q", internal)
				}
			}
		})
	}
	if st, _ := e.store.FindStudyByCode(context.Background(), demoCode); st.ResultCount != 0 {
		t.Fatalf("refused uploads stored %d results", st.ResultCount)
	}
}

// TestAPIAndConsoleAgree uploads the same files to the same study through
// the API and through the console's upload form, as the same callers: each
// class of error gets the same status from both (explain decides it once).
func TestAPIAndConsoleAgree(t *testing.T) {
	e := newEnvWith(t, tightAPI, tightConsole)
	e.loadDemo(benchmark.StateOpen)
	pages := map[string]*client{e.admin: e.client(), e.reader: e.client()}
	for token, c := range pages {
		c.login(token)
	}
	xls := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...)
	tooLarge := bytes.Repeat(examples.GreenTeaResults, 2) // 100 kB past the 64 KiB upload limit
	wrongValue := bytes.Replace(examples.GreenTeaResults, []byte(",84.5,"), []byte(",八十,"), 1)
	type upload struct {
		class, token, code, filename string
		file                         []byte
		status                       int
	}
	uploads := []upload{
		{"invalid results", e.admin, demoCode, "results.csv", wrongValue, http.StatusUnprocessableEntity},
		{"intake limit (line)", e.admin, demoCode, "results.csv", longLine(), http.StatusRequestEntityTooLarge},
		{"intake limit (cell)", e.admin, demoCode, "results.csv", longCell(), http.StatusRequestEntityTooLarge},
		{"body too large", e.admin, demoCode, "results.csv", tooLarge, http.StatusRequestEntityTooLarge},
		{"unsupported media", e.admin, demoCode, "results.xls", xls, http.StatusUnsupportedMediaType},
		{"not found", e.admin, "NO-SUCH-STUDY", "results.csv", examples.GreenTeaResults, http.StatusNotFound},
		{"forbidden", e.reader, demoCode, "results.csv", examples.GreenTeaResults, http.StatusForbidden},
	}
	check := func(u upload) {
		t.Helper()
		req, _ := http.NewRequest("POST", e.url+"/api/v1/studies/"+u.code+"/results?dry_run=true&filename="+u.filename, bytes.NewReader(u.file))
		req.Header.Set("Authorization", "Bearer "+u.token)
		req.Header.Set("Content-Type", "application/octet-stream")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		page, body := pages[u.token].postFile("/studies/"+u.code+"/upload", "file", u.filename, u.file)
		if resp.StatusCode != page.StatusCode || page.StatusCode != u.status {
			t.Errorf("%s: API %d, console %d, want %d both\n%.2000s", u.class, resp.StatusCode, page.StatusCode, u.status, body)
		}
	}
	for _, u := range uploads {
		check(u)
	}
	// Once the study is closed, an upload is a conflict.
	ctx := context.Background()
	if _, err := e.study.Upload(ctx, auth.Actor{Name: "bureau", Role: auth.RoleAdmin}, demoCode,
		bytes.NewReader(examples.GreenTeaResults), study.UploadOptions{Filename: "results.csv"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.SetState(ctx, demoCode, benchmark.StateClosed, auth.System, ""); err != nil {
		t.Fatal(err)
	}
	check(upload{"conflict", e.admin, demoCode, "results.csv", examples.GreenTeaResults, http.StatusConflict})
}
