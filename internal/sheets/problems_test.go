package sheets

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/qbench/qbench/internal/i18n"
	"github.com/xuri/excelize/v2"
)

// book is a workbook to build in a test: sheets in order, rows of cells.
type book []sheetRows

type sheetRows struct {
	name string
	rows [][]any
}

func (b book) bytes(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range b {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, cells := range s.rows {
			for c, v := range cells {
				if v == nil {
					continue
				}
				if err := f.SetCellValue(s.name, cellName(c, r+1), v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// validBook is a small valid design workbook in Chinese; cases change it.
func validBook() book {
	return book{
		{"研究", [][]any{
			{"项目", "值"},
			{"研究代码", "BZ-GT-2016"},
			{"标题", "巴中绿茶质量比对"},
			{"产品", "绿茶"},
			{"本地产区", "BZ"},
			{"检测机构代码", "SCTQ"},
			{"检测机构名称", "四川省茶叶产品质量检验中心"},
		}},
		{"产区", [][]any{{"代码", "名称"}, {"BZ", "巴中"}, {"YA", "雅安"}}},
		{"指标", [][]any{
			{"代码", "名称", "单位", "方向", "检测方法", "限量上限", "检出限", "小数位数"},
			{"moisture", "水分", "%", "越低越好", "GB 5009.3-2016", 7.0, nil, 1},
			{"bifenthrin", "联苯菊酯", "mg/kg", "越低越好", "GB 23200.113-2018", 5, 0.005, 3},
		}},
		{"样品", [][]any{
			{"样品编号", "产区", "企业", "抽样日期"},
			{"BZ-01", "BZ", "巴中示例茶企A", "2016-04-03"},
			{"YA-01", "YA", "雅安示例茶企A", "2016/4/5"},
		}},
	}
}

func readBook(t testing.TB, data []byte, limits Limits) ([]byte, *Problems) {
	t.Helper()
	out, err := ReadDesignWorkbook(bytes.NewReader(data), int64(len(data)), limits)
	if err == nil {
		return out, nil
	}
	var p *Problems
	if !errors.As(err, &p) {
		t.Fatalf("error is %T, want *Problems: %v", err, err)
	}
	return nil, p
}

func TestReadValidBook(t *testing.T) {
	b := validBook()
	b = b.set("样品", 2, 4, time.Date(2016, 4, 3, 0, 0, 0, 0, time.UTC)) // a date cell
	b = b.set("样品", 1, 5, "生产日期").set("样品", 2, 5, "2016年3月1日")
	b = b.set("指标", 2, 6, "７．０") // full-width digits typed as text
	out, p := readBook(t, b.bytes(t), Limits{})
	if p != nil {
		t.Fatalf("problems: %v", p)
	}
	doc := canonical(t, out).(map[string]any)
	samples := doc["samples"].([]any)
	if got := samples[1].(map[string]any)["collected_on"]; got != "2016-04-05" {
		t.Errorf("date typed 2016/4/5 read as %v", got)
	}
	if s0 := samples[0].(map[string]any); s0["collected_on"] != "2016-04-03" || s0["produced_on"] != "2016-03-01" {
		t.Errorf("a date cell and 2016年3月1日 read as %v, %v", s0["collected_on"], s0["produced_on"])
	}
	if got := doc["indicators"].([]any)[0].(map[string]any)["limit_max"]; got != 7.0 {
		t.Errorf("７．０ read as %v", got)
	}
	ind := doc["indicators"].([]any)[1].(map[string]any)
	if ind["lod"] != 0.005 || ind["decimals"] != 3.0 || ind["direction"] != "lower" {
		t.Errorf("indicator = %v", ind)
	}
	if _, ok := doc["indicators"].([]any)[0].(map[string]any)["lod"]; ok {
		t.Errorf("an empty cell gave a member")
	}
}

// set changes one cell of a book (rows and columns from 1, as shown).
func (b book) set(sheet string, row, col int, v any) book {
	for i := range b {
		if b[i].name == sheet {
			for len(b[i].rows) < row {
				b[i].rows = append(b[i].rows, nil)
			}
			for len(b[i].rows[row-1]) < col {
				b[i].rows[row-1] = append(b[i].rows[row-1], nil)
			}
			b[i].rows[row-1][col-1] = v
		}
	}
	return b
}

func TestDesignProblems(t *testing.T) {
	type want struct {
		sheet  string
		row    int
		letter string
		column string
		key    string
	}
	cases := []struct {
		name string
		book book
		want []want
	}{
		{"every cell problem at once", validBook().
			set("指标", 2, 4, "越高越").        // a direction misspelt
			set("指标", 3, 6, "五").          // not a number
			set("指标", 2, 8, 1.5).          // not a whole number
			set("样品", 2, 4, "去年").         // not a date
			set("样品", 3, 4, "2016-02-30"), // no such day
			[]want{
				{"指标", 2, "D", "方向", "sheets.not_direction"},
				{"指标", 2, "H", "小数位数", "sheets.not_integer"},
				{"指标", 3, "F", "限量上限", "sheets.not_number"},
				{"样品", 2, "D", "抽样日期", "sheets.not_date"},
				{"样品", 3, "D", "抽样日期", "sheets.not_date"},
			}},
		{"unknown, duplicate and unnamed columns", validBook().
			set("指标", 1, 9, "检测方发"). // a typo of 检测方法
			set("指标", 1, 10, "code").
			set("指标", 2, 12, "x"),
			[]want{
				{"指标", 1, "I", "检测方发", "sheets.unknown_column"},
				{"指标", 1, "J", "code", "sheets.duplicate_column"},
				{"指标", 2, "L", "", "sheets.unnamed_column"},
			}},
		{"study items", validBook().
			set("研究", 8, 1, "标提").set("研究", 8, 2, "x").
			set("研究", 9, 1, "产品").set("研究", 9, 2, "红茶").
			set("研究", 10, 2, "孤值").
			set("研究", 11, 1, "regions").set("研究", 11, 2, "[]"),
			[]want{
				{"研究", 8, "A", "标提", "sheets.unknown_item"},
				{"研究", 9, "A", "产品", "sheets.duplicate_item"},
				{"研究", 10, "A", "", "sheets.no_item"},
				{"研究", 11, "A", "regions", "sheets.unknown_item"},
			}},
		{"a missing sheet", validBook()[:3], []want{{"", 0, "", "", "sheets.missing_sheet"}}},
		{"design rules placed in the workbook", validBook().
			set("样品", 3, 2, "EM"). // a region the design lacks
			set("指标", 3, 5, nil),  // no method
			[]want{
				{"指标", 3, "E", "检测方法", "sheets.rule"},
				{"样品", 3, "B", "产区", "sheets.rule"},
			}},
		{"a rule about a column the sheet lacks", book{validBook()[0],
			{"产区", [][]any{{"代码"}, {"BZ"}, {"YA"}}}, validBook()[2], validBook()[3]},
			[]want{
				{"产区", 2, "", "名称", "sheets.field_rule"},
				{"产区", 3, "", "名称", "sheets.field_rule"},
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, p := readBook(t, tc.book.bytes(t), Limits{})
			if p == nil {
				t.Fatal("no problems")
			}
			if len(p.List) != len(tc.want) {
				t.Fatalf("%d problems, want %d:\n%v", len(p.List), len(tc.want), p)
			}
			for i, w := range tc.want {
				got := p.List[i]
				key := got.Reason.Key
				if w.key == "sheets.rule" && !strings.HasPrefix(key, "sheets.") {
					key = "sheets.rule" // the design's own message, once benchmark has one
				}
				if got.Sheet != w.sheet || got.Row != w.row || got.Letter != w.letter || got.Column != w.column || key != w.key {
					t.Errorf("problem %d = %+v, want %+v", i, got, w)
				}
				for _, lang := range i18n.Langs {
					text := i18n.For(lang).Message(got.Message())
					if strings.Contains(text, "sheets.") || strings.Contains(text, "%!") {
						t.Errorf("%s wording of problem %d is broken: %s", lang, i, text)
					}
					t.Logf("%s: %s", lang, text)
				}
			}
		})
	}
}

// TestProblemWording pins the words a user reads, in both languages.
func TestProblemWording(t *testing.T) {
	_, p := readBook(t, validBook().set("指标", 2, 4, "越高越").set("研究", 8, 1, "标提").set("研究", 8, 2, "x").bytes(t), Limits{})
	if p == nil {
		t.Fatal("no problems")
	}
	want := map[i18n.Lang][]string{
		i18n.ZH: {
			"工作表“研究”第 8 行 A 列（“标提”）：无法识别的项目“标提”",
			"工作表“指标”第 2 行 D 列（“方向”）：“越高越”不是有效的方向，应为 越高越好、越低越好、区间 或 不评价",
		},
		i18n.EN: {
			`sheet "研究", row 8, column A ("标提"): unknown item "标提"`,
			`sheet "指标", row 2, column D ("方向"): "越高越" is not a direction: write higher, lower, range or none (越高越好, 越低越好, 区间, 不评价)`,
		},
	}
	for lang, lines := range want {
		got := p.Messages(lang)
		if strings.Join(got, "\n") != strings.Join(lines, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", lang, got, lines)
		}
	}
}

func TestEnglishBook(t *testing.T) {
	b := book{
		{"Study", [][]any{{"field", "value"}, {"code", "S1"}, {"title", "T"}, {"product", "P"},
			{"focal_region", "A"}, {"lab.code", "L"}, {"lab_name", "Lab"}, {"settings.alpha", "0.01"}}},
		{"Regions", [][]any{{"Code", "Name"}, {"A", "a"}, {"B", "b"}}},
		{"Indicators", [][]any{{"code", "name", "unit", "direction", "method", "Limit Max"},
			{"x", "X", "％", "Lower", "M", "５"}}},
		{"Samples", [][]any{{"code", "region"}, {"A1", "A"}, {"B1", "B"}}},
	}
	out, p := readBook(t, b.bytes(t), Limits{})
	if p != nil {
		t.Fatal(p)
	}
	doc := canonical(t, out).(map[string]any)
	ind := doc["indicators"].([]any)[0].(map[string]any)
	if ind["unit"] != "%" || ind["direction"] != "lower" || ind["limit_max"] != 5.0 {
		t.Errorf("indicator = %v", ind)
	}
	if doc["settings"].(map[string]any)["alpha"] != 0.01 || doc["lab"].(map[string]any)["name"] != "Lab" {
		t.Errorf("study = %v", doc)
	}
}

// TestTitlesAndHeadings: a title row above a list's header and a heading
// without a value on the study sheet are what people put in workbooks.
func TestTitlesAndHeadings(t *testing.T) {
	b := validBook()
	b[2].rows = append([][]any{{"2016 年绿茶检测指标"}, nil}, b[2].rows...)
	b = b.set("研究", 8, 1, "检测机构信息")
	out, p := readBook(t, b.bytes(t), Limits{})
	if p != nil {
		t.Fatal(p)
	}
	if n := len(canonical(t, out).(map[string]any)["indicators"].([]any)); n != 2 {
		t.Errorf("%d indicators, want 2", n)
	}
	// A problem below the title names the row the spreadsheet shows.
	b = b.set("指标", 5, 4, "越高越")
	_, p = readBook(t, b.bytes(t), Limits{})
	if p == nil || p.List[0].Row != 5 || p.List[0].Letter != "D" {
		t.Fatalf("problems = %v", p)
	}
}

func TestNotAWorkbook(t *testing.T) {
	_, p := readBook(t, []byte("code,title\nS1,T\n"), Limits{})
	if p == nil || p.List[0].Reason.Key != "sheets.not_xlsx" {
		t.Fatalf("problems = %v", p)
	}
}

func TestRowAndColumnCaps(t *testing.T) {
	b := validBook().set("样品", 50, 1, "Z-01")
	_, p := readBook(t, b.bytes(t), Limits{MaxRows: 40})
	if p == nil || p.List[0].Reason.Key != "sheets.too_many_rows" || p.List[0].Sheet != "样品" {
		t.Fatalf("problems = %v", p)
	}
	b = validBook().set("产区", 2, 30, "x")
	_, p = readBook(t, b.bytes(t), Limits{MaxColumns: 20})
	if p == nil || p.List[0].Reason.Key != "sheets.too_many_columns" || p.List[0].Row != 2 {
		t.Fatalf("problems = %v", p)
	}
}

// deflatedSpaces is a raw deflate stream of mib MiB of spaces, made in
// microseconds: one MiB compressed and flushed to a byte boundary, repeated
// (its back-references stay inside itself), then an empty final block.
func deflatedSpaces(t testing.TB, mib int) []byte {
	t.Helper()
	var one bytes.Buffer
	fw, err := flate.NewWriter(&one, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(bytes.Repeat([]byte(" "), 1<<20))
	fw.Flush()
	out := bytes.Repeat(one.Bytes(), mib)
	return append(out, 0x03, 0x00)
}

// zipWithSheet is a small valid workbook whose first sheet is replaced by
// a raw deflate stream declaring size bytes.
func zipWithSheet(t testing.TB, deflated []byte, size uint64) []byte {
	return withFirstSheet(t, &zip.FileHeader{Method: zip.Deflate,
		CompressedSize64: uint64(len(deflated)), UncompressedSize64: size}, true, deflated)
}

// withFirstSheet is the valid book with its first sheet (研究) replaced by
// an entry of the header (its name set here) holding content, compressed
// by the zip writer, or as it is when raw.
func withFirstSheet(t testing.TB, header *zip.FileHeader, raw bool, content []byte) []byte {
	t.Helper()
	good := validBook().bytes(t)
	zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		if zf.Name != "xl/worksheets/sheet1.xml" {
			if err := z.Copy(zf); err != nil {
				t.Fatal(err)
			}
			continue
		}
		header.Name = zf.Name
		create := z.CreateHeader
		if raw {
			create = z.CreateRaw
		}
		w, err := create(header)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(content); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// bomb is a workbook whose sheet inflates to mib MiB of spaces.
func bomb(t testing.TB, mib int) []byte {
	return zipWithSheet(t, deflatedSpaces(t, mib), uint64(mib)<<20)
}

// TestDecompressionBomb: a workbook that would inflate to 4 GiB is refused
// from its central directory, fast and without inflating it.
func TestDecompressionBomb(t *testing.T) {
	data := bomb(t, 4<<10)
	t.Logf("bomb: %d bytes compressed, 4 GiB inflated", len(data))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, p := readBook(t, data, Limits{})
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if p == nil || p.List[0].Reason.Key != "sheets.bomb" {
		t.Fatalf("problems = %v", p)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("refused in %v, %d KiB allocated", elapsed, alloc>>10)
	if elapsed > time.Second || alloc > 4<<20 {
		t.Errorf("refusing the bomb took %v and %d bytes", elapsed, alloc)
	}
	// Below the ratio but above the total: refused by the total.
	_, p = readBook(t, bomb(t, 8), Limits{MaxUnzipped: 4 << 20, MaxRatio: 1 << 20})
	if p == nil || p.List[0].Reason.Key != "sheets.too_large" {
		t.Fatalf("problems = %v", p)
	}
}

// TestLyingCentralDirectory: an entry that declares a small size but
// inflates far past it is cut off at its declared size by the zip reader.
func TestLyingCentralDirectory(t *testing.T) {
	data := zipWithSheet(t, deflatedSpaces(t, 1024), 1000) // 1 GiB declared as 1,000 bytes
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, p := readBook(t, data, Limits{})
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if p == nil || p.List[0].Reason.Key != "sheets.damaged" {
		t.Fatalf("problems = %v", p)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("refused in %v, %d KiB allocated: %v", elapsed, alloc>>10, p)
	if elapsed > 2*time.Second || alloc > 16<<20 {
		t.Errorf("refusing took %v and %d bytes", elapsed, alloc)
	}
}
