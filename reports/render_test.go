package reports

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"flag"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/reports/model"
)

var (
	outDir = flag.String("out", "", "also write the rendered test PDFs to this directory, for review")
)

func render(t testing.TB, in Input, lang string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, in, lang); err != nil {
		t.Fatalf("Render(%s): %v", lang, err)
	}
	return buf.Bytes()
}

// writePDF stores pdf in a temporary directory (and in -out when given)
// and returns its path.
func writePDF(t testing.TB, pdf []byte, name string) string {
	t.Helper()
	if *outDir != "" {
		if err := os.WriteFile(filepath.Join(*outDir, name), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// requireTool fails (never skips) without poppler-utils: CI installs it,
// and a skipped check would hide a broken report.
func requireTool(t testing.TB, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Fatalf("%s not found: install poppler-utils to run the report tests", name)
	}
}

func pdftotext(t testing.TB, path string, args ...string) string {
	t.Helper()
	requireTool(t, "pdftotext")
	out, err := exec.Command("pdftotext", append(args, path, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext %v: %v", args, err)
	}
	return string(out)
}

// pages splits pdftotext output at its form feeds.
func pages(text string) []string {
	p := strings.Split(text, "\f")
	if len(p) > 0 && strings.TrimSpace(p[len(p)-1]) == "" {
		p = p[:len(p)-1]
	}
	return p
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

var langs = []string{"zh", "en"}

// TestPageText reads a few pages as a reader does (pdftotext per page):
// the cover's facts, and every label of the charts the model describes
// on the page that carries the chart's caption. What the charts and
// sentences say is tested on the model (reports/model); this checks that
// the PDF shows it.
func TestPageText(t *testing.T) {
	in := loadFixture(t, "small")
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			tx := catalogs[lang]
			m, err := model.New(model.Input{Design: in.Design, Results: in.Results, Profile: in.Profile, Findings: in.Findings}, i18n.Lang(lang))
			if err != nil {
				t.Fatal(err)
			}
			pp := pages(pdftotext(t, writePDF(t, render(t, in, lang), "pages-"+lang+".pdf")))
			cover := squeeze(pp[0])
			for _, want := range []string{tx.name(in.Design.Title, in.Design.TitleEn), tx.s("report.kind"),
				tx.date(in.Date), in.Design.Code, in.Design.Lab.Accreditation, m.Regions[0].Label} {
				if !strings.Contains(cover, squeeze(want)) {
					t.Errorf("the cover lacks %q", want)
				}
			}
			// pageWith is the page that carries s, or fails.
			pageWith := func(s string) string {
				for _, p := range pp {
					if strings.Contains(squeeze(p), squeeze(s)) {
						return squeeze(p)
					}
				}
				t.Fatalf("no page carries %q", s)
				return ""
			}
			p := m.Printer()
			bars := pageWith(p.Message(m.Bars.Caption))
			var want []string
			for _, b := range m.Bars.Bars {
				want = append(want, b.Label, b.ValueLabel)
			}
			for _, tick := range m.Bars.Axis.Ticks {
				want = append(want, tick.Label)
			}
			for _, e := range m.Bars.Legend {
				want = append(want, e.Label)
			}
			want = append(want, m.Bars.WorseLabel, m.Bars.BetterLabel)
			for _, w := range want {
				if !strings.Contains(bars, squeeze(w)) {
					t.Errorf("the bar chart's page lacks %q", w)
				}
			}
			radar := pageWith(p.Message(m.Radar.Caption))
			for _, a := range m.Radar.Axes {
				if !strings.Contains(radar, squeeze(a.Label)) {
					t.Errorf("the radar's page lacks the axis %q", a.Label)
				}
			}
			for _, s := range m.Radar.Series {
				if !strings.Contains(radar, squeeze(s.Label)) {
					t.Errorf("the radar's legend lacks %q", s.Label)
				}
			}
			// The dot plots may span pages: each title appears with its
			// region names and tick labels.
			for _, plot := range m.Dots.Plots {
				page := pageWith(plot.Title)
				for _, tick := range plot.Axis.Ticks {
					if !strings.Contains(page, squeeze(tick.Label)) {
						t.Errorf("dot plot %s: page lacks tick %q", plot.Indicator, tick.Label)
					}
				}
				for _, col := range plot.Columns {
					if !strings.Contains(page, squeeze(col.Label)) {
						t.Errorf("dot plot %s: page lacks region %q", plot.Indicator, col.Label)
					}
				}
			}
			summary := pageWith(p.Message(m.Summary.Headline))
			if g := m.Summary.Advantages.Groups[0]; len(g.Sentences) == 0 || !strings.Contains(summary, squeeze(p.Message(g.Sentences[0].Message))) {
				t.Errorf("the summary page lacks the first advantage sentence")
			}
		})
	}
}

// TestVerdictWording: a difference that is not significant reads
// 差异不显著 / "no significant difference", never 持平 or "parity" (which
// would tell a reader the two regions are level).
func TestVerdictWording(t *testing.T) {
	in := loadFixture(t, "small")
	for _, c := range []struct{ lang, want, never string }{
		{"zh", "差异不显著", "持平"},
		{"en", "No significant difference", "arity"},
	} {
		pp := pages(pdftotext(t, writePDF(t, render(t, in, c.lang), "verdicts-"+c.lang+".pdf")))
		found := false
		for i, p := range pp {
			found = found || strings.Contains(squeeze(p), squeeze(c.want))
			if strings.Contains(p, c.never) {
				t.Errorf("%s: page %d says %q", c.lang, i+1, c.never)
			}
		}
		if !found {
			t.Errorf("%s: no page says %q", c.lang, c.want)
		}
	}
}

// TestMethodCount: a combined method "GB/T 8313-2018; GB/T 8314-2013"
// counts as the two standards it names, not as a third one.
func TestMethodCount(t *testing.T) {
	in := loadFixture(t, "small")
	d := *in.Design
	d.Indicators = slices.Clone(d.Indicators)
	d.Indicators[3].Method = "GB/T 8313-2018; GB/T 8314-2013" // both already used by other indicators
	in.Design = &d
	for lang, want := range map[string]string{"zh": "共涉及 8 项方法标准", "en": "8 method standards are used in all"} {
		text := squeeze(pdftotext(t, writePDF(t, render(t, in, lang), "methods-"+lang+".pdf")))
		if !strings.Contains(text, squeeze(want)) {
			t.Errorf("%s: the report does not say %q", lang, want)
		}
	}
}

// TestNoHeadingAloneAtFoot: no page ends with a section heading or a
// summary subheading ("与雅安相比") whose content starts on the next page.
func TestNoHeadingAloneAtFoot(t *testing.T) {
	section := regexp.MustCompile(`^([0-9]+|[A-Z])\.[0-9]+\s{2,}\S`)
	for _, c := range []struct {
		name string
		in   Input
	}{{"small", loadFixture(t, "small")}, {"large", syntheticInput(40, 6, 8)}, {"big", syntheticInput(100, 10, 10)}} {
		for _, lang := range langs {
			m, err := model.New(model.Input{Design: c.in.Design, Results: c.in.Results, Profile: c.in.Profile}, i18n.Lang(lang))
			if err != nil {
				t.Fatal(err)
			}
			subheadings := map[string]bool{}
			for _, ps := range []model.ProfileSentences{m.Summary.Advantages, m.Summary.Shortfalls} {
				for _, g := range ps.Groups {
					subheadings[squeeze(m.Printer().Message(g.Heading))] = true
				}
			}
			pp := pages(pdftotext(t, writePDF(t, render(t, c.in, lang), "foot-"+c.name+"-"+lang+".pdf"), "-layout"))
			for i, p := range pp {
				var lines []string
				for _, l := range strings.Split(p, "\n") {
					if l = strings.TrimSpace(l); l != "" {
						lines = append(lines, l)
					}
				}
				if len(lines) < 3 {
					continue
				}
				last := lines[len(lines)-2] // the last line above the page number
				if section.MatchString(last) || subheadings[squeeze(last)] {
					t.Errorf("%s %s: page %d ends with the heading %q", c.name, lang, i+1, last)
				}
			}
		}
	}
}

// TestTableOfContents reads the contents (目录 / Contents) on page 2 and
// checks that every entry's heading is on the page it names, and that
// every chapter and section is listed.
func TestTableOfContents(t *testing.T) {
	entry := regexp.MustCompile(`^(\S.*\S)\s{2,}(\d+)$`)
	for _, c := range []struct {
		name string
		in   Input
	}{{"small", loadFixture(t, "small")}, {"large", syntheticInput(40, 6, 8)}} {
		for _, lang := range langs {
			t.Run(c.name+"-"+lang, func(t *testing.T) {
				path := writePDF(t, render(t, c.in, lang), "toc-"+c.name+"-"+lang+".pdf")
				plain := pages(pdftotext(t, path))
				layout := pages(pdftotext(t, path, "-layout"))
				heading := catalogs[lang].s("report.toc")
				if !strings.Contains(layout[1], heading) {
					t.Fatalf("page 2 is not the contents:\n%s", layout[1])
				}
				// The contents run until the first page without the heading
				// or entries.
				n := 0
				for p := 1; p < len(layout) && n < 200; p++ {
					found := 0
					for _, line := range strings.Split(layout[p], "\n") {
						m := entry.FindStringSubmatch(strings.TrimSpace(line))
						if m == nil || strings.Contains(line, "/") {
							continue
						}
						page, _ := strconv.Atoi(m[2])
						if page < 1 || page > len(plain) {
							t.Errorf("entry %q names page %d of %d", m[1], page, len(plain))
							continue
						}
						if !strings.Contains(squeeze(plain[page-1]), squeeze(m[1])) {
							t.Errorf("entry %q: page %d does not carry it", m[1], page)
						}
						found++
					}
					if found == 0 {
						break
					}
					n += found
				}
				// Every chapter, annex and section is listed: as many entries
				// as the layout recorded headings.
				m, err := model.New(model.Input{Design: c.in.Design, Results: c.in.Results, Profile: c.in.Profile, Findings: c.in.Findings}, i18n.Lang(lang))
				if err != nil {
					t.Fatal(err)
				}
				first := newReport(c.in, catalogs[lang], m)
				if err := first.build(context.Background()); err != nil {
					t.Fatal(err)
				}
				if n != len(first.toc) || n < 20 {
					t.Errorf("the contents list %d entries, the report has %d headings", n, len(first.toc))
				}
			})
		}
	}
}

// TestNoCharacterLost checks that every string of the input that the
// report prints comes out of the PDF whole: fpdf's own wrapping drops a
// character at Chinese line breaks, and a glyph missing from the font
// would vanish too. Whitespace is ignored because wrapping moves it.
func TestNoCharacterLost(t *testing.T) {
	in := loadFixture(t, "small")
	d := in.Design
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			tx := catalogs[lang]
			text := squeeze(pdftotext(t, writePDF(t, render(t, in, lang), "chars-"+lang+".pdf")))
			want := []string{tx.name(d.Title, d.TitleEn), tx.name(d.Product, d.ProductEn),
				tx.name(d.Lab.Name, d.Lab.NameEn), d.Lab.Accreditation}
			if lang == "zh" { // the English report leaves the Chinese description out
				want = append(want, d.Description)
			}
			texts := []benchmark.Text{in.Findings.Authors}
			for _, r := range d.Regions {
				want = append(want, tx.name(r.Name, r.NameEn))
			}
			for _, ind := range d.Indicators {
				want = append(want, tx.name(ind.Name, ind.NameEn), ind.Method)
			}
			for _, s := range d.Samples {
				want = append(want, s.Code, s.Enterprise)
			}
			for _, c := range in.Findings.Causes {
				texts = append(texts, c.Text)
			}
			texts = append(texts, in.Findings.Conclusions...)
			texts = append(texts, in.Findings.Recommendations...)
			for _, tx := range texts {
				if s, ok := tx.In(lang); ok {
					want = append(want, s)
				}
			}
			for _, w := range want {
				if w != "" && !strings.Contains(text, squeeze(w)) {
					t.Errorf("the report lost text: %q", w)
				}
			}
		})
	}
}

// TestSummarySentences checks the plain-words summary against the
// profile's numbers, rounded per docs/method.md §6.
func TestSummarySentences(t *testing.T) {
	in := loadFixture(t, "small")
	var selenium, lead benchmark.ProfileEntry
	for _, e := range in.Profile.Advantages {
		if e.Indicator == "selenium" && e.Reference == benchmark.PooledReference {
			selenium = e
		}
	}
	for _, e := range in.Profile.Shortfalls {
		if e.Indicator == "lead" && e.Reference == "YA" {
			lead = e
		}
	}
	if selenium.Indicator == "" || lead.Indicator == "" {
		t.Fatal("fixture lost the selenium advantage or the lead compliance shortfall")
	}
	sentences := map[string][]string{
		"zh": {
			fmt.Sprintf("巴中绿茶的硒含量显著高于参比产区合并样本（%s）。", model.FormatPercent(selenium.RelDiff)),
			"巴中绿茶的铅合格率低于雅安（合格率 83.3%，参比 100.0%）。",
		},
		"en": {
			fmt.Sprintf("Selenium content of Bazhong green tea is significantly higher than in the pooled reference regions (%s).",
				model.FormatPercent(selenium.RelDiff)),
			"Lead of Bazhong green tea meets its limits less often than in Ya'an (compliance rate 83.3% vs 100.0%).",
		},
	}
	for _, lang := range langs {
		text := squeeze(pdftotext(t, writePDF(t, render(t, in, lang), "summary-"+lang+".pdf")))
		for _, s := range sentences[lang] {
			if !strings.Contains(text, squeeze(s)) {
				t.Errorf("%s: summary lacks %q", lang, s)
			}
		}
	}
}

// TestStructure checks every page for the running header and the page
// number, and the page count for plausibility.
func TestStructure(t *testing.T) {
	cases := []struct {
		name     string
		in       Input
		min, max int
	}{
		{"small", loadFixture(t, "small"), 12, 30},
		{"large", syntheticInput(40, 6, 8), 40, 200},
	}
	for _, c := range cases {
		for _, lang := range langs {
			t.Run(c.name+"-"+lang, func(t *testing.T) {
				tx := catalogs[lang]
				text := pdftotext(t, writePDF(t, render(t, c.in, lang), "structure-"+c.name+"-"+lang+".pdf"))
				pp := pages(text)
				if len(pp) < c.min || len(pp) > c.max {
					t.Fatalf("%d pages, want %d to %d", len(pp), c.min, c.max)
				}
				title := squeeze(tx.name(c.in.Design.Title, c.in.Design.TitleEn))
				for i, p := range pp {
					p = squeeze(p)
					if !strings.Contains(p, title) || !strings.Contains(p, squeeze(tx.s("report.kind"))) {
						t.Errorf("page %d lacks the running header", i+1)
					}
					if number := squeeze(tx.pageOf(i+1, strconv.Itoa(len(pp)))); !strings.Contains(p, number) {
						t.Errorf("page %d lacks %q", i+1, number)
					}
				}
			})
		}
	}
}

// wordBox matches a word of pdftotext -bbox output.
var wordBox = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)

// TestNothingOverflows checks that every word lies inside the page
// margins, in a report with long names and many regions.
func TestNothingOverflows(t *testing.T) {
	const mmToPt = 72 / 25.4
	const slack = 0.5 // points: glyph side bearings
	left, right := marginLeft*mmToPt-slack, (pageWidth-marginRight)*mmToPt+slack
	big := syntheticInput(30, 10, 6)
	big.Design.Regions[3].NameEn = "Guangyuan Chaotian District Mountain Tea Area"
	big.Design.Indicators[2].NameEn = "Tea polyphenols by the Folin–Ciocalteu method, expressed as gallic acid"
	big.Design.Indicators[2].Method = "GB/T 8313-2018 第一法（福林酚比色法）及补充检验方法"
	for _, c := range []struct {
		name string
		in   Input
	}{{"small", loadFixture(t, "small")}, {"wide", big}} {
		for _, lang := range langs {
			t.Run(c.name+"-"+lang, func(t *testing.T) {
				out := pdftotext(t, writePDF(t, render(t, c.in, lang), "bbox-"+c.name+"-"+lang+".pdf"), "-bbox")
				words := wordBox.FindAllStringSubmatch(out, -1)
				if len(words) == 0 {
					t.Fatal("pdftotext -bbox found no words")
				}
				for _, w := range words {
					xMin, _ := strconv.ParseFloat(w[1], 64)
					xMax, _ := strconv.ParseFloat(w[3], 64)
					if xMin < left || xMax > right {
						t.Errorf("word %q spans x %.1f–%.1f pt, outside the margins %.1f–%.1f", w[5], xMin, xMax, left, right)
					}
				}
			})
		}
	}
}

// TestPagesNotBlank renders every page to an image and checks that the
// body (between running header and footer) has ink.
func TestPagesNotBlank(t *testing.T) {
	requireTool(t, "pdftoppm")
	in := loadFixture(t, "small")
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			path := writePDF(t, render(t, in, lang), "pages-"+lang+".pdf")
			prefix := filepath.Join(t.TempDir(), "page")
			if out, err := exec.Command("pdftoppm", "-r", "40", "-png", path, prefix).CombinedOutput(); err != nil {
				t.Fatalf("pdftoppm: %v\n%s", err, out)
			}
			files, _ := filepath.Glob(prefix + "*.png")
			if len(files) == 0 {
				t.Fatal("pdftoppm wrote no pages")
			}
			for _, f := range files {
				if ink := bodyInk(t, f); ink < 0.005 {
					t.Errorf("%s looks blank: %.2f%% of its body is ink", filepath.Base(f), 100*ink)
				}
			}
		})
	}
}

// bodyInk is the share of non-white pixels between the running header and
// the footer.
func bodyInk(t *testing.T, file string) float64 {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	top := b.Min.Y + int(float64(b.Dy())*marginTop/pageHeight)
	bottom := b.Min.Y + int(float64(b.Dy())*bodyBottom/pageHeight)
	ink, total := 0, 0
	for y := top; y < bottom; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xE000 || g < 0xE000 || bl < 0xE000 {
				ink++
			}
			total++
		}
	}
	return float64(ink) / float64(total)
}

// TestEmojiAndRareCharacters: runes above U+FFFF make fpdf's Output
// panic; the report replaces them.
func TestEmojiAndRareCharacters(t *testing.T) {
	in := loadFixture(t, "small")
	findings := *in.Findings
	findings.Conclusions = append([]benchmark.Text{{ZH: "巴中绿茶品质优良👍🍵，值得推广𠀀。", EN: "巴中绿茶品质优良👍🍵，值得推广𠀀。"}}, findings.Conclusions...)
	findings.Recommendations = append([]benchmark.Text{benchmark.PlainText("Tab\tand control\x07 characters, and 😀 at the end 😀")}, findings.Recommendations...)
	in.Findings = &findings
	for _, lang := range langs {
		text := squeeze(pdftotext(t, writePDF(t, render(t, in, lang), "emoji-"+lang+".pdf")))
		if !strings.Contains(text, "巴中绿茶品质优良\uFFFD\uFFFD，值得推广\uFFFD。") {
			t.Errorf("%s: emoji not replaced by U+FFFD as expected", lang)
		}
	}
}

func TestNoFindingsYet(t *testing.T) {
	in := loadFixture(t, "small")
	in.Findings = nil
	for _, lang := range langs {
		text := squeeze(pdftotext(t, writePDF(t, render(t, in, lang), "nofindings-"+lang+".pdf")))
		if !strings.Contains(text, squeeze(catalogs[lang].s("report.findings.none"))) {
			t.Errorf("%s: no sentence saying the findings are not in yet", lang)
		}
	}
}

func TestDeterministicBytes(t *testing.T) {
	in := loadFixture(t, "small")
	for _, lang := range langs {
		if !bytes.Equal(render(t, in, lang), render(t, in, lang)) {
			t.Errorf("%s: two renderings of the same input differ", lang)
		}
	}
}

// TestConcurrentRendering renders 8 documents at once (run it under
// -race): documents share the font bytes and nothing else.
func TestConcurrentRendering(t *testing.T) {
	in := loadFixture(t, "small")
	want := map[string][32]byte{}
	for _, lang := range langs {
		want[lang] = sha256.Sum256(render(t, in, lang))
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		lang := langs[i%len(langs)]
		wg.Go(func() {
			var buf bytes.Buffer
			if err := Render(&buf, in, lang); err != nil {
				errs <- err
				return
			}
			if sha256.Sum256(buf.Bytes()) != want[lang] {
				errs <- fmt.Errorf("%s: concurrent rendering gave different bytes", lang)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestRenderRefusesBadInput(t *testing.T) {
	good := loadFixture(t, "small")
	var buf bytes.Buffer
	if err := Render(&buf, good, "fr"); err == nil || !strings.Contains(err.Error(), `"fr"`) {
		t.Errorf("unknown language: err = %v", err)
	}
	noProfile := good
	noProfile.Profile = nil
	if err := Render(&buf, noProfile, "zh"); err == nil {
		t.Error("no profile: want an error")
	}
	foreign := good
	profile := *good.Profile
	profile.Indicators = append([]benchmark.IndicatorProfile{{Code: "not_in_design"}}, profile.Indicators...)
	foreign.Profile = &profile
	if err := Render(&buf, foreign, "zh"); err == nil || !strings.Contains(err.Error(), "not_in_design") {
		t.Errorf("profile of another design: err = %v", err)
	}
	if buf.Len() != 0 {
		t.Errorf("failed renders wrote %d bytes", buf.Len())
	}
}

func TestCheckFont(t *testing.T) {
	if err := CheckFont(); err != nil {
		t.Fatal(err)
	}
	if err := checkFont([]byte("not a font at all")); err == nil {
		t.Error("checkFont accepted garbage")
	}
	if err := checkFont(fontBytes[:4096]); err == nil {
		t.Error("checkFont accepted a truncated font")
	}
}

// TestCatalogGlyphs checks that the font has a glyph for every character
// of the report's catalogue keys: a missing glyph prints as nothing.
func TestCatalogGlyphs(t *testing.T) {
	covered := fontCoverage(t, fontBytes)
	if covered['ₐ'] || !covered['巴'] || !covered['—'] {
		t.Fatal("fontCoverage does not read the font's cmap correctly")
	}
	for _, lang := range i18n.Langs {
		var all []string
		for _, key := range i18n.Keys(lang) {
			if strings.HasPrefix(key, "report.") {
				all = append(all, i18n.For(lang).Sprintf(key))
			}
		}
		if len(all) < 150 {
			t.Fatalf("%s: only %d report keys in the catalogue", lang, len(all))
		}
		for _, s := range all {
			for _, c := range s {
				if !unicode.IsSpace(c) && !covered[c] {
					t.Errorf("%s: the font has no glyph for %q (in %q)", lang, c, s)
				}
			}
		}
	}
}

// fontCoverage reads the runes a TrueType font maps to glyphs, from its
// (3, 1) format 4 cmap subtable: fpdf measures a missing glyph with a
// default width, so it cannot tell.
func fontCoverage(t *testing.T, font []byte) map[rune]bool {
	t.Helper()
	u16 := func(b []byte) int { return int(binary.BigEndian.Uint16(b)) }
	u32 := func(b []byte) int { return int(binary.BigEndian.Uint32(b)) }
	var cmap []byte
	for i := range u16(font[4:]) {
		rec := font[12+16*i:]
		if string(rec[:4]) == "cmap" {
			cmap = font[u32(rec[8:]) : u32(rec[8:])+u32(rec[12:])]
		}
	}
	for i := range u16(cmap[2:]) {
		rec := cmap[4+8*i:]
		sub := cmap[u32(rec[4:]):]
		if u16(rec) != 3 || u16(rec[2:]) != 1 || u16(sub) != 4 {
			continue
		}
		segs := u16(sub[6:]) / 2
		ends, starts := sub[14:], sub[16+2*segs:]
		deltas, offsets := sub[16+4*segs:], sub[16+6*segs:]
		covered := map[rune]bool{}
		for s := range segs {
			start, end := u16(starts[2*s:]), u16(ends[2*s:])
			for c := start; c <= end && c != 0xFFFF; c++ {
				glyph := (c + u16(deltas[2*s:])) & 0xFFFF
				if ro := u16(offsets[2*s:]); ro != 0 {
					glyph = u16(offsets[2*s+ro+2*(c-start):])
					if glyph != 0 {
						glyph = (glyph + u16(deltas[2*s:])) & 0xFFFF
					}
				}
				covered[rune(c)] = glyph != 0
			}
		}
		return covered
	}
	t.Fatal("font has no (3, 1) format 4 cmap")
	return nil
}

func TestDateFromData(t *testing.T) {
	d := &benchmark.Design{Samples: []benchmark.Sample{{CollectedOn: "2016-04-12"}, {CollectedOn: "2016-04-22"}, {CollectedOn: "bad"}}}
	results := []benchmark.Result{{TestedOn: "2016-05-03"}, {TestedOn: "2016-05-20"}, {TestedOn: ""}}
	cases := []struct {
		name    string
		d       *benchmark.Design
		results []benchmark.Result
		want    time.Time
	}{
		{"latest test", d, results, time.Date(2016, 5, 20, 0, 0, 0, 0, time.UTC)},
		{"collection dates are not report dates", d, nil, time.Time{}},
		{"no valid test date", d, []benchmark.Result{{TestedOn: "20.5.2016"}}, time.Time{}},
		{"no design", nil, nil, time.Time{}},
	}
	for _, c := range cases {
		if got := DateFromData(c.d, c.results); !got.Equal(c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

// TestNoInventedDate: a study whose results carry no test date gets no
// date on its cover — never 2000年1月1日 — and still the same bytes every
// time (the PDF metadata must not take the clock either).
func TestNoInventedDate(t *testing.T) {
	in := loadFixture(t, "small")
	results := slices.Clone(in.Results)
	for i := range results {
		results[i].TestedOn = ""
	}
	in.Results, in.Date = results, time.Time{}
	for lang, label := range map[string]string{"zh": "报告日期", "en": "Report date"} {
		pdf := render(t, in, lang)
		cover := pages(pdftotext(t, writePDF(t, pdf, "nodate-"+lang+".pdf")))[0]
		for _, never := range []string{label, "2000"} {
			if strings.Contains(cover, never) {
				t.Errorf("%s: the cover of an undated study says %q", lang, never)
			}
		}
		if !bytes.Equal(pdf, render(t, in, lang)) {
			t.Errorf("%s: an undated report is not reproducible", lang)
		}
	}
	// With test dates, the cover gives the latest.
	in = loadFixture(t, "small")
	cover := squeeze(pages(pdftotext(t, writePDF(t, render(t, in, "zh"), "dated-zh.pdf")))[0])
	if want := "报告日期" + catalogs["zh"].date(DateFromData(in.Design, in.Results)); !strings.Contains(cover, squeeze(want)) {
		t.Errorf("the cover lacks %q", want)
	}
}

// TestZeroDateUsesData: a zero Input.Date must not fall back to the clock.
func TestZeroDateUsesData(t *testing.T) {
	in := loadFixture(t, "small")
	withDate := render(t, in, "zh")
	in.Date = time.Time{}
	if !bytes.Equal(withDate, render(t, in, "zh")) {
		t.Error("a zero Date should give the same report as DateFromData")
	}
}

// measuringDocument is an empty document with the report font set.
func measuringDocument() *fpdf.Fpdf {
	pdf := fpdf.New("P", "mm", "A4", "")
	addFont(pdf)
	pdf.SetFont(fontFamily, "", sizeBody)
	return pdf
}

func BenchmarkRenderDemoSized(b *testing.B) {
	benchmarkRender(b, syntheticInput(20, 3, 30))
}

func BenchmarkRender100x10(b *testing.B) {
	benchmarkRender(b, syntheticInput(100, 10, 10))
}

func benchmarkRender(b *testing.B, in Input) {
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := Render(&buf, in, "zh"); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1024, "KiB/doc")
}

// BenchmarkFontParse is the per-document cost of registering the font,
// which fpdf cannot share between documents.
func BenchmarkFontParse(b *testing.B) {
	for b.Loop() {
		if pdf := measuringDocument(); pdf.Err() {
			b.Fatal(pdf.Error())
		}
	}
}
