package sheets

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/qbench/qbench/internal/i18n"
)

// The words of the workbook format live here, not in the message
// catalogue: a reader recognises both languages whatever the user's, and
// a header is format, not prose (docs/workbooks.md lists them).

// kind is how a cell becomes a JSON value.
type kind int

const (
	kText      kind = iota // text as typed
	kCode                  // text with full-width letters, digits and signs read as ASCII
	kNumber                // a decimal number
	kInteger               // a whole number
	kDirection             // 越高越好 … or higher …
	kDate                  // a date cell or YYYY-MM-DD, YYYY/M/D, YYYY年M月D日 → YYYY-MM-DD
)

// field is a column of a list sheet or an item of the study sheet.
type field struct {
	path    string   // JSON path in its object: "code", "lab.code", "claim.min"
	zh      string   // Chinese header
	kind    kind     //
	aliases []string // other headers accepted
	must    bool     // always written, even when no row has a value
}

// en is the English header: the JSON path itself.
func (f field) en() string { return f.path }

func (f field) header(lang i18n.Lang) string {
	if lang == i18n.EN {
		return f.en()
	}
	return f.zh
}

// sheetKind names the sheets of a design workbook.
type sheetKind struct {
	zh, en string
	fields []field
	list   string // the design's list member ("indicators"); "" for the study sheet
	nested []string
}

func (s sheetKind) name(lang i18n.Lang) string {
	if lang == i18n.EN {
		return s.en
	}
	return s.zh
}

var studySheet = sheetKind{zh: "研究", en: "Study", nested: []string{"lab", "settings"}, fields: []field{
	{path: "code", zh: "研究代码", kind: kCode, aliases: []string{"代码", "编号"}, must: true},
	{path: "title", zh: "标题", aliases: []string{"名称"}, must: true},
	{path: "title_en", zh: "英文标题"},
	{path: "product", zh: "产品", must: true},
	{path: "product_en", zh: "产品英文名称"},
	{path: "industry", zh: "行业"},
	{path: "programme", zh: "比对计划", kind: kCode},
	{path: "round", zh: "轮次", kind: kCode, aliases: []string{"年度"}},
	{path: "predecessor", zh: "上一轮研究", kind: kCode},
	{path: "focal_region", zh: "本地产区", kind: kCode, aliases: []string{"比对产区"}, must: true},
	{path: "description", zh: "简介", aliases: []string{"描述"}},
	{path: "lab.code", zh: "检测机构代码", kind: kCode, must: true},
	{path: "lab.name", zh: "检测机构名称", aliases: []string{"检测机构"}, must: true},
	{path: "lab.name_en", zh: "检测机构英文名称"},
	{path: "lab.accreditation", zh: "资质", aliases: []string{"资质证书", "认可"}},
	{path: "settings.alpha", zh: "显著性水平", kind: kNumber},
	{path: "settings.min_rel_diff", zh: "最小相对差异", kind: kNumber},
	{path: "settings.correction", zh: "多重比较校正", kind: kCode},
	{path: "settings.test", zh: "统计检验", kind: kCode},
	{path: "settings.nd_substitution", zh: "未检出替代值", kind: kCode},
}}

var regionsSheet = sheetKind{zh: "产区", en: "Regions", list: "regions", fields: []field{
	{path: "code", zh: "代码", kind: kCode, aliases: []string{"产区代码"}, must: true},
	{path: "name", zh: "名称", aliases: []string{"产区", "产区名称"}, must: true},
	{path: "name_en", zh: "英文名称"},
}}

var indicatorsSheet = sheetKind{zh: "指标", en: "Indicators", list: "indicators", nested: []string{"claim"}, fields: []field{
	{path: "code", zh: "代码", kind: kCode, aliases: []string{"指标代码"}, must: true},
	{path: "name", zh: "名称", aliases: []string{"指标", "指标名称"}, must: true},
	{path: "name_en", zh: "英文名称"},
	{path: "unit", zh: "单位", kind: kCode, must: true},
	{path: "unit_label", zh: "单位名称"},
	{path: "unit_label_en", zh: "单位英文名称"},
	{path: "category", zh: "类别", kind: kCode},
	{path: "direction", zh: "方向", kind: kDirection, must: true},
	{path: "method", zh: "检测方法", aliases: []string{"方法"}, must: true},
	{path: "standard", zh: "依据标准", aliases: []string{"标准"}},
	{path: "limit_min", zh: "限量下限", kind: kNumber, aliases: []string{"下限"}},
	{path: "limit_max", zh: "限量上限", kind: kNumber, aliases: []string{"上限", "限量"}},
	{path: "target_min", zh: "目标下限", kind: kNumber},
	{path: "target_max", zh: "目标上限", kind: kNumber},
	{path: "lod", zh: "检出限", kind: kNumber},
	{path: "decimals", zh: "小数位数", kind: kInteger},
	{path: "weight", zh: "权重", kind: kNumber},
	{path: "claim.label", zh: "声称", aliases: []string{"声称名称"}},
	{path: "claim.label_en", zh: "声称英文名称"},
	{path: "claim.min", zh: "声称下限", kind: kNumber},
	{path: "claim.max", zh: "声称上限", kind: kNumber},
	{path: "claim.standard", zh: "声称依据标准"},
	{path: "note", zh: "备注"},
}}

var samplesSheet = sheetKind{zh: "样品", en: "Samples", list: "samples", fields: []field{
	{path: "code", zh: "样品编号", kind: kCode, aliases: []string{"代码", "编号", "样品代码"}, must: true},
	{path: "region", zh: "产区", kind: kCode, aliases: []string{"产区代码"}, must: true},
	{path: "enterprise", zh: "企业", aliases: []string{"生产企业", "企业名称"}},
	{path: "grade", zh: "等级"},
	{path: "brand", zh: "品牌", aliases: []string{"商标"}},
	{path: "batch", zh: "批次", aliases: []string{"批号"}},
	{path: "produced_on", zh: "生产日期", kind: kDate},
	{path: "sampled_at", zh: "抽样地点"},
	{path: "collected_on", zh: "抽样日期", kind: kDate, aliases: []string{"采样日期"}},
	{path: "source", zh: "来源", kind: kCode},
}}

// designSheets are the data sheets in workbook order.
var designSheets = []sheetKind{studySheet, regionsSheet, indicatorsSheet, samplesSheet}

// notesSheet is the sheet of instructions; readers ignore it.
var notesSheet = sheetKind{zh: "说明", en: "Notes"}

// directions maps the words of a direction to its code; the Chinese word
// of each code is the first listed.
var directions = []struct{ code, zh string }{
	{"higher", "越高越好"},
	{"lower", "越低越好"},
	{"range", "区间"},
	{"none", "不评价"},
}

func directionWord(code string, lang i18n.Lang) string {
	if lang == i18n.EN {
		return code
	}
	for _, d := range directions {
		if d.code == code {
			return d.zh
		}
	}
	return code
}

func directionCode(word string) (string, bool) {
	k := key(word)
	for _, d := range directions {
		if k == d.code || k == key(d.zh) {
			return d.code, true
		}
	}
	return "", false
}

// key is how headers and sheet names compare: full-width folded to ASCII,
// lower case, without spaces, '_', '.', '-' and brackets' contents are
// kept (a header "检出限(mg/kg)" is not "检出限").
func key(s string) string {
	s = strings.ToLower(fold(s))
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '_' || r == '.' || r == '-' {
			return -1
		}
		return r
	}, s)
}

// fold reads full-width ASCII forms (Ｂ, ０, ．, ％, ＜) and the ideographic
// space as their ASCII forms.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000:
			return ' '
		}
		return r
	}, s)
}

// trim removes spaces, the ideographic one included.
func trim(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\u3000", " ")) }

// extraName is a header or item that names a field this package does not
// know: kept under that JSON name. Anything else unknown is a mistake.
var extraName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,63}$`)

// lookup finds the field a header names.
func (s sheetKind) lookup(header string) (field, bool) {
	k := key(header)
	if k == "" {
		return field{}, false
	}
	for _, f := range s.fields {
		if k == key(f.zh) || k == key(f.path) {
			return f, true
		}
		for _, a := range f.aliases {
			if k == key(a) {
				return f, true
			}
		}
	}
	return field{}, false
}

// extraPath returns the JSON path an unknown header stands for: a plain
// name, or one of the sheet's nested objects and a name ("lab.note").
func (s sheetKind) extraPath(header string) (string, bool) {
	h := trim(header)
	if extraName.MatchString(h) {
		return h, true
	}
	if parent, name, ok := strings.Cut(h, "."); ok && extraName.MatchString(name) {
		for _, n := range s.nested {
			if parent == n {
				return h, true
			}
		}
	}
	return "", false
}
