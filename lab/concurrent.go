package lab

import (
	"bytes"
	"io"
	"runtime"
	"slices"

	"github.com/qbench/qbench/benchmark"
)

// minConcurrentBytes is the smallest file whose halves are read at the
// same time: below it a second goroutine and checker cost more than they
// save.
const minConcurrentBytes = 1 << 20

// concurrentWorth reports whether a plain CSV file is worth reading in two
// halves: it is large, a second core is there, and it has fewer lines than
// the row limit, so that neither half could meet a limit the whole file
// would meet at another row.
func concurrentWorth(size int64, scan csvScan, lim Limits) bool {
	return size >= minConcurrentBytes && runtime.GOMAXPROCS(0) > 1 && scan.lines <= lim.MaxRows
}

// readPlainCSVConcurrently reads and checks a plain CSV file (scanCSV) in
// two halves at once, split at a line boundary: c, the checker of the
// file, takes the first half and its header; a second checker takes the
// second half, with the rows numbered as in the file. The halves are
// joined only when the file is good — neither half has a problem or
// stopped, no result of the second half repeats one of the first, the
// layout is long — and then give what one pass would: the results in
// file order. ok is false for any other file, which the caller reads
// again in one pass, so that its problems are exactly those of one pass
// (a problem can depend on rows before it: a repeated result, the first
// row of an unnamed column's value).
func readPlainCSVConcurrently(r io.ReaderAt, size int64, scan csvScan, d *benchmark.Design, opts CheckOptions, c *checker) (results []benchmark.Result, ok bool, err error) {
	lim := opts.Limits.orDefaults()
	split, linesBefore, found := splitLines(r, size, lim.MaxLineBytes)
	if !found || c.dense == nil {
		return nil, false, nil
	}
	c2, err := newChecker(d, c.format, opts)
	if err != nil {
		return nil, false, nil
	}
	// The second half's results go into the same array as the first's,
	// after the most the first half can have (a result a line): no second
	// array to allocate and fault in, and joining them is one copy.
	all := c.results.cur[:0]
	k := min(linesBefore, cap(all))
	c.results.cur = all[:0:k]
	c2.results.cur = all[k:k]

	type headerOf struct {
		cols []Column
		wide bool
	}
	headers := make(chan headerOf, 1)
	done := make(chan error, 1)
	go func() {
		h, got := <-headers
		if !got || h.wide {
			done <- errNotJoinable
			return
		}
		c2.header(h.cols)
		rs := &recordSink{s: c2, lim: lim, haveHeader: true}
		done <- readPlainCSVHalf(r, size, split, size, rs, linesBefore+1)
	}()
	tap := &headerTap{checker: c, send: func(cols []Column, wide bool) { headers <- headerOf{cols, wide} }}
	err1 := readPlainCSVHalf(r, size, 0, split, &recordSink{s: tap, lim: lim}, 1)
	if !tap.sent {
		close(headers) // no header in the first half: not joinable
	}
	err2 := <-done
	if err1 != nil || err2 != nil || c.wide || c.problems.count() > 0 || c2.problems.count() > 0 ||
		len(c.seen) > 0 || len(c2.seen) > 0 || c2.dense == nil || len(c.unnamed) != len(c2.unnamed) {
		return nil, false, nil
	}
	for k, first := range c2.dense {
		if first != 0 && c.dense[k] != 0 {
			return nil, false, nil // a result of the second half repeats one of the first
		}
	}
	c.rows += c2.rows
	for i := range c.unnamed {
		if c.unnamed[i].firstRow == 0 {
			c.unnamed[i].firstRow = c2.unnamed[i].firstRow
		}
	}
	if len(c.results.full) == 0 && len(c2.results.full) == 0 && cap(c2.results.cur) == cap(all)-k {
		// Both halves stayed in the array: close the gap between them.
		n := copy(all[len(c.results.cur):cap(all)], c2.results.cur)
		c.results.cur = all[:len(c.results.cur)+n]
		c.results.n += n
	} else {
		for _, chunk := range c2.results.full {
			for _, res := range chunk {
				c.results.add(res)
			}
		}
		for _, res := range c2.results.cur {
			c.results.add(res)
		}
	}
	results, err = c.finish()
	return results, true, err
}

// errNotJoinable stops the second half of a file whose first half has no
// header, or one of the wide layout.
var errNotJoinable = errorString("lab: the halves of the file cannot be joined")

type errorString string

func (e errorString) Error() string { return string(e) }

// headerTap passes every call to its checker and the header, once, to
// send (a copy, with the layout the checker found in it).
type headerTap struct {
	*checker
	send func(cols []Column, wide bool)
	sent bool
}

func (t *headerTap) header(cols []Column) {
	clone := slices.Clone(cols)
	t.checker.header(cols)
	if !t.sent {
		t.sent = true
		t.send(clone, t.checker.wide)
	}
}

// splitLines finds where the second half of a file starts: just after the
// first line feed at or after its middle, with the number of line feeds
// before it. found is false when the second half would be empty.
func splitLines(r io.ReaderAt, size int64, maxLine int) (split int64, linesBefore int, found bool) {
	mid := size / 2
	buf := make([]byte, 64<<10)
	for off := mid; off < size && off-mid <= int64(maxLine)+2; {
		k, _ := r.ReadAt(buf[:min(int64(len(buf)), size-off)], off)
		if k == 0 {
			return 0, 0, false
		}
		if i := bytes.IndexByte(buf[:k], '\n'); i >= 0 {
			split = off + int64(i) + 1
			break
		}
		off += int64(k)
	}
	if split == 0 || split >= size {
		return 0, 0, false
	}
	for off := int64(0); off < split; {
		k, _ := r.ReadAt(buf[:min(int64(len(buf)), split-off)], off)
		if k == 0 {
			return 0, 0, false
		}
		linesBefore += bytes.Count(buf[:k], []byte{'\n'})
		off += int64(k)
	}
	return split, linesBefore, true
}

// readPlainCSVHalf reads the lines of a plain CSV file from byte from to
// byte to, the first being line firstLine, into rs: in place when the file
// is in memory (Bytes), else through a buffer. A byte order mark is
// skipped only at the start of the file.
func readPlainCSVHalf(r io.ReaderAt, size, from, to int64, rs *recordSink, firstLine int) error {
	if b, ok := r.(Bytes); ok && int64(len(b)) == size {
		data := []byte(b[from:to])
		if from == 0 {
			data = bytes.TrimPrefix(data, utf8BOM)
		}
		return readPlainCSVBytesFrom(data, rs, firstLine)
	}
	var rd io.Reader = io.NewSectionReader(r, from, to-from)
	if from == 0 {
		rd = skipBOM(rd)
	}
	return readPlainCSVFrom(rd, rs, firstLine)
}
