package console_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/examples"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/sheets"
	"github.com/qbench/qbench/internal/store"
)

// postFile posts a file as a browser's multipart form does.
func (c *client) postFile(path, field, filename string, content []byte) (*http.Response, string) {
	c.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile(field, filename)
	if err != nil {
		c.e.t.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.url+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.e.url)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.c.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// blindResults is the demo results file as the lab writes it: samples by
// their blind codes.
func (e *env) blindResults() []byte {
	e.t.Helper()
	st, err := e.store.FindStudyByCode(context.Background(), demoCode)
	if err != nil {
		e.t.Fatal(err)
	}
	lines := strings.Split(string(examples.GreenTeaResults), "\n")
	for i := 1; i < len(lines); i++ {
		sample, rest, ok := strings.Cut(lines[i], ",")
		if ok {
			lines[i] = st.BlindCodes[sample] + "," + rest
		}
	}
	return []byte(strings.Join(lines, "\n"))
}

// secrets are what a lab must never read on any page: the title, every
// region, enterprise, brand, sampling place and sample code.
func secrets(t *testing.T) ([]string, *regexp.Regexp) {
	d := demoDesign(t)
	words := []string{d.Title, d.TitleEn}
	codes := []string{}
	for _, r := range d.Regions {
		words = append(words, r.Name, r.NameEn)
		codes = append(codes, regexp.QuoteMeta(r.Code))
	}
	for _, s := range d.Samples {
		words = append(words, s.Enterprise, s.Brand, s.SampledAt)
		codes = append(codes, regexp.QuoteMeta(s.Code))
	}
	return words, regexp.MustCompile(`\b(` + strings.Join(codes, "|") + `)\b`)
}

// assertBlind fails when a page a lab sees names a region, enterprise or
// sample. The study's own code ("BZ-GT-2016") is the design's choice and
// is taken out first.
func assertBlind(t *testing.T, what, body string) {
	t.Helper()
	words, codes := secrets(t)
	body = strings.ReplaceAll(body, demoCode, "")
	for _, w := range words {
		if w != "" && strings.Contains(body, w) {
			t.Errorf("%s shows %q to a lab", what, w)
		}
	}
	if m := codes.FindString(body); m != "" {
		t.Errorf("%s shows the code %q to a lab", what, m)
	}
}

// TestLabFlow: a lab sees its open study blind, downloads the template by
// blind codes, previews an upload (nothing written), confirms it, previews
// a replacement (a reason asked for) and sees its history — and no page
// names a region, enterprise or sample.
func TestLabFlow(t *testing.T) {
	e := newEnv(t)
	e.loadDemo(benchmark.StateOpen)
	c := e.client()
	c.login(e.lab)
	pages := map[string]string{}
	get := func(path string) string {
		t.Helper()
		resp, body := c.get(path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d\n%s", path, resp.StatusCode, body)
		}
		pages["GET "+path] = body
		return body
	}
	if list := get("/studies"); !strings.Contains(list, demoCode) {
		t.Fatalf("the lab's list lacks its open study")
	}
	page := get("/studies/" + demoCode)
	if !strings.Contains(page, "/template?format=csv") || !strings.Contains(page, `name="file"`) {
		t.Fatalf("the lab's study page has no template or upload")
	}
	// The wide template by blind codes: one row per sample.
	tmpl := get("/studies/" + demoCode + "/template?format=csv")
	st, _ := e.store.FindStudyByCode(context.Background(), demoCode)
	if lines := strings.Split(strings.TrimSpace(tmpl), "\n"); len(lines) != 1+len(st.BlindCodes) ||
		!strings.Contains(tmpl, st.BlindCodes["BZ-01"]+",") || !strings.Contains(lines[0], "茶多酚") {
		t.Fatalf("template:\n%s", tmpl)
	}
	xlsx := get("/studies/" + demoCode + "/template")
	book, err := excelize.OpenReader(strings.NewReader(xlsx))
	if err != nil {
		t.Fatalf("the default template is not a workbook: %v", err)
	}
	var cells strings.Builder
	for _, sheet := range book.GetSheetList() {
		rows, _ := book.GetRows(sheet)
		for _, row := range rows {
			cells.WriteString(strings.Join(row, "\t") + "\n")
		}
	}
	if !strings.Contains(cells.String(), st.BlindCodes["BZ-01"]) {
		t.Fatal("the workbook template lacks the blind codes")
	}
	pages["the workbook template"] = cells.String()
	delete(pages, "GET /studies/"+demoCode+"/template")

	// A file with a wrong value: every problem listed, in Chinese.
	bad := bytes.Replace(e.blindResults(), []byte(",84.5,"), []byte(",八十,"), 1)
	resp, body := c.postFile("/studies/"+demoCode+"/upload", "file", "结果.csv", bad)
	pages["preview bad"] = body
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "<td class=\"num\">2</td>") ||
		!strings.Contains(body, "既不是数字，也不是未检出") {
		t.Fatalf("preview of a bad file: %d\n%s", resp.StatusCode, body)
	}
	resp, body = c.postFile("/studies/"+demoCode+"/upload", "file", "结果.csv", e.blindResults())
	pages["preview"] = body
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "确认导入") {
		t.Fatalf("preview: %d\n%s", resp.StatusCode, body)
	}
	if st, _ := e.store.FindStudyByCode(context.Background(), demoCode); st.ResultCount != 0 {
		t.Fatalf("the preview stored %d results", st.ResultCount)
	}
	id := regexp.MustCompile(`name="upload" value="([0-9a-f]+)"`).FindStringSubmatch(body)
	if id == nil {
		t.Fatal("no confirmation form")
	}
	// Another lab's session cannot confirm it (nor see the study).
	other := e.client()
	other.login(e.other)
	if resp, _ := other.post("/studies/"+demoCode+"/upload/confirm", url.Values{"upload": {id[1]}}); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("another lab confirming: %d", resp.StatusCode)
	}
	resp, body = c.post("/studies/"+demoCode+"/upload/confirm", url.Values{"upload": {id[1]}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d\n%s", resp.StatusCode, body)
	}
	if st, _ := e.store.FindStudyByCode(context.Background(), demoCode); st.ResultCount == 0 {
		t.Fatal("the confirmed upload stored nothing")
	}
	// The same id again: expired.
	if resp, _ := c.post("/studies/"+demoCode+"/upload/confirm", url.Values{"upload": {id[1]}}); resp.StatusCode != http.StatusConflict {
		t.Fatalf("confirming twice: %d", resp.StatusCode)
	}
	// A replacement asks for a reason, and is refused without one.
	changed := bytes.Replace(e.blindResults(), []byte(",84.5,"), []byte(",85.5,"), 1)
	resp, body = c.postFile("/studies/"+demoCode+"/upload", "file", "更正.csv", changed)
	pages["preview replacement"] = body
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `name="reason"`) {
		t.Fatalf("preview of a replacement: %d", resp.StatusCode)
	}
	id = regexp.MustCompile(`name="upload" value="([0-9a-f]+)"`).FindStringSubmatch(body)
	resp, body = c.post("/studies/"+demoCode+"/upload/confirm", url.Values{"upload": {id[1]}})
	pages["confirm without reason"] = body
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("replacement without a reason: %d", resp.StatusCode)
	}
	id = regexp.MustCompile(`name="upload" value="([0-9a-f]+)"`).FindStringSubmatch(body)
	if id == nil {
		t.Fatal("the refused confirmation lost the file")
	}
	resp, _ = c.post("/studies/"+demoCode+"/upload/confirm", url.Values{"upload": {id[1]}, "reason": {"感官评分录入错误，已复核"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("replacement with a reason: %d", resp.StatusCode)
	}
	history := get("/studies/" + demoCode + "?uploaded=1")
	if strings.Count(history, "结果.csv") != 1 || !strings.Contains(history, "更正.csv") || !strings.Contains(history, "感官评分录入错误") {
		t.Fatalf("history lacks the uploads")
	}
	for _, path := range []string{"/profile", "/findings", "/reports", "/audit"} {
		resp, body := c.get("/studies/" + demoCode + path)
		pages["GET "+path] = body
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("lab GET %s: %d, want 403", path, resp.StatusCode)
		}
	}
	for what, body := range pages {
		assertBlind(t, what, body)
	}
}

// TestBureauAndReader: the bureau's pages of a closed study (overview with
// blind codes and the grid, profile with charts, findings, reports,
// audit); a reader sees nothing until it is published, then the study,
// its profile and reports, but no samples, findings editor or audit.
func TestBureauAndReader(t *testing.T) {
	e := newEnv(t)
	e.loadDemo(benchmark.StateClosed)
	admin := e.client()
	admin.login(e.admin)
	for path, want := range map[string][]string{
		"":          {"巴中", "BZ-01", "巴中示例茶企A", "发布研究", "已收到的检测结果", "/studies/" + demoCode + "/audit"},
		"/profile":  {"优势指标", "短板指标", "<svg", "不合格样品", "分指标检测结果"},
		"/findings": {`name="conclusions_zh"`, `name="conclusions_en"`, `<label for="authors_en">`, `name="report_number"`},
		"/reports":  {"生成报告"},
		"/audit":    {"study.created"},
	} {
		resp, body := admin.get("/studies/" + demoCode + path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("admin GET %s: %d\n%s", path, resp.StatusCode, body)
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("admin GET %s lacks %q", path, w)
			}
		}
	}
	// A lab's list holds its open studies; a closed one stays readable
	// (blind) by its page, without an upload.
	lab := e.client()
	lab.login(e.lab)
	if _, body := lab.get("/studies"); strings.Contains(body, demoCode) {
		t.Error("a lab's list shows a closed study")
	}
	if resp, body := lab.get("/studies/" + demoCode); resp.StatusCode != http.StatusOK || strings.Contains(body, `name="file"`) {
		t.Errorf("lab GET its closed study: %d (an upload offered?)", resp.StatusCode)
	} else {
		assertBlind(t, "the lab's closed study", body)
	}
	if resp, body := admin.get("/audit"); resp.StatusCode != http.StatusOK || !strings.Contains(body, `<a href="/studies/`+demoCode+`">`) {
		t.Errorf("admin GET /audit: %d", resp.StatusCode)
	}
	reader := e.client()
	reader.login(e.reader)
	if resp, _ := reader.get("/audit"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("reader GET /audit: %d", resp.StatusCode)
	}
	if _, body := reader.get("/studies"); strings.Contains(body, demoCode) {
		t.Fatal("a reader sees a closed study")
	}
	if resp, _ := reader.get("/studies/" + demoCode); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("reader GET a closed study: %d", resp.StatusCode)
	}
	resp, _ := admin.post("/studies/"+demoCode+"/state", url.Values{"to": {"published"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", resp.StatusCode)
	}
	_, body := reader.get("/studies")
	if !strings.Contains(body, demoCode) {
		t.Fatal("a reader does not see the published study")
	}
	_, body = reader.get("/studies/" + demoCode)
	if strings.Contains(body, "BZ-01") || strings.Contains(body, "发布研究") || strings.Contains(body, "/audit") {
		t.Error("a reader sees samples, lifecycle buttons or the audit link")
	}
	if resp, body := reader.get("/studies/" + demoCode + "/profile"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "<svg") {
		t.Errorf("reader profile: %d", resp.StatusCode)
	}
	if resp, body := reader.get("/studies/" + demoCode + "/findings"); resp.StatusCode != http.StatusOK || strings.Contains(body, "<textarea") {
		t.Errorf("reader findings: %d (an editor shown?)", resp.StatusCode)
	}
	if resp, _ := reader.get("/studies/" + demoCode + "/audit"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("reader audit: %d", resp.StatusCode)
	}
	if resp, _ := reader.post("/studies/"+demoCode+"/state", url.Values{"to": {"closed"}, "reason": {"x"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("reader lifecycle POST: %d", resp.StatusCode)
	}
}

// TestNewStudy: a design with problems comes back with every problem in a
// table and nothing stored; malformed JSON is said so; a good design makes
// the study and opens its page.
func TestNewStudy(t *testing.T) {
	e := newEnv(t)
	admin := e.client()
	admin.login(e.admin)
	bad := bytes.Replace(examples.GreenTeaDesign, []byte(`"focal_region": "BZ"`), []byte(`"focal_region": "XX"`), 1)
	bad = bytes.Replace(bad, []byte(`"unit": "points"`), []byte(`"unit": ""`), 1)
	resp, body := admin.postFile("/studies/new", "file", "design.json", bad)
	if resp.StatusCode != http.StatusUnprocessableEntity || strings.Count(body, `<td class="num">`) < 2 {
		t.Fatalf("bad design: %d, want 422 with every problem\n%s", resp.StatusCode, body)
	}
	if _, err := e.store.FindStudyByCode(context.Background(), demoCode); benchmark.ErrorCode(err) != benchmark.ENOTFOUND {
		t.Fatalf("a refused design was stored: %v", err)
	}
	resp, body = admin.postFile("/studies/new", "file", "design.json", []byte(`{"code": `))
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "不是有效的 JSON") {
		t.Fatalf("malformed design: %d\n%s", resp.StatusCode, body)
	}
	resp, _ = admin.postFile("/studies/new", "file", "design.json", examples.GreenTeaDesign)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/studies/"+demoCode {
		t.Fatalf("good design: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	lab := e.client()
	lab.login(e.lab)
	if resp, _ := lab.get("/studies/new"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("lab GET /studies/new: %d", resp.StatusCode)
	}
	if _, body := lab.get("/studies"); strings.Contains(body, demoCode) || strings.Contains(body, "/studies/new") {
		t.Error("a lab sees a draft study or the new-study link")
	}
}

// designWorkbook is the demo design as the bureau's workbook.
func designWorkbook(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := sheets.WriteDesignWorkbook(&buf, examples.GreenTeaDesign, i18n.ZH); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestNewStudyFromWorkbook: a design workbook makes the study; a workbook
// with a wrong cell is refused with the problem placed by sheet, row and
// column; the blank and indicator-set workbooks download; an earlier study
// loads as the next round's start.
func TestNewStudyFromWorkbook(t *testing.T) {
	e := newEnv(t)
	admin := e.client()
	admin.login(e.admin)

	book, err := excelize.OpenReader(bytes.NewReader(designWorkbook(t)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := book.GetRows("指标")
	if err != nil || len(rows) < 2 {
		t.Fatalf("indicator sheet: %v", err)
	}
	col := -1
	for i, h := range rows[0] {
		if strings.HasPrefix(h, "方向") {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("no 方向 column in %v", rows[0])
	}
	cell, _ := excelize.CoordinatesToCellName(col+1, 2)
	book.SetCellValue("指标", cell, "越斜越好")
	var bad bytes.Buffer
	if err := book.Write(&bad); err != nil {
		t.Fatal(err)
	}
	resp, body := admin.postFile("/studies/new", "file", "设计.xlsx", bad.Bytes())
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "指标") || !strings.Contains(body, "越斜越好") {
		t.Fatalf("workbook with a wrong direction: %d\n%s", resp.StatusCode, body)
	}
	resp, _ = admin.postFile("/studies/new", "file", "设计.xlsx", designWorkbook(t))
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/studies/"+demoCode {
		t.Fatalf("good workbook: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	for _, path := range []string{"/studies/new/workbook", "/studies/new/workbook?set=green-tea"} {
		if resp, body := admin.get(path); resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "PK") {
			t.Errorf("GET %s: %d", path, resp.StatusCode)
		}
	}
	resp, body = admin.get("/studies/new?from=" + demoCode)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `&#34;predecessor&#34;: &#34;`+demoCode+`&#34;`) {
		t.Fatalf("next round of %s: %d", demoCode, resp.StatusCode)
	}
}

// TestFindingsEditor: the editor stores the report's metadata and every
// text in both languages, the n-th paragraph of one beside the n-th of the
// other, and shows them again as stored; a wrong date is refused with
// nothing stored.
func TestFindingsEditor(t *testing.T) {
	e := newEnv(t)
	e.loadDemo(benchmark.StateClosed)
	admin := e.client()
	admin.login(e.admin)
	form := url.Values{
		"report_number": {"BZZJ-2016-017"}, "report_date": {"2016-09-30"}, "report_issuer": {"巴中市质量技术监督局"},
		"report_prepared_by": {"李敏"},
		"conclusions_zh":     {"第一段。\r\n\r\n第二段。"}, "conclusions_en": {"First.\r\n\r\nSecond."},
		"recommendations_zh": {"建议一\r\n建议二"}, "recommendations_en": {"One"},
		"cause_zh_selenium": {"巴中为富硒地区。"}, "cause_en_selenium": {"Bazhong soils are rich in selenium."},
		"authors_zh": {"专家组"},
	}
	resp, body := admin.post("/studies/"+demoCode+"/findings", form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", resp.StatusCode, body)
	}
	f, _, err := e.store.FindFindings(context.Background(), demoCode)
	if err != nil {
		t.Fatal(err)
	}
	if f.Report == nil || f.Report.Number != "BZZJ-2016-017" || f.Report.Date != "2016-09-30" || f.Report.PreparedBy != "李敏" {
		t.Errorf("report metadata: %+v", f.Report)
	}
	if len(f.Conclusions) != 2 || f.Conclusions[1].ZH != "第二段。" || f.Conclusions[1].EN != "Second." {
		t.Errorf("conclusions: %+v", f.Conclusions)
	}
	if len(f.Recommendations) != 2 || f.Recommendations[1].EN != "" || f.Recommendations[0].EN != "One" {
		t.Errorf("recommendations: %+v", f.Recommendations)
	}
	if len(f.Causes) != 1 || f.Causes[0].Indicator != "selenium" || f.Causes[0].Text.EN == "" || f.Authors.ZH != "专家组" {
		t.Errorf("causes %+v, authors %+v", f.Causes, f.Authors)
	}
	_, body = admin.get("/studies/" + demoCode + "/findings?saved=1")
	for _, want := range []string{"专家意见已保存", "BZZJ-2016-017", "第一段。\n\n第二段。", "Bazhong soils are rich in selenium."} {
		if !strings.Contains(body, want) {
			t.Errorf("the editor does not show %q again", want)
		}
	}
	form.Set("report_date", "2016-13-45")
	if resp, body := admin.post("/studies/"+demoCode+"/findings", form); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "report.date") {
		t.Errorf("a wrong date: %d", resp.StatusCode)
	}
	if g, _, _ := e.store.FindFindings(context.Background(), demoCode); g.Report.Date != "2016-09-30" {
		t.Errorf("a refused save changed the findings: %+v", g.Report)
	}
}

// TestProgrammeDashboard: the bureau and a reader see a programme's
// dashboard (a reader: its published studies only), download its register
// and, once rendered, its summary report; a lab sees no programme.
func TestProgrammeDashboard(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	bureau := auth.Actor{Name: "bureau", Role: auth.RoleAdmin}
	if _, err := e.study.CreateProgramme(ctx, bureau, store.Programme{Code: "TEA", Title: "四川茶叶质量比对行动"}); err != nil {
		t.Fatal(err)
	}
	design := bytes.Replace(examples.GreenTeaDesign, []byte(`"round": "2016",`), []byte(`"round": "2016", "programme": "TEA",`), 1)
	e.loadDemoFrom(design, benchmark.StatePublished)
	admin := e.client()
	admin.login(e.admin)
	resp, body := admin.get("/programmes/TEA")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "四川茶叶质量比对行动") || !strings.Contains(body, `href="/studies/`+demoCode+`"`) {
		t.Fatalf("admin dashboard: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := admin.post("/programmes/TEA/reports", url.Values{"lang": {"zh"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("render the programme report: %d", resp.StatusCode)
	}
	reader := e.client()
	reader.login(e.reader)
	if _, body := reader.get("/programmes"); !strings.Contains(body, `href="/programmes/TEA"`) {
		t.Fatal("a reader does not see the programme")
	}
	resp, body = reader.get("/programmes/TEA")
	id := regexp.MustCompile(`/programmes/TEA/reports/([0-9a-f]+)`).FindStringSubmatch(body)
	if resp.StatusCode != http.StatusOK || id == nil || strings.Contains(body, `action="/programmes/TEA/reports"`) {
		t.Fatalf("reader dashboard: %d, report link %v (or a render button shown)", resp.StatusCode, id)
	}
	if resp, pdf := reader.get("/programmes/TEA/reports/" + id[1]); resp.StatusCode != http.StatusOK || !strings.HasPrefix(pdf, "%PDF") {
		t.Errorf("reader download: %d", resp.StatusCode)
	}
	if resp, csv := reader.get("/programmes/TEA/register?format=csv"); resp.StatusCode != http.StatusOK || len(csv) == 0 {
		t.Errorf("reader register: %d", resp.StatusCode)
	}
	lab := e.client()
	lab.login(e.lab)
	if resp, _ := lab.get("/programmes/TEA"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("lab dashboard: %d", resp.StatusCode)
	}
	if _, body := lab.get("/studies"); strings.Contains(body, `href="/programmes"`) {
		t.Error("a lab is offered the programmes")
	}
}
