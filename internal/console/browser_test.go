package console_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/examples"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/sheets"
	"github.com/qbench/qbench/internal/store"
)

// The browser tests drive Debian's chromium, headless, through each role's
// main flow against a real server on a loopback port. They need no
// network and download no browser. Where chromium is missing they fail
// when QBENCH_BROWSER_TESTS=1 (CI sets it, and installs chromium) and are
// skipped otherwise, saying so.
//
// Screenshots of the main pages at 1280 and 375 px go to
// QBENCH_SCREENSHOTS, or a new temporary directory; the test prints it.

// chromiumPath finds the browser: QBENCH_CHROMIUM, else chromium on PATH.
func chromiumPath(t *testing.T) string {
	if p := os.Getenv("QBENCH_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "/usr/bin/chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("QBENCH_BROWSER_TESTS") == "1" {
		t.Fatal("QBENCH_BROWSER_TESTS=1 but chromium is not installed (apt-get install chromium fonts-noto-cjk)")
	}
	t.Skip("chromium is not installed; the browser tests run in CI (QBENCH_BROWSER_TESTS=1)")
	return ""
}

// browser starts one headless chromium for the test.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// tab is one user in the browser: a browser context of its own (its own
// cookies), as a separate person at another computer would be.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
	shot string // the screenshot directory
	who  string
	seen map[string]string // path → the page's HTML, for the blindness check

	mu     sync.Mutex
	errors []string // what the browser logged as errors: script exceptions, CSP violations, failed loads
}

// problems returns what the browser logged as errors in this tab.
func (tb *tab) problems() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return slices.Clone(tb.errors)
}

func (e *env) tab(t *testing.T, b context.Context, shots, who string) *tab {
	ctx, cancel := chromedp.NewContext(b, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	ua, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.userAgent`))
	if err != nil {
		t.Fatal(err)
	}
	// A Chinese officer's browser: it asks for Chinese pages.
	err = chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetUserAgentOverride,
			emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: "zh-CN,zh;q=0.9"})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	tb := &tab{t: t, ctx: ctx, base: e.url, shot: shots, who: who, seen: map[string]string{}}
	// Every error the page logs is kept: a script that throws, a refused
	// script or style (the pages' Content-Security-Policy), a failed load.
	if err := chromedp.Listen(ctx, func(ev any) {
		var msg string
		switch ev := ev.(type) {
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				msg = string(ev.Entry.Source) + ": " + ev.Entry.Text + " " + ev.Entry.URL
			}
		case *cdpruntime.EventExceptionThrown:
			msg = "exception: " + ev.ExceptionDetails.Text
			if ev.ExceptionDetails.Exception != nil {
				msg += " " + ev.ExceptionDetails.Exception.Description
			}
		}
		if msg != "" {
			tb.mu.Lock()
			tb.errors = append(tb.errors, msg)
			tb.mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	return tb
}

// do runs actions with a timeout, failing the test with what it was doing.
func (tb *tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.t.Fatalf("%s: %s: %v (at %s)", tb.who, what, err, tb.location())
	}
}

func (tb *tab) location() string {
	ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	return loc
}

func (tb *tab) eval(js string, await bool) string {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	opts := []chromedp.EvaluateOption{}
	if await {
		opts = append(opts, chromedp.EvalAwaitPromise)
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, opts...))
	if err != nil {
		tb.t.Fatalf("%s: evaluate %s: %v", tb.who, js, err)
	}
	return v
}

// open navigates to a path and waits for the page's h1.
func (tb *tab) open(path string) string {
	tb.t.Helper()
	tb.do("open "+path, chromedp.Navigate(tb.base+path), chromedp.WaitVisible("h1"))
	return tb.page()
}

// page records and returns the HTML of the page shown now, after checking
// what every page must do: every input labelled, nothing wider than the
// screen.
func (tb *tab) page() string {
	tb.t.Helper()
	html := tb.eval(`document.documentElement.outerHTML`, false)
	loc := strings.TrimPrefix(tb.location(), tb.base)
	tb.seen[loc] = html
	unlabelled := tb.eval(`Array.from(document.querySelectorAll("input, select, textarea"))
		.filter(el => el.type !== "hidden" && el.labels.length === 0)
		.map(el => el.name || el.id).join(",")`, false)
	if unlabelled != "" {
		tb.t.Errorf("%s: %s has inputs without a label: %s", tb.who, loc, unlabelled)
	}
	return html
}

// waitPath waits until the browser is on a page whose path starts with
// prefix (a form's redirect) and its h1 is shown.
func (tb *tab) waitPath(prefix string) string {
	tb.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		loc := strings.TrimPrefix(tb.location(), tb.base)
		if strings.HasPrefix(loc, prefix) {
			break
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("%s: still at %s, want %s", tb.who, loc, prefix)
		}
		time.Sleep(50 * time.Millisecond)
	}
	tb.do("wait for "+prefix, chromedp.WaitVisible("h1"))
	return tb.page()
}

// screenshot saves the page at 1280 px and at 375 px (a phone), and checks
// that at 375 px nothing but the scrolling tables is wider than the
// screen.
func (tb *tab) screenshot(name string) {
	tb.t.Helper()
	for _, w := range []int64{1280, 375} {
		tb.do("viewport", chromedp.EmulateViewport(w, 900))
		ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		cancel()
		if err != nil {
			tb.t.Fatalf("screenshot %s: %v", name, err)
		}
		file := filepath.Join(tb.shot, fmt.Sprintf("%s-%d.png", name, w))
		if err := os.WriteFile(file, png, 0o644); err != nil {
			tb.t.Fatal(err)
		}
		if w == 375 {
			if wide := tb.eval(`String(document.documentElement.scrollWidth)`, false); wide != "375" {
				tb.t.Errorf("%s: %s is %s px wide on a 375 px screen", tb.who, name, wide)
			}
		}
	}
	tb.do("viewport", chromedp.EmulateViewport(1280, 900))
}

// login signs in from the login page with the keyboard only: the token
// field has the focus, Enter submits.
func (tb *tab) login(token string) {
	tb.t.Helper()
	tb.do("login", chromedp.Navigate(tb.base+"/studies"), chromedp.WaitVisible("#token"))
	if loc := tb.location(); !strings.Contains(loc, "/login?next=") {
		tb.t.Fatalf("%s: /studies without a session went to %s, want /login", tb.who, loc)
	}
	if focused := tb.eval(`document.activeElement.id`, false); focused != "token" {
		tb.t.Errorf("%s: the login page's focus is on %q, want the token field", tb.who, focused)
	}
	tb.do("type the token", chromedp.KeyEvent(token), chromedp.KeyEvent("\r"))
	tb.waitPath("/studies")
}

func screenshotDir(t *testing.T) string {
	dir := os.Getenv("QBENCH_SCREENSHOTS")
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "qbench-console-screenshots-"); err != nil {
			t.Fatal(err)
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "console browser test: screenshots in %s\n", dir)
	t.Logf("screenshots in %s", dir)
	return dir
}

// TestBrowserFlows walks each role's main flow in chromium: the bureau
// creates a study from a design file and opens it; the lab downloads its
// template and uploads with preview and confirmation; the bureau closes
// the study, writes findings, renders and downloads a report, publishes;
// a reader sees only the published study; a lab never sees a region or a
// sample code; a forged cross-site POST is refused.
func TestBrowserFlows(t *testing.T) {
	b := browser(t)
	e := newEnv(t)
	shots := screenshotDir(t)
	files := t.TempDir()
	// The study belongs to a programme, whose dashboard the reader opens.
	if _, err := e.study.CreateProgramme(context.Background(), auth.Actor{Name: "bureau", Role: auth.RoleAdmin},
		store.Programme{Code: "TEA", Title: "四川茶叶质量比对行动"}); err != nil {
		t.Fatal(err)
	}
	var book bytes.Buffer
	if err := sheets.WriteDesignWorkbook(&book, bytes.Replace(examples.GreenTeaDesign, []byte(`"round": "2016",`),
		[]byte(`"round": "2016", "programme": "TEA",`), 1), i18n.ZH); err != nil {
		t.Fatal(err)
	}
	designFile := filepath.Join(files, "设计.xlsx")
	if err := os.WriteFile(designFile, book.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	anon := e.tab(t, b, shots, "anonymous")
	anon.do("open", chromedp.Navigate(e.url+"/studies/"+demoCode+"/profile"), chromedp.WaitVisible("#token"))
	if loc := anon.location(); !strings.HasPrefix(loc, e.url+"/login") {
		t.Fatalf("a page without a session went to %s", loc)
	}
	anon.screenshot("login")

	// The bureau creates the study from its design workbook and opens it.
	admin := e.tab(t, b, shots, "admin")
	admin.login(e.admin)
	admin.do("new study", chromedp.Click(`a[href="/studies/new"]`), chromedp.WaitVisible("#file"))
	admin.screenshot("new-study")
	admin.do("choose the design", chromedp.SetUploadFiles("#file", []string{designFile}),
		chromedp.Click(`form[action="/studies/new"] button[type=submit]`))
	html := admin.waitPath("/studies/" + demoCode)
	if !strings.Contains(html, "巴中绿茶质量比对") || !strings.Contains(html, "BZ-01") {
		t.Fatalf("the new study's page lacks its title or samples:\n%s", html)
	}
	// Opening the study from the keyboard: the button's dialog opens with
	// Enter, Tab reaches the reason, Tab the confirmation, Enter sends.
	admin.do("open the study's dialog", chromedp.Focus(`#move-open summary`), chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(`#reason-open`), chromedp.KeyEvent("\t"))
	if id := admin.eval(`document.activeElement.id`, false); id != "reason-open" {
		t.Fatalf("Tab from the open button went to %q, not the reason", id)
	}
	admin.do("open the study", chromedp.KeyEvent("样品已全部送达检测机构"), chromedp.KeyEvent("\t"), chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(`.state-open`))
	admin.page()
	admin.screenshot("study-open")

	// The lab: its study, blind; the template; upload with preview and confirm.
	lab := e.tab(t, b, shots, "lab")
	lab.login(e.lab)
	lab.screenshot("lab-studies")
	lab.do("open the study", chromedp.Click(`a[href="/studies/`+demoCode+`"]`), chromedp.WaitVisible("#file"))
	lab.page()
	tmpl := lab.eval(`fetch(document.querySelector("a[href$='template?format=csv']").href).then(r => r.text())`, true)
	if lines := strings.Split(strings.TrimSpace(tmpl), "\n"); len(lines) != 1+32 || !strings.Contains(lines[0], "茶多酚") {
		t.Fatalf("the lab's template: %.300q", tmpl)
	}
	xlsx := lab.eval(`fetch(document.querySelector("a.button[href$='/template']").href).then(r => r.headers.get("Content-Type"))`, true)
	if !strings.Contains(xlsx, "spreadsheetml") {
		t.Fatalf("the lab's workbook template is %s", xlsx)
	}
	resultsFile := filepath.Join(files, "结果.csv")
	if err := os.WriteFile(resultsFile, e.blindResults(), 0o644); err != nil {
		t.Fatal(err)
	}
	lab.do("preview", chromedp.SetUploadFiles("#file", []string{resultsFile}),
		chromedp.Click(`form[action$="/upload"] button[type=submit]`), chromedp.WaitVisible(`form.confirm button`))
	html = lab.page()
	rows := len(strings.Split(strings.TrimSpace(string(examples.GreenTeaResults)), "\n")) - 1
	if !strings.Contains(html, "确认导入") || !strings.Contains(html, fmt.Sprintf(`<td class="num">%d</td>`, rows)) {
		t.Fatal("the preview does not say what would be imported")
	}
	if st, _ := e.store.FindStudyByCode(context.Background(), demoCode); st.ResultCount != 0 {
		t.Fatalf("the preview stored %d results", st.ResultCount)
	}
	lab.screenshot("lab-preview")
	lab.do("confirm", chromedp.Click(`form.confirm button`))
	html = lab.waitPath("/studies/" + demoCode + "?uploaded=1")
	if !strings.Contains(html, "检测结果已导入") || !strings.Contains(html, "结果.csv") {
		t.Fatal("the confirmed upload is not in the history")
	}
	lab.screenshot("lab-uploaded")
	lab.open("/studies")
	for path, page := range lab.seen {
		assertBlind(t, "the lab's page "+path, page)
	}

	// The bureau closes the study, writes findings, renders and downloads
	// a report, publishes.
	html = admin.open("/studies/" + demoCode)
	// The grid's count of missing cells, against one made here from the
	// files: samples × indicators less the pairs with a result.
	pairs := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(examples.GreenTeaResults)), "\n")[1:] {
		f := strings.SplitN(line, ",", 3)
		pairs[f[0]+"/"+f[1]] = true
	}
	d := demoDesign(t)
	want := "所有样品的全部指标均已收到结果"
	if gaps := len(d.Samples)*len(d.Indicators) - len(pairs); gaps > 0 {
		want = fmt.Sprintf("尚缺 %d 个样品指标的结果", gaps)
	}
	if !strings.Contains(html, want) {
		t.Errorf("the results grid does not show the upload as complete: %s",
			admin.eval(`document.querySelector("table.grid").parentElement.previousElementSibling.textContent`, false))
	}
	admin.do("close", chromedp.Click(`#move-closed summary`), chromedp.WaitVisible(`#reason-closed`),
		chromedp.Click(`#reason-closed ~ button[type=submit]`), chromedp.WaitVisible(`.state-closed`))
	admin.page()
	admin.open("/studies/" + demoCode + "/profile")
	for what, sel := range map[string]string{"bars": "svg.bars rect", "radar": "svg.radar polygon", "dot plots": "svg.dots circle"} {
		if n := admin.eval(`String(document.querySelectorAll("`+sel+`").length)`, false); n == "0" {
			t.Errorf("the profile page draws no %s", what)
		}
	}
	admin.screenshot("profile")
	admin.open("/studies/" + demoCode + "/findings")
	admin.do("write findings", chromedp.SendKeys("#conclusions_zh", "\n\n巴中绿茶的硒含量显著高于参比产区。"),
		chromedp.SendKeys("#conclusions_en", "\n\nBazhong green tea is far richer in selenium."),
		chromedp.SendKeys("#cause_zh_selenium", "巴中为富硒地区。"),
		chromedp.SendKeys("#report_number", "BZZJ-2016-017"),
		chromedp.Click(`form[action$="/findings"] button[type=submit]`), chromedp.WaitVisible(`p.ok`))
	if html = admin.page(); !strings.Contains(html, "专家意见已保存") {
		t.Fatal("the findings were not saved")
	}
	admin.screenshot("findings")
	admin.open("/studies/" + demoCode + "/reports")
	admin.do("render", chromedp.Click(`form[action$="/reports"] button[type=submit]`), chromedp.WaitVisible("code.hash"))
	admin.page()
	shown := admin.eval(`document.querySelector("code.hash").textContent`, false)
	got := admin.eval(`fetch(document.querySelector("a[download][href*='/reports/']").href)
		.then(r => r.arrayBuffer()).then(b => crypto.subtle.digest("SHA-256", b))
		.then(d => Array.from(new Uint8Array(d)).map(x => x.toString(16).padStart(2, "0")).join(""))`, true)
	if len(shown) != 64 || got != shown {
		t.Fatalf("the downloaded report's SHA-256 is %s, the list says %s", got, shown)
	}
	admin.screenshot("reports")
	admin.open("/studies/" + demoCode)
	admin.do("publish", chromedp.Click(`#move-published summary`), chromedp.WaitVisible(`#reason-published`),
		chromedp.Click(`#reason-published ~ button[type=submit]`), chromedp.WaitVisible(`.state-published`))
	admin.page()
	if html = admin.open("/studies/" + demoCode + "/audit"); !strings.Contains(html, "样品已全部送达检测机构") {
		t.Error("the audit trail lacks the reason typed when the study was opened")
	}
	admin.screenshot("audit")

	// The list's search answers as one types (htmx swaps the list in).
	admin.open("/studies")
	admin.do("search", chromedp.SendKeys("#q", "NO-SUCH"), chromedp.WaitVisible("#study-list p.empty"))
	admin.do("search again", chromedp.Evaluate[chromedp.Void](`document.querySelector("#q").value = ""`),
		chromedp.SendKeys("#q", "GT-2016"), chromedp.WaitVisible(`#study-list a[href="/studies/`+demoCode+`"]`))

	// Another study, in draft: the reader must not see it.
	draft := demoDesign(t)
	draft.Code = "GT-DRAFT"
	if _, err := e.store.CreateStudy(context.Background(), draft, auth.System); err != nil {
		t.Fatal(err)
	}
	reader := e.tab(t, b, shots, "reader")
	reader.login(e.reader)
	html = reader.page()
	if !strings.Contains(html, demoCode) || strings.Contains(html, "GT-DRAFT") {
		t.Fatal("the reader's list is not the published studies only")
	}
	reader.screenshot("reader-studies")
	html = reader.open("/studies/" + demoCode + "/profile")
	if !strings.Contains(html, "<svg") {
		t.Error("the reader's profile has no charts")
	}
	reader.open("/lang/en?next=/studies/" + demoCode + "/profile")
	if html = reader.page(); !strings.Contains(html, "Advantages") && !strings.Contains(html, "advantages") {
		t.Error("the English switch did not give an English profile")
	}
	reader.screenshot("reader-profile-en")
	html = reader.open("/programmes/TEA")
	if !strings.Contains(html, `href="/studies/`+demoCode+`"`) || strings.Contains(html, "GT-DRAFT") {
		t.Error("the reader's programme dashboard is not its published studies")
	}
	reader.screenshot("reader-programme-en")

	// A forged cross-site POST: a page on another origin submits a form to
	// the console in the admin's browser, which holds a session. The
	// console refuses it and the study stays published.
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html><body><h1>win a prize</h1>
<form method="post" action="%s/studies/%s/state"><input name="to" value="closed"><input name="reason" value="forged"></form>
<script>document.forms[0].submit()</script></body></html>`, e.url, demoCode)
	}))
	defer evil.Close()
	admin.do("forged post", chromedp.Navigate(evil.URL))
	deadline := time.Now().Add(10 * time.Second)
	for !strings.HasPrefix(admin.location(), e.url) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	body := admin.eval(`document.body ? document.body.innerText : ""`, false)
	if st, err := e.store.FindStudyByCode(context.Background(), demoCode); err != nil || st.State != benchmark.StatePublished {
		t.Fatalf("the forged POST changed the study (state %v, %v)", st.State, err)
	}
	if !strings.Contains(body, "请求来自其他网站，已拒绝") {
		t.Errorf("the forged POST's answer: %.200q", body)
	}

	// No page threw, broke its security policy or failed to load a part;
	// the one error expected is the forged POST's 403.
	for _, tb := range []*tab{anon, admin, lab, reader} {
		for _, p := range tb.problems() {
			if tb == admin && strings.Contains(p, "403") {
				continue
			}
			t.Errorf("%s's browser logged: %s", tb.who, p)
		}
	}
}
