package reports

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	cases := map[string]string{
		"巴中绿茶":             "巴中绿茶",
		"好茶👍":              "好茶\uFFFD",
		"𠀀字":               "\uFFFD字",
		"a\tb\x07c":        "a b c",
		"line\r\nnext":     "line\nnext",
		"bad \xff utf-8":   "bad \uFFFD utf-8",
		"":                 "",
		"closing，then。end": "closing，then。end",
	}
	for in, want := range cases {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

// widthPerRune measures like a monospaced font, which makes expected
// breaks easy to state.
func widthPerRune(s string) float64 { return float64(utf8.RuneCountInString(s)) }

func TestWrapTextBreaks(t *testing.T) {
	cases := []struct {
		text  string
		width float64
		want  []string
	}{
		// CJK breaks anywhere, but a closing mark never starts a line: the
		// character before it moves down with it.
		{"巴中绿茶显著优于，参比", 4, []string{"巴中绿茶", "显著优", "于，参比"}},
		{"硒含量（+45.2%，q < 0.001）。", 8, []string{"硒含量", "（+45.2%，", "q <", "0.001）。"}},
		// Non-breaking spaces hold "q < 0.001" together.
		{"硒含量（+45.2%，q\u00a0<\u00a00.001）。", 8, []string{"硒含量", "（+45.2%，", "q\u00a0<\u00a00.00", "1）。"}},
		// English breaks at spaces, which are dropped at the break.
		{"Selenium of Bazhong green tea", 12, []string{"Selenium of", "Bazhong", "green tea"}},
		// A word longer than a line is split between characters.
		{"ABCDEFGHIJ", 4, []string{"ABCD", "EFGH", "IJ"}},
		{"第一段\n第二段", 10, []string{"第一段", "第二段"}},
		{"", 10, []string{""}},
		// Mixed text: a break is allowed between CJK and Latin.
		{"采用GB/T 8305方法", 6, []string{"采用GB/T", "8305方法"}},
	}
	for _, c := range cases {
		got := wrapText(c.text, c.width, widthPerRune)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("wrapText(%q, %v) = %q, want %q", c.text, c.width, got, c.want)
		}
	}
}

// TestWrapTextLosesNothing checks the invariants on real measurements:
// no line too wide, no closing mark at a line start, and no character
// lost or added apart from spaces at breaks.
func TestWrapTextLosesNothing(t *testing.T) {
	pdf := measuringDocument()
	texts := []string{
		"巴中地处秦巴山区富硒地带，茶园土壤硒含量较高，茶树对硒的富集能力强，因此巴中绿茶的硒含量明显高于参比产区。",
		"制定《巴中富硒绿茶》团体标准，明确硒含量范围和检测方法（GB 5009.93），规范“富硒”标识的使用。",
		"Bazhong tea gardens lie at 800–1,200 m with frequent fog, which slows the breakdown of amino acids; early-spring picking adds to the effect.",
		"巴中绿茶的硒显著高于参比产区合并样本（+103.0%，q = 0.00291），且合格率较低（合格样品 5/6 对 12/12）。",
		"https://example.org/a/very/long/address/that/cannot/break/at/any/space/at/all/and/goes/on",
	}
	for _, width := range []float64{20, 35, 60, 170} {
		for _, text := range texts {
			lines := wrapText(text, width, pdf.GetStringWidth)
			for i, line := range lines {
				if w := pdf.GetStringWidth(line); w > width+widthSlack {
					t.Errorf("width %v: line %q is %.2f wide", width, line, w)
				}
				if r, _ := utf8.DecodeRuneInString(line); i > 0 && isClosing(r) {
					t.Errorf("width %v: line %q starts with closing punctuation", width, line)
				}
			}
			if got, want := squeeze(strings.Join(lines, "")), squeeze(text); got != want {
				t.Errorf("width %v: wrapping changed the text:\n got %q\nwant %q", width, got, want)
			}
		}
	}
}
