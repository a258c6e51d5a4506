package lab

import (
	"bytes"
	"errors"
	"mime"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Format is the file format of a results file.
type Format string

// The formats of a results file.
const (
	CSV  Format = "csv"
	JSON Format = "json"
	XLSX Format = "xlsx"
)

const (
	mediaCSV  = "text/csv"
	mediaJSON = "application/json"
	mediaXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// ContentType is the media type of the format, as served and as accepted
// for uploads; it is empty for an unknown format.
func (f Format) ContentType() string {
	switch f {
	case CSV:
		return mediaCSV + "; charset=utf-8"
	case JSON:
		return mediaJSON
	case XLSX:
		return mediaXLSX
	}
	return ""
}

// ErrUnknownFormat is returned by DetectFormat when nothing tells the format.
var ErrUnknownFormat = errors.New("lab: unrecognised results file: upload CSV (UTF-8), JSON or XLSX")

// ErrXLS is returned by DetectFormat for a workbook in the Excel 97-2003
// format, which users often upload by mistake.
var ErrXLS = errors.New("lab: XLS workbooks (Excel 97-2003) are not supported: save the file as XLSX or as CSV UTF-8")

var (
	zipMagic = []byte("PK\x03\x04")
	// oleMagic starts the compound files of Excel 97-2003 workbooks.
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	utf8BOM  = []byte{0xEF, 0xBB, 0xBF}
)

// DetectFormat tells the format of an uploaded results file from its
// declared content type, its file name and its first bytes (a few hundred
// are plenty; any may be empty).
//
// A binary signature in firstBytes decides first, because it cannot be
// wrong: an XLSX workbook is a ZIP file whatever its label says. Then a
// specific content type (text/csv, application/json, the XLSX type), then
// the file name's extension, then the text itself ('{' or '[' starts JSON,
// other text is CSV). Generic content types that clients send for any file
// (application/octet-stream, text/plain, and application/vnd.ms-excel, which
// Windows browsers declare for .csv files) are passed over.
func DetectFormat(contentType, filename string, firstBytes []byte) (Format, error) {
	switch {
	case bytes.HasPrefix(firstBytes, zipMagic):
		return XLSX, nil
	case bytes.HasPrefix(firstBytes, oleMagic):
		return "", ErrXLS
	}
	if f, ok := formatOfMediaType(contentType); ok {
		return f, nil
	}
	switch strings.ToLower(filepath.Ext(filename)) {
	case ".csv":
		return CSV, nil
	case ".json":
		return JSON, nil
	case ".xlsx":
		return XLSX, nil
	case ".xls":
		return "", ErrXLS
	}
	text := bytes.TrimLeft(bytes.TrimPrefix(firstBytes, utf8BOM), " \t\r\n")
	switch {
	case len(text) == 0:
		return "", ErrUnknownFormat
	case text[0] == '{' || text[0] == '[':
		return JSON, nil
	case looksLikeText(text):
		return CSV, nil
	}
	return "", ErrUnknownFormat
}

func formatOfMediaType(contentType string) (Format, bool) {
	media, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "", false
	}
	switch {
	case media == mediaCSV || media == "application/csv" || media == "text/comma-separated-values":
		return CSV, true
	case media == mediaJSON || media == "text/json" || strings.HasSuffix(media, "+json"):
		return JSON, true
	case media == mediaXLSX:
		return XLSX, true
	}
	return "", false
}

// looksLikeText reports whether b is UTF-8 text without NUL bytes. The last
// character may be cut off, since b is only the start of a file.
func looksLikeText(b []byte) bool {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			return !utf8.FullRune(b)
		}
		if r == 0 {
			return false
		}
		b = b[size:]
	}
	return true
}
