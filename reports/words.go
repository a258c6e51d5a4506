package reports

import (
	"strconv"
	"strings"
	"time"

	"github.com/qbench/qbench/internal/i18n"
)

// words is the report's wording in one language: every text comes from
// the message catalogue (internal/i18n/catalog/*/report.json); what is
// here is the little that is a rule rather than a text — which name to
// pick, how a list is joined, which of two sentences applies.
type words struct {
	p *i18n.Printer
	// langTag is the PDF's /Lang.
	langTag string
	// english selects the English names of regions, indicators, product
	// and lab, falling back to the Chinese ones.
	english bool
}

// catalogs are the supported languages.
var catalogs = map[string]*words{
	"zh": {p: i18n.For(i18n.ZH), langTag: "zh-CN"},
	"en": {p: i18n.For(i18n.EN), langTag: "en", english: true},
}

// s words a catalogue key.
func (w *words) s(key string, args ...any) string { return w.p.Sprintf(key, args...) }

// name picks the name in the report's language.
func (w *words) name(zh, en string) string {
	if w.english && en != "" {
		return en
	}
	return zh
}

// lookup words prefix+value, or returns value itself when the catalogue
// has no such key (a value from a newer design, say).
func (w *words) lookup(prefix, value string) string {
	if key := prefix + value; w.p.Has(key) {
		return w.s(key)
	}
	return value
}

func (w *words) direction(d string) string      { return w.lookup("report.direction.", d) }
func (w *words) verdict(v string) string        { return w.lookup("report.verdict.", v) }
func (w *words) testName(s string) string       { return w.lookup("report.test.", s) }
func (w *words) correctionName(s string) string { return w.lookup("report.correction.", s) }
func (w *words) ndName(s string) string         { return w.lookup("report.nd.", s) }

func (w *words) pageOf(page int, total string) string { return w.s("report.page_of", page, total) }
func (w *words) annexLabel(n int) string              { return w.s("report.annex_label", letter(n)) }
func (w *words) tableLabel(n int) string              { return w.s("report.table_label", n) }
func (w *words) figureLabel(n int) string             { return w.s("report.figure_label", n) }

// date is "2016年5月20日" / "20 May 2016".
func (w *words) date(d time.Time) string {
	return w.s("report.date", d.Year(), i18n.M("report.month."+itoa(int(d.Month()))), d.Day())
}

// joinList is "雅安、峨眉山" / "Ya'an and Emeishan".
func (w *words) joinList(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return w.s("report.list_last", strings.Join(items[:len(items)-1], w.s("report.list_sep")), items[len(items)-1])
}

// nameWithCode is "硒（selenium）", or the code alone when it is the name.
func (w *words) nameWithCode(name, code string) string {
	if name == code {
		return code
	}
	return w.s("report.name_with_code", name, code)
}

func (w *words) nameWithUnit(name, unit string) string {
	return w.s("report.name_with_unit", name, unit)
}
func (w *words) infoItem(label, value string) string { return w.s("report.info_item", label, value) }
func (w *words) regionProduct(region, product string) string {
	return w.s("report.region_product", region, product)
}

// methodFacts are the settings of one analysis, worded for the method
// statement.
type methodFacts struct {
	alpha, minRelDiff, correction, test, nd, focal string
}

// methodPart is one titled part of the method statement.
type methodPart struct {
	title      string
	paragraphs []string
}

// methodStatement is the method in words, with this analysis's settings
// filled in: the parts report.method.<n>.title with their paragraphs
// report.method.<n>.p<m>, in order, as many as the catalogue has. A
// paragraph that takes arguments takes them all, by index: %[1]s nd,
// %[2]s focal, %[3]s test, %[4]s correction, %[5]s alpha, %[6]s
// min_rel_diff (each uses the ones it needs).
func (w *words) methodStatement(f methodFacts) []methodPart {
	var parts []methodPart
	for n := 1; w.p.Has("report.method." + itoa(n) + ".title"); n++ {
		prefix := "report.method." + itoa(n)
		part := methodPart{title: w.s(prefix + ".title")}
		for m := 1; w.p.Has(prefix + ".p" + itoa(m)); m++ {
			key := prefix + ".p" + itoa(m)
			text := w.s(key)
			// fmt would append the unused arguments to a paragraph
			// without any: only one that lacks them gets them.
			if strings.Contains(text, "%!") {
				text = w.s(key, f.nd, f.focal, f.test, f.correction, f.alpha, f.minRelDiff)
			}
			part.paragraphs = append(part.paragraphs, text)
		}
		parts = append(parts, part)
	}
	return parts
}

func itoa(n int) string { return strconv.Itoa(n) }

// letter is the annex letter: 1 → A.
func letter(n int) string { return string(rune('A' + n - 1)) }

// gradeText is a sample's grade in the report's language: the common
// Chinese grades (特级, 一级 …) have catalogue words (report.grade.*),
// others are printed as given; 未注明 when there is none.
func (r *report) gradeText(g string) string {
	if g == "" {
		return r.orNotStated(g)
	}
	return r.t.lookup("report.grade.", g)
}
