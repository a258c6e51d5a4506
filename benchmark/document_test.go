package benchmark

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/jsondoc"
	"github.com/qbench/qbench/internal/textcheck"
)

// problemFields returns the fields of a ValidationError's problems, in order.
func problemFields(t *testing.T, err error) []string {
	t.Helper()
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("error %v (%T), want a ValidationError", err, err)
	}
	var out []string
	for _, p := range verr.Problems {
		if p.Msg.IsZero() && (strings.Contains(p.Reason, "appears more than once") || strings.Contains(p.Reason, "only in case")) {
			t.Errorf("problem %+v has no catalogue message", p)
		}
		out = append(out, p.Field)
	}
	return out
}

// TestParseDesignRefusesDuplicateAndCaseVariantKeys replays issue 16 item 2:
// the design shown must be the design analysed.
func TestParseDesignRefusesDuplicateAndCaseVariantKeys(t *testing.T) {
	base := string(mustMarshal(t, validDesign()))
	for _, tc := range []struct {
		name string
		doc  string
		want []string
	}{
		{"case variant at the top", strings.Replace(base, `"focal_region":"BZ"`, `"focal_region":"BZ","FOCAL_REGION":"YA"`, 1),
			[]string{"FOCAL_REGION"}},
		{"duplicate code", strings.Replace(base, `"code":"BZ-GT-2016"`, `"code":"RT-A","code":"RT-B"`, 1), []string{"code"}},
		{"duplicate in an indicator", strings.Replace(base, `"limit_max":5`, `"limit_max":5,"limit_max":50`, 1),
			[]string{"indicators[1].limit_max"}},
		{"case variant in a sample", strings.Replace(base, `"region":"YA"`, `"Region":"YA"`, 1),
			[]string{"samples[1].Region"}},
		{"duplicate inside an extra field", strings.Replace(base, `"title":`, `"notes":{"a":[{"b":1,"b":2}]},"title":`, 1),
			[]string{"notes.a[0].b"}},
		{"empty key twice", strings.Replace(base, `"title":`, `"":1,"":2,"title":`, 1), []string{`""`}},
		{"duplicate in a large object", strings.Replace(base, `"title":`, `"big":{`+bigObject+`,"k07":0},"title":`, 1), []string{"big.k07"}},
	} {
		_, err := ParseDesign([]byte(tc.doc))
		if diff := cmp.Diff(tc.want, problemFields(t, err)); diff != "" {
			t.Errorf("%s: fields (-want +got):\n%s", tc.name, diff)
		}
	}
}

// bigObject is the members of an object larger than smallObject.
var bigObject = func() string {
	var parts []string
	for i := range 3 * smallObject {
		parts = append(parts, fmt.Sprintf(`"k%02d":%d`, i, i))
	}
	return strings.Join(parts, ",")
}()

// TestParseDesignRefusesText replays issue 16 item 6 for design text:
// NUL, other control characters and invalid UTF-8 anywhere in the
// document are refused with the field's path.
func TestParseDesignRefusesText(t *testing.T) {
	base := string(mustMarshal(t, validDesign()))
	for _, tc := range []struct {
		name, old, new, field string
	}{
		{"NUL in the title", `"title":"`, `"title":"\u0000`, "title"},
		{"bell in a region name", `"name":"巴中"`, `"name":"巴\u0007中"`, "regions[0].name"},
		{"invalid UTF-8 in a method", `"method":"GB/T 8305-2013"`, "\"method\":\"GB/T \xff8305\"", "indicators[0].method"},
		{"CR in an extra field", `"title":`, `"notes":["a\rb"],"title":`, "notes[0]"},
		{"control character in a key", `"title":`, `"no\u0001te":1,"title":`, "no\x01te"},
	} {
		doc := strings.Replace(base, tc.old, tc.new, 1)
		if doc == base {
			t.Fatalf("%s: %s not in the design", tc.name, tc.old)
		}
		_, err := ParseDesign([]byte(doc))
		fields := problemFields(t, err)
		if len(fields) == 0 || fields[0] != tc.field {
			t.Errorf("%s: fields %q, want %q first", tc.name, fields, tc.field)
		}
	}
	// Tab and newline are text.
	doc := strings.Replace(base, `"title":"`, `"description":"line 1\n\tline 2","title":"`, 1)
	if _, err := ParseDesign([]byte(doc)); err != nil {
		t.Errorf("a description of two lines: %v", err)
	}
}

func TestCodesOfDotsAreRefused(t *testing.T) {
	for _, code := range []string{".", "..", "..."} {
		d := validDesign()
		d.Code = code
		if fields := problemFields(t, d.Validate()); len(fields) != 1 || fields[0] != "code" {
			t.Errorf("code %q: problems at %q", code, fields)
		}
		if err := CheckCode("lab", code); ErrorCode(err) != EINVALID {
			t.Errorf("CheckCode(%q) = %v", code, err)
		}
	}
	for _, code := range []string{"../../etc", "a/b", ""} {
		if err := CheckCode("lab", code); ErrorCode(err) != EINVALID {
			t.Errorf("CheckCode(%q) = %v", code, err)
		}
	}
	if err := CheckCode("lab", "v1.2"); err != nil {
		t.Errorf("CheckCode(v1.2) = %v", err)
	}
}

// TestPatchDesignKeepsUntouchedBytes replays issue 16 item 4.
func TestPatchDesignKeepsUntouchedBytes(t *testing.T) {
	base := string(mustMarshal(t, validDesign()))
	posted := strings.Replace(base, `"title":`, `"serial":12345678901234567891,"ratio":7.0,"html":"<b>","title":`, 1)
	d, err := ParseDesign([]byte(posted))
	if err != nil {
		t.Fatal(err)
	}
	got, err := PatchDesign(d, []byte(`{"title": "Patched", "description": null}`))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(posted, `"title":"巴中绿茶质量比对"`, `"title":"Patched"`, 1)
	if string(got.Document) != want {
		t.Errorf("patched document\n%s\nwant\n%s", got.Document, want)
	}
	if got.Title != "Patched" {
		t.Errorf("Title = %q", got.Title)
	}
	for _, patch := range []string{`[1]`, `"x"`, `{"a":`} {
		var ferr *FormatError
		if _, err := PatchDesign(d, []byte(patch)); !errors.As(err, &ferr) {
			t.Errorf("PatchDesign(%s) = %v, want a FormatError", patch, err)
		}
	}
	_, err = PatchDesign(d, []byte(`{"TITLE":"x","settings":{"alpha":0.1,"alpha":0.2}}`))
	if diff := cmp.Diff([]string{"TITLE", "settings.alpha"}, problemFields(t, err)); diff != "" {
		t.Errorf("patch problems (-want +got):\n%s", diff)
	}
}

func TestFindingsProblemsAndEmptyFindings(t *testing.T) {
	d := validDesign()
	_, err := ParseFindings([]byte(`{"conclusions":["a\u0000"],"Causes":[]}`), d)
	var verr *ValidationError
	if !errors.As(err, &verr) || verr.Subject != SubjectFindings {
		t.Fatalf("ParseFindings = %v, want findings problems", err)
	}
	f, err := ParseFindings([]byte(`{}`), d)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(f); string(b) != `{}` {
		t.Errorf("{} reads back as %s", b)
	}
}

func TestGapsAndClosing(t *testing.T) {
	d := validDesign()
	var all []string
	for _, ind := range d.Indicators {
		for _, r := range d.Regions {
			all = append(all, ind.Code+" × "+r.Code)
		}
	}
	if gaps := Gaps(d, nil); len(gaps) != len(all) {
		t.Errorf("Gaps of nothing = %v", gaps)
	}
	measured := map[[2]string]bool{}
	for _, s := range d.Samples {
		for _, ind := range d.Indicators {
			measured[[2]string{s.Code, ind.Code}] = true
		}
	}
	if gaps := Gaps(d, measured); gaps != nil {
		t.Errorf("Gaps of everything = %v", gaps)
	}
	first := d.Samples[0]
	for _, s := range d.Samples {
		if s.Region == first.Region {
			delete(measured, [2]string{s.Code, d.Indicators[0].Code})
		}
	}
	gaps := Gaps(d, measured)
	if want := []Gap{{d.Indicators[0].Code, first.Region}}; !cmp.Equal(gaps, want) {
		t.Fatalf("Gaps = %v, want %v", gaps, want)
	}
	cells := len(all)
	if err := CheckClose("S", 0, nil, cells, "x"); ErrorCode(err) != ECONFLICT {
		t.Errorf("closing without results: %v", err)
	}
	err := CheckClose("S", 5, gaps, cells, "   ")
	if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), gaps[0].String()) {
		t.Errorf("closing with a gap without a reason: %v", err)
	}
	var e *Error
	if errors.As(err, &e) && !strings.Contains(i18n.For(i18n.ZH).Message(e.Msg), "缺项") {
		t.Errorf("Chinese wording: %s", i18n.For(i18n.ZH).Message(e.Msg))
	}
	var many []Gap
	for i := range 50 {
		many = append(many, Gap{Indicator: fmt.Sprintf("i%02d", i), Region: "BZ"})
	}
	if err := CheckClose("S", 5, many, 100, ""); !strings.Contains(err.Error(), "i19 × BZ, …") || strings.Contains(err.Error(), "i20") {
		t.Errorf("closing with 50 gaps: %v", err)
	}
	if err := CheckClose("S", 5, gaps, cells, "the YA lot was spoilt"); err != nil {
		t.Errorf("closing with a gap and a reason: %v", err)
	}
	if err := CheckPublish("S", 0); ErrorCode(err) != ECONFLICT {
		t.Errorf("publishing without results: %v", err)
	}
	if err := CheckReportResults("S", 0); ErrorCode(err) != ECONFLICT {
		t.Errorf("report without results: %v", err)
	}
	if _, err := CheckMoveReason("S", StateClosed, StateOpen, " \t "); ErrorCode(err) != EINVALID {
		t.Errorf("reopening with a blank reason: %v", err)
	}
	if r, err := CheckMoveReason("S", StateClosed, StateOpen, "  lab retest  "); err != nil || r != "lab retest" {
		t.Errorf("reopening with a reason: %q %v", r, err)
	}
}

// FuzzDesignRecords checks that a design ParseDesign accepts is one
// record: no key twice or in another case at any depth, and every string
// stored text.
func FuzzDesignRecords(f *testing.F) {
	base := string(mustMarshalF(f, validDesign()))
	f.Add([]byte(base))
	f.Add([]byte(strings.Replace(base, `"focal_region":"BZ"`, `"focal_region":"BZ","FOCAL_REGION":"YA"`, 1)))
	f.Add([]byte(strings.Replace(base, `"title":`, `"x":{"y":[{"z":1,"z":2}]},"title":`, 1)))
	f.Add([]byte(strings.Replace(base, `"title":"`, `"title":"\u0000\u001b`, 1)))
	f.Add([]byte(strings.Replace(base, `"title":"`, "\"title\":\"\xff", 1)))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseDesign(data)
		if err != nil {
			return
		}
		assertRecord(t, d.Document)
	})
}

func assertRecord(t *testing.T, v []byte) {
	t.Helper()
	switch jsondoc.Kind(v) {
	case '{':
		ms, _ := jsondoc.Members(v)
		seen := map[string]bool{}
		for _, m := range ms {
			if seen[m.Key] {
				t.Fatalf("accepted duplicate key %q", m.Key)
			}
			seen[m.Key] = true
			if textcheck.Line(m.Key) != nil {
				t.Fatalf("accepted key %q", m.Key)
			}
			assertRecord(t, m.Value)
		}
	case '[':
		els, _ := jsondoc.Elements(v)
		for _, e := range els {
			assertRecord(t, e)
		}
	case '"':
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			t.Fatal(err)
		}
		if textcheck.Text(s) != nil {
			t.Fatalf("accepted string %q", s)
		}
	}
}

func mustMarshalF(f *testing.F, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		f.Fatal(err)
	}
	return b
}

// FuzzFindings feeds arbitrary bytes to ParseFindings: it never panics,
// refuses with a FormatError or findings problems naming fields, and what
// it accepts has no duplicate or case-variant key and only stored text.
func FuzzFindings(f *testing.F) {
	d := validDesign()
	f.Add([]byte(`{"causes":[{"indicator":"bifenthrin","text":"春茶期用药"}],"conclusions":["富硒"],"recommendations":["加强管控"]}`))
	f.Add([]byte(`{"conclusions":["a"],"Conclusions":["b"]}`))
	f.Add([]byte(`{"causes":[{"indicator":"bifenthrin","text":"x","text":"y\u0000"}]}`))
	f.Add([]byte("{\"authors\":\"\xff\"}"))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ParseFindings(data, d)
		var verr *ValidationError
		var ferr *FormatError
		switch {
		case err == nil:
			assertRecord(t, data)
			if b, err := json.Marshal(got); err != nil || !json.Valid(b) {
				t.Fatalf("accepted findings do not encode: %v", err)
			}
		case errors.As(err, &ferr):
		case errors.As(err, &verr):
			if verr.Subject != SubjectFindings {
				t.Fatalf("findings problems of subject %q", verr.Subject)
			}
			for _, p := range verr.Problems {
				if p.Field == "" || p.Reason == "" {
					t.Fatalf("problem without field or reason: %+v", p)
				}
			}
		default:
			t.Fatalf("ParseFindings = %T %v", err, err)
		}
	})
}

// TestFindingsRevision2 reads the report metadata and texts in either
// form, and writes each text back in the form it was given.
func TestFindingsRevision2(t *testing.T) {
	d := validDesign()
	in := `{"report":{"number":"BZZJ-2016-017","date":"2016-12-20","issuer":"巴中市质量技术监督局","issuer_en":"Bazhong Bureau","prepared_by":"张三","reviewed_by":"李四","approved_by":"王五"},` +
		`"causes":[{"indicator":"bifenthrin","text":{"zh":"春茶期用药","en":"Spraying in spring"}}],` +
		`"conclusions":[{"zh":"富硒"}],"recommendations":["只有中文的一条","English only"],"authors":{"zh":"专家组","en":"Expert panel"}}`
	f, err := ParseFindings([]byte(in), d)
	if err != nil {
		t.Fatal(err)
	}
	if f.Report == nil || f.Report.Number != "BZZJ-2016-017" || f.Report.ApprovedBy != "王五" {
		t.Errorf("report = %+v", f.Report)
	}
	if s, ok := f.Causes[0].Text.In("en"); !ok || s != "Spraying in spring" {
		t.Errorf("cause in en = %q, %v", s, ok)
	}
	if _, ok := f.Conclusions[0].In("en"); ok {
		t.Error("a conclusion without English has English")
	}
	if s, ok := f.Recommendations[0].In("zh"); !ok || s != "只有中文的一条" {
		t.Errorf("plain Chinese string in zh = %q, %v", s, ok)
	}
	if _, ok := f.Recommendations[1].In("zh"); ok {
		t.Error("plain English string counts as Chinese")
	}
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != in {
		t.Errorf("read back\n%s\nwant\n%s", b, in)
	}
	for _, bad := range []string{
		`{"report":{"date":"2016-13-01"}}`,
		`{"conclusions":[{"zh":"a","ZH":"b"}]}`,
		`{"conclusions":[{"zh":"a","zh":"b"}]}`,
		`{"conclusions":[{}]}`,
		`{"authors":{"zh":"a\u0001"}}`,
		`{"report":{"Number":"x"}}`,
	} {
		if _, err := ParseFindings([]byte(bad), d); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
