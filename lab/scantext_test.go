package lab

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// scanTextReference is what scanText must say, the slow way: UTF-8 by
// utf8.Valid, control characters by controlIn.
func scanTextReference(b []byte) (valid, noControls bool) {
	if !utf8.Valid(b) {
		return false, false
	}
	_, found := controlIn(string(b), false)
	return true, !found
}

func TestScanText(t *testing.T) {
	for _, s := range []string{
		"", "a", "R01-00001,ind0001,39.7,%,GB/T 5001-2016,SYNLAB,,1,2016-06-01,王芳",
		"tab\there is text", "nul\x00", "esc\x1b[31m", "del\x7f", "c1\u0085", "c1 last \u009f",
		"\u00a0 is not a control", "bad \xff byte", "truncated \xe7\x8e", "~~~~~~~~\x7f",
		"12345678\x01", "1234567\x80", "overlong \xc0\xaf", "surrogate \xed\xa0\x80",
		"full-width ４１．２ 未检出", "\r", "\n",
	} {
		gotValid, gotClean := scanText([]byte(s))
		wantValid, wantClean := scanTextReference([]byte(s))
		if gotValid != wantValid || gotClean != wantClean {
			t.Errorf("scanText(%q) = %v, %v; want %v, %v", s, gotValid, gotClean, wantValid, wantClean)
		}
	}
	// Every byte at every position of a word, in ASCII surroundings.
	for pos := range 17 {
		for c := range 256 {
			b := []byte("abcdefghijklmnopq")
			b[pos] = byte(c)
			gotValid, gotClean := scanText(b)
			wantValid, wantClean := scanTextReference(b)
			if gotValid != wantValid || gotClean != wantClean {
				t.Fatalf("scanText(%q) = %v, %v; want %v, %v", b, gotValid, gotClean, wantValid, wantClean)
			}
		}
	}
}

func FuzzScanText(f *testing.F) {
	f.Add([]byte("R01-00001,ind0001,<1.6,%,GB/T 5001-2016,SYNLAB,1.6,2,2016-06-01,张伟"))
	f.Add([]byte("x\x00\u0085\xff"))
	r := rand.New(rand.NewPCG(1, 2))
	for range 8 {
		b := make([]byte, 24)
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		gotValid, gotClean := scanText(b)
		wantValid, wantClean := scanTextReference(b)
		if gotValid != wantValid || gotClean != wantClean {
			t.Fatalf("scanText(%q) = %v, %v; want %v, %v", b, gotValid, gotClean, wantValid, wantClean)
		}
	})
}
