// Package textcheck is the one rule for text that qbench stores: valid
// UTF-8 without NUL or other control characters (tab and newline are
// allowed where the text may span lines). Every stored string passes
// through it at the edge, so that SQLite and PostgreSQL hold the same
// text — PostgreSQL refuses NUL and invalid UTF-8 outright, SQLite would
// store them — and a record never hides characters a reader cannot see.
package textcheck

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/qbench/qbench/internal/i18n"
)

// Error says why a text is refused, as a catalogue message; Error() is its
// English wording.
type Error struct {
	Msg i18n.Message
}

func (e *Error) Error() string { return i18n.For(i18n.EN).Message(e.Msg) }

// Line checks single-line text (names, codes, reasons, keys): no control
// character at all.
func Line(s string) *Error { return check(s, false) }

// Text checks text that may span lines (descriptions, findings): tab and
// newline are allowed, other control characters are not.
func Text(s string) *Error { return check(s, true) }

func check(s string, multiline bool) *Error {
	if !utf8.ValidString(s) {
		i := 0
		for i < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			i += size
		}
		return &Error{Msg: i18n.M("records.text.invalid_utf8", i+1)}
	}
	n := 0
	for _, r := range s {
		n++
		if !unicode.IsControl(r) || (multiline && (r == '\t' || r == '\n')) {
			continue
		}
		return &Error{Msg: i18n.M("records.text.control", fmt.Sprintf("U+%04X", r), n)}
	}
	return nil
}

// Trim returns s without leading and trailing white space: reasons and
// names are compared and stored trimmed, so that "   " counts as empty.
func Trim(s string) string { return strings.TrimSpace(s) }
