package lab

import "unsafe"

// textSlab copies texts into shared blocks that are only ever appended to,
// so that the copies never change: a row's cells must stay as they are
// while Read runs (the checker remembers recent cells, and a problem may
// quote one), and a result keeps its reported text, yet a string for each
// would be an allocation a row.
type textSlab struct{ block []byte }

const textSlabBlock = 64 << 10

func (t *textSlab) copy(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if cap(t.block)-len(t.block) < len(b) {
		t.block = make([]byte, 0, max(textSlabBlock, len(b)))
	}
	start := len(t.block)
	t.block = append(t.block, b...)
	return unsafe.String(&t.block[start], len(b))
}

// copyString is copy of a string.
func (t *textSlab) copyString(s string) string {
	return t.copy(unsafe.Slice(unsafe.StringData(s), len(s)))
}
