package reports

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"codeberg.org/go-pdf/fpdf"
)

// fontBytes is WenQuanYi Micro Hei (face 0 of Debian's wqy-microhei.ttc,
// extracted by fonts/extract_font.py; licence in fonts/LICENSE). It covers
// CJK, Latin, digits and the punctuation the report uses. It has no bold
// face: the report emphasises with size and colour.
//
// The bytes are shared by all documents; fpdf only reads them (each
// document parses its own copy of the tables, and subsetting copies before
// it splices), which the concurrent -race test checks.
//
//go:embed fonts/wqy-microhei.ttf
var fontBytes []byte

// fontFamily is the name the font is registered under in every document.
const fontFamily = "wqy"

// checkFontOnce parses the embedded font a single time per process.
var checkFontOnce = sync.OnceValue(func() error { return checkFont(fontBytes) })

// CheckFont reports whether the embedded font can be used. A server should
// call it at start-up to fail fast; Render calls it too (the check runs
// once per process) and returns its error.
func CheckFont() error { return checkFontOnce() }

// checkFont proves that fpdf can parse font and measure Chinese and Latin
// text with it. The explicit checks are needed because fpdf only prints a
// parse error to stdout and reports nothing until a later "undefined font",
// and it reads a truncated file without complaint (or panics).
func checkFont(font []byte) (err error) {
	if err := checkTrueTypeTables(font); err != nil {
		return fmt.Errorf("reports: embedded font is unusable: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("reports: embedded font cannot be parsed: %v", p)
		}
	}()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(fontFamily, "", font)
	pdf.SetFont(fontFamily, "", 10)
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("reports: embedded font cannot be used: %w", err)
	}
	for _, probe := range []string{"质量比对", "Quality 0.05"} {
		if pdf.GetStringWidth(probe) <= 0 {
			return fmt.Errorf("reports: embedded font has no glyphs for %q", probe)
		}
	}
	return nil
}

// checkTrueTypeTables checks the TrueType table directory: the tables
// fpdf needs are present and lie inside the file.
func checkTrueTypeTables(font []byte) error {
	const trueTypeMagic = 0x00010000
	if len(font) < 12 || binary.BigEndian.Uint32(font) != trueTypeMagic {
		return errors.New("not a TrueType font")
	}
	numTables := int(binary.BigEndian.Uint16(font[4:]))
	if len(font) < 12+16*numTables {
		return errors.New("table directory is truncated")
	}
	found := map[string]bool{}
	for i := range numTables {
		rec := font[12+16*i:]
		tag := string(rec[:4])
		offset, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(offset)+uint64(length) > uint64(len(font)) {
			return fmt.Errorf("table %q lies beyond the end of the file", tag)
		}
		found[tag] = true
	}
	for _, tag := range []string{"cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post"} {
		if !found[tag] {
			return fmt.Errorf("table %q is missing", tag)
		}
	}
	return nil
}

// addFont registers the embedded font with a new document. fpdf cannot
// share a parsed font between documents, so each document parses the
// bytes again (about 13 ms; see BenchmarkFontParse).
func addFont(pdf *fpdf.Fpdf) {
	pdf.AddUTF8FontFromBytes(fontFamily, "", fontBytes)
}
