package reports

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text preparation. fpdf's own MultiCell and SplitText drop a character
// where they break a line at a Chinese character, so the report wraps all
// text itself (wrapText) and draws one line per Cell.

// clean makes s safe to hand to fpdf: runes above U+FFFF (emoji, CJK
// Extension B) make Output panic, so they become U+FFFD; tabs and other
// control characters become spaces. Newlines are kept for wrapText.
func clean(s string) string {
	if strings.IndexFunc(s, needsCleaning) < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\r':
			// dropped: "\r\n" is one line break
		case r > 0xFFFF || r == utf8.RuneError:
			b.WriteRune(unicode.ReplacementChar)
		case unicode.IsControl(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func needsCleaning(r rune) bool {
	return r > 0xFFFF || r == utf8.RuneError || (unicode.IsControl(r) && r != '\n')
}

// oneLine is clean for places that hold a single line (table cells,
// labels): line breaks become spaces.
func oneLine(s string) string {
	return strings.ReplaceAll(clean(s), "\n", " ")
}

// Punctuation that must not start a line (closing) or end one (opening),
// following the Chinese line-breaking rules (禁则) and their Latin
// counterparts.
const (
	closingPunct = "，。、；：！？）》」』】〕〉〗”’％‰…·,.;:!?)]}%"
	openingPunct = "（《「『【〔〈〖“‘([{"
)

// noBreakSpace joins words that must stay on one line ("q < 0.001").
const noBreakSpace = '\u00A0'

func isClosing(r rune) bool { return strings.ContainsRune(closingPunct, r) }
func isOpening(r rune) bool { return strings.ContainsRune(openingPunct, r) }

// isCJK reports whether a line may break on either side of r: Chinese,
// Japanese and Korean characters and full-width forms carry no spaces
// between words.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || // CJK symbols and punctuation
		(r >= 0xFF00 && r <= 0xFFEF) || // full-width forms
		r == unicode.ReplacementChar
}

// segment is a piece of text that is never broken across lines unless it
// is wider than a whole line: a Latin word, or a CJK character with the
// punctuation glued to it.
type segment struct {
	text string
	// spaceBefore is true when a space separates the segment from the
	// previous one; the space is dropped where the line breaks.
	spaceBefore bool
}

// splitSegments cuts one paragraph (no newlines) at its break
// opportunities: at spaces, and on either side of a CJK character, but
// never before closing or after opening punctuation.
func splitSegments(s string) []segment {
	var segs []segment
	var cur strings.Builder
	curSpace, pendingSpace := false, false
	var prev rune
	flush := func() {
		if cur.Len() > 0 {
			segs = append(segs, segment{text: cur.String(), spaceBefore: curSpace})
			cur.Reset()
		}
	}
	for _, r := range s {
		if unicode.IsSpace(r) && r != noBreakSpace {
			flush()
			pendingSpace = len(segs) > 0
			continue
		}
		if cur.Len() == 0 && isClosing(r) && len(segs) > 0 {
			// Closing punctuation after a space: glue it back to the
			// previous segment so that it cannot start a line.
			last := segs[len(segs)-1]
			segs = segs[:len(segs)-1]
			curSpace = last.spaceBefore
			cur.WriteString(last.text)
			if pendingSpace {
				cur.WriteByte(' ')
			}
			pendingSpace = false
		} else if cur.Len() > 0 && breakAllowed(prev, r) {
			flush()
		}
		if cur.Len() == 0 {
			curSpace, pendingSpace = pendingSpace, false
		}
		cur.WriteRune(r)
		prev = r
	}
	flush()
	return segs
}

// breakAllowed reports whether a line may break between two adjacent
// non-space runes.
func breakAllowed(prev, next rune) bool {
	switch {
	case isClosing(next), isOpening(prev), prev == noBreakSpace, next == noBreakSpace:
		return false
	case isCJK(prev), isCJK(next):
		return true
	default: // inside a Latin word or number
		return false
	}
}

// measurer gives the width of a string in the current font.
type measurer func(string) float64

// wrapText breaks s into lines no wider than width. Newlines in s start a
// new line. Breaks fall at spaces (which are dropped) and next to CJK
// characters; closing punctuation never starts a line. A segment wider
// than a whole line (a long code, a URL) is split between characters.
func wrapText(s string, width float64, measure measurer) []string {
	s = clean(s)
	var lines []string
	for para := range strings.SplitSeq(s, "\n") {
		lines = append(lines, wrapParagraph(para, width, measure)...)
	}
	return lines
}

// widthSlack absorbs floating-point noise in width comparisons.
const widthSlack = 1e-6

func wrapParagraph(para string, width float64, measure measurer) []string {
	if measure(para) <= width+widthSlack {
		return []string{para}
	}
	segs := splitSegments(para)
	if len(segs) == 0 {
		return []string{""}
	}
	spaceWidth := measure(" ")
	var lines []string
	var line strings.Builder
	lineWidth := 0.0
	endLine := func() {
		lines = append(lines, line.String())
		line.Reset()
		lineWidth = 0
	}
	for _, seg := range segs {
		w := measure(seg.text)
		gap := 0.0
		if seg.spaceBefore && line.Len() > 0 {
			gap = spaceWidth
		}
		if lineWidth+gap+w <= width+widthSlack {
			if gap > 0 {
				line.WriteByte(' ')
			}
			line.WriteString(seg.text)
			lineWidth += gap + w
			continue
		}
		if line.Len() > 0 {
			endLine()
		}
		if w <= width+widthSlack {
			line.WriteString(seg.text)
			lineWidth = w
			continue
		}
		pieces := splitToWidth(seg.text, width, measure)
		for _, p := range pieces[:len(pieces)-1] {
			lines = append(lines, p)
		}
		last := pieces[len(pieces)-1]
		line.WriteString(last)
		lineWidth = measure(last)
	}
	if line.Len() > 0 || len(lines) == 0 {
		endLine()
	}
	return lines
}

// splitToWidth splits one unbreakable segment between runes into pieces
// no wider than width (at least one rune each), keeping closing
// punctuation off the start of a piece where it can.
func splitToWidth(s string, width float64, measure measurer) []string {
	var pieces []string
	runes := []rune(s)
	for len(runes) > 0 {
		n := 1
		for n < len(runes) && measure(string(runes[:n+1])) <= width+widthSlack {
			n++
		}
		for n > 1 && n < len(runes) && isClosing(runes[n]) {
			n--
		}
		pieces = append(pieces, string(runes[:n]))
		runes = runes[n:]
	}
	return pieces
}
