package textcheck

import (
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/qbench/qbench/internal/i18n"
)

func TestLineAndText(t *testing.T) {
	for _, tc := range []struct {
		in         string
		line, text string // English wording, "" when accepted
	}{
		{"巴中绿茶 <b> & \"x\"", "", ""},
		{"", "", ""},
		{"a\tb", "contains the control character U+0009 at character 2", ""},
		{"a\nb", "contains the control character U+000A at character 2", ""},
		{"a\r\nb", "contains the control character U+000D at character 2", "contains the control character U+000D at character 2"},
		{"茶\x00", "contains the control character U+0000 at character 2", "contains the control character U+0000 at character 2"},
		{"x\u007f", "contains the control character U+007F at character 2", "contains the control character U+007F at character 2"},
		{"x\u0085", "contains the control character U+0085 at character 2", "contains the control character U+0085 at character 2"},
		{"ab\xff", "is not valid UTF-8 (byte 3)", "is not valid UTF-8 (byte 3)"},
		{"\xe8\x8c", "is not valid UTF-8 (byte 1)", "is not valid UTF-8 (byte 1)"},
	} {
		for _, c := range []struct {
			name string
			fn   func(string) *Error
			want string
		}{{"Line", Line, tc.line}, {"Text", Text, tc.text}} {
			got := ""
			if err := c.fn(tc.in); err != nil {
				got = err.Error()
				if zh := i18n.For(i18n.ZH).Message(err.Msg); zh == "" || zh == got {
					t.Errorf("%s(%q): no Chinese wording (%q)", c.name, tc.in, zh)
				}
			}
			if got != c.want {
				t.Errorf("%s(%q) = %q, want %q", c.name, tc.in, got, c.want)
			}
		}
	}
}

// FuzzText checks that accepted text is valid UTF-8 without control
// characters other than tab and newline, and that Line is stricter.
func FuzzText(f *testing.F) {
	for _, s := range []string{"ok", "a\x00b", "\xff", "a\tb\nc", "\u2028", "\u0085"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text, line := Text(s), Line(s)
		if text == nil {
			if !utf8.ValidString(s) {
				t.Fatalf("Text accepted invalid UTF-8 %q", s)
			}
			for _, r := range s {
				if unicode.IsControl(r) && r != '\t' && r != '\n' {
					t.Fatalf("Text accepted %q with %U", s, r)
				}
			}
		}
		if line == nil && text != nil {
			t.Fatalf("Line accepted %q that Text refused", s)
		}
	})
}
