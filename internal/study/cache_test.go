package study

import (
	"bytes"
	"testing"
)

func TestProfileCacheIsBoundedInBytesLRU(t *testing.T) {
	pc := newProfileCache(250)
	body := func(b byte) []byte { return bytes.Repeat([]byte{b}, 100) }
	pc.put("A", 1, body('a'))
	pc.put("B", 1, body('b'))
	if _, ok := pc.get("A", 1); !ok { // A is now the most recently used
		t.Fatal("A not cached")
	}
	pc.put("C", 1, body('c')) // 300 bytes > 250: B, the least recently used, goes
	if _, ok := pc.get("B", 1); ok {
		t.Error("B kept past the bound")
	}
	for _, code := range []string{"A", "C"} {
		if got, ok := pc.get(code, 1); !ok || got[0] != code[0]+32 {
			t.Errorf("%s: %q %v", code, got, ok)
		}
	}
	if got := pc.bytes(); got != 200 {
		t.Errorf("cache holds %d bytes, want 200", got)
	}
	// Never stale: another revision is a miss.
	if _, ok := pc.get("A", 2); ok {
		t.Error("revision 2 served from revision 1")
	}
	// A later revision replaces the entry; an earlier one does not.
	pc.put("A", 3, body('x'))
	pc.put("A", 2, body('y'))
	if got, ok := pc.get("A", 3); !ok || got[0] != 'x' {
		t.Errorf("A@3 = %q %v", got, ok)
	}
	if got := pc.bytes(); got != 200 {
		t.Errorf("replacing an entry: %d bytes, want 200", got)
	}
	// A document larger than the bound is not kept, and evicts nothing.
	pc.put("D", 1, bytes.Repeat([]byte{'d'}, 251))
	if _, ok := pc.get("D", 1); ok || pc.bytes() != 200 {
		t.Errorf("oversized document: kept %v, %d bytes", ok, pc.bytes())
	}
	// A zero bound caches nothing.
	none := newProfileCache(0)
	none.put("A", 1, body('a'))
	if _, ok := none.get("A", 1); ok {
		t.Error("a zero bound cached")
	}
}
