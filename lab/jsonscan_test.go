package lab

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"time"
)

// smallLimits are limits that files of a few hundred bytes reach, so that
// the fuzzer meets every limit.
var smallLimits = Limits{MaxRows: 3, MaxColumns: 4, MaxCellBytes: 8, MaxLineBytes: 24, MaxJSONKeys: 3, MaxXLSXBytes: 1 << 20}

// FuzzReadJSONScanner reads any bytes with readJSON, from a reader and in
// place, and with the encoding/json reader it replaced: the same table, or
// the same refusal (problem keys, rows and columns; the reason of a
// malformed file is worded differently), within the default limits and
// within small ones.
//
// But for a file with a run longer than MaxLineBytes: the reference
// refused it with a LimitError when its decoder met the run's block in a
// token, but when it met it looking past white space (Decoder.More), or
// when the block was the first (read ahead for the byte order mark), the
// error was dropped with the block, and the decoder went on with the next
// block or the end of the file: the file was refused as broken or empty,
// or even read without the block. The scanner always stops there with
// the LimitError.
func FuzzReadJSONScanner(f *testing.F) {
	f.Add([]byte(`{"results":[{"sample":"BZ-01","indicator":"water_extract","value":41.20,"unit":"%","replicate":1}]}`))
	f.Add([]byte(`{"study":{"a":[1,{"b":null}]},"results":[{}, {"sample":true}, 3, null, {"value":"<0.005","lod":"0.01"}, {"k":1,"k":[1]}]}`))
	f.Add([]byte("\uFEFF{\"results\":[{\"a\\u00e9\\ud83d\\ude00\":\"\\ud800x\\udc00\\\"\\n\xff\xe4\xb8\",\"b\":-0.5e+3}]} "))
	f.Add([]byte(`{"results":[{"a":1},{"b":2},{"c":3},{"d":4}]}`))
	f.Add([]byte(`{"results":[{"long key name":"a value too long for small limits"}]}`))
	f.Add([]byte(`{"results":[01, -, 1., 1e, tru, "a\x01"]}`))
	f.Add([]byte(`{"results":[],"x":"` + strings.Repeat("a", 30) + `"}`))
	f.Add([]byte(`{"results":[{"a":"b"}]} {"c":1}`))
	f.Add([]byte(`{"results":[[[[{"a":[]}]]]],"results":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lim := range []Limits{DefaultLimits(), smallLimits} {
			want, wantErr := readJSONTable(t, data, lim, readJSONReference, false)
			for _, inPlace := range []bool{false, true} {
				got, err := readJSONTable(t, data, lim, readJSON, inPlace)
				d := diffJSONRead(got, err, want, wantErr)
				var le *LimitError
				if d != "" && longestRun(data) > lim.MaxLineBytes {
					if !errors.As(err, &le) || le.Limit != LimitLineBytes || (len(data) <= jsonBlock && le.Row != 1) {
						t.Fatalf("limits %+v, in place %v: %v, want the run too long refused", lim, inPlace, err)
					}
					continue
				}
				if d != "" {
					t.Fatalf("limits %+v, in place %v: %s", lim, inPlace, d)
				}
			}
		}
	})
}

// longestRun is the length of the longest run of bytes without a quote.
func longestRun(data []byte) int {
	longest := 0
	for _, run := range bytes.Split(data, []byte{'"'}) {
		longest = max(longest, len(run))
	}
	return longest
}

type jsonReader func(r io.ReaderAt, size int64, lim Limits, s sink) error

func readJSONTable(t *testing.T, data []byte, lim Limits, read jsonReader, inPlace bool) (*Table, error) {
	t.Helper()
	ts := &tableSink{t: &Table{Format: JSON}}
	var r io.ReaderAt = bytes.NewReader(data)
	if inPlace {
		r = Bytes(data)
	}
	if err := read(r, int64(len(data)), lim, ts); err != nil {
		return nil, err
	}
	return ts.t, nil
}

// diffJSONRead describes how a read differs from the reference's, or is
// empty when it does not.
func diffJSONRead(got *Table, err error, want *Table, wantErr error) string {
	switch {
	case err == nil && wantErr == nil:
		if !reflect.DeepEqual(got.Columns, want.Columns) {
			return fmt.Sprintf("columns %+v, want %+v", got.Columns, want.Columns)
		}
		if len(got.Rows) != len(want.Rows) {
			return fmt.Sprintf("%d rows, want %d", len(got.Rows), len(want.Rows))
		}
		for i := range got.Rows {
			if !reflect.DeepEqual(got.Rows[i], want.Rows[i]) {
				return fmt.Sprintf("row %+v, want %+v", got.Rows[i], want.Rows[i])
			}
		}
		return ""
	case err == nil || wantErr == nil:
		return fmt.Sprintf("error %v, want %v", err, wantErr)
	}
	var le, wantLE *LimitError
	if errors.As(wantErr, &wantLE) {
		if !errors.As(err, &le) || le.Limit != wantLE.Limit || le.Max != wantLE.Max || le.Row != wantLE.Row || le.Column != wantLE.Column {
			return fmt.Sprintf("error %v, want %v", err, wantErr)
		}
		return ""
	}
	var p, wantP *Problems
	if !errors.As(wantErr, &wantP) || !errors.As(err, &p) || len(p.Errors) != len(wantP.Errors) || p.Truncated != wantP.Truncated {
		return fmt.Sprintf("error %v, want %v", err, wantErr)
	}
	for i, e := range p.Errors {
		w := wantP.Errors[i]
		if e.Row != w.Row || e.Column != w.Column || e.Msg.Key != w.Msg.Key ||
			(e.Msg.Key != "lab.json.malformed" && e.Reason != w.Reason) || e.Reason == "" {
			return fmt.Sprintf("error %v, want %v", err, wantErr)
		}
	}
	return ""
}

// TestJSONScannerAcrossBlocks puts every kind of token across the border
// of the first two blocks, so that the window moves in its middle, and
// wants what the reference reads.
func TestJSONScannerAcrossBlocks(t *testing.T) {
	tokens := []string{
		`"plain text"`, `"中文字符串"`, "\"\xe4\xb8\xad\xff\xe6\"", `"\u4e2d\ud83d\ude00\n\"\\\/\b\f\r\t"`,
		`"\ud800\u0041\udc00"`, `12345.678e-9`, `-0`, `true`, `null`, `[1,{"a":[]}]`,
		`"unterminated`, `"bad \x escape"`, `"\u12G4"`, `1.e5`, `nul`, `"ctrl` + "\x01" + `"`,
	}
	for _, tok := range tokens {
		for shift := -14; shift <= 14; shift++ {
			var b bytes.Buffer
			b.WriteString(`{"results":[{"a":"x"}],"pad":"`)
			// Close the padding so that the token starts shift bytes from
			// the border (a quote every 40 bytes keeps runs short).
			for b.Len() < jsonBlock+shift-len(`","v":`)-len(tok)/2 {
				b.WriteString(`x`)
				if b.Len()%40 == 0 {
					b.WriteString(`\"`)
				}
			}
			b.WriteString(`","v":` + tok + `,"w":` + tok + `}`)
			data := b.Bytes()
			for _, lim := range []Limits{DefaultLimits(), {MaxLineBytes: 60}} {
				lim = lim.orDefaults()
				want, wantErr := readJSONTable(t, data, lim, readJSONReference, false)
				for _, inPlace := range []bool{false, true} {
					got, err := readJSONTable(t, data, lim, readJSON, inPlace)
					if d := diffJSONRead(got, err, want, wantErr); d != "" {
						t.Errorf("%s at %d, limits %d, in place %v: %s", tok, shift, lim.MaxLineBytes, inPlace, d)
					}
				}
			}
		}
	}
}

// TestJSONRunTooLong puts a run longer than MaxLineBytes in a later block
// of a large file: reading stops where that block starts, on the row being
// read there, as the reference stopped.
func TestJSONRunTooLong(t *testing.T) {
	lim := Limits{MaxLineBytes: 1000}.orDefaults()
	row := `{"sample":"BZ-01","indicator":"water_extract","value":41.2,"unit":"%"}`
	for _, at := range []int{10, 500, 900, 1500, 2500} {
		var b bytes.Buffer
		b.WriteString(`{"results":[`)
		for i := 0; i < at; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(row)
		}
		b.WriteString(`,{"value":` + strings.Repeat("1", 1200) + `}]}`)
		data := b.Bytes()
		want, wantErr := readJSONTable(t, data, lim, readJSONReference, false)
		var le *LimitError
		if !errors.As(wantErr, &le) {
			t.Fatalf("reference: %v", wantErr)
		}
		for _, inPlace := range []bool{false, true} {
			got, err := readJSONTable(t, data, lim, readJSON, inPlace)
			if d := diffJSONRead(got, err, want, wantErr); d != "" {
				t.Errorf("run after %d rows, in place %v: %s", at, inPlace, d)
			}
		}
	}
}

// TestJSONStringsDecodeAsEncodingJSON decodes strings as encoding/json
// does, a key and a value: escapes, surrogates, bytes that are not UTF-8.
func TestJSONStringsDecodeAsEncodingJSON(t *testing.T) {
	for _, text := range []string{
		`plain`, `中文`, `\u00e9\u4E2D`, `\ud83d\ude00`, `\ud83d`, `\ude00\ud83d`, `\ud83dx`,
		`\ud83d\u0041`, `\ud83d\ud83d\ude00`, `\"\\\/\b\f\n\r\t`, "\xff", "\xe4\xb8", "\xed\xa0\x80",
		"\xef\xbf\xbd", "a\xc0\xafb", `\u0000`,
	} {
		var want string
		if err := json.Unmarshal([]byte(`"`+text+`"`), &want); err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		data := []byte(`{"results":[{"` + text + `":"` + text + `"}]}`)
		for _, inPlace := range []bool{false, true} {
			got, err := readJSONTable(t, data, DefaultLimits(), readJSON, inPlace)
			if err != nil {
				t.Fatalf("%q: %v", text, err)
			}
			if got.Columns[0].Name != want || got.Rows[0].Cells[0] != want {
				t.Errorf("%q read as key %q, value %q; want %q", text, got.Columns[0].Name, got.Rows[0].Cells[0], want)
			}
		}
	}
}

// TestJSONDeepNestingIsRefusedCheaply reads a million '[' where a result
// or another key's value would be, and at the top: refused at once with
// a few KiB, not a stack of a million levels.
func TestJSONDeepNestingIsRefusedCheaply(t *testing.T) {
	deep := strings.Repeat("[", 1_000_000)
	for _, tt := range []struct {
		data string
		key  string
	}{
		{`{"results":[` + deep, "lab.json.malformed"},
		{`{"results":[{"a":` + deep + `]}`, "lab.json.malformed"},
		{`{"x":` + deep + `, "results":[]}`, "lab.json.malformed"},
		{deep, "lab.json.shape"},
	} {
		data := []byte(tt.data)
		for _, inPlace := range []bool{false, true} {
			runtime.GC()
			before, start := heapAllocated(), time.Now()
			_, err := readJSONTable(t, data, DefaultLimits(), readJSON, inPlace)
			took, allocs := time.Since(start), heapAllocated()-before
			var p *Problems
			if !errors.As(err, &p) || p.Errors[0].Msg.Key != tt.key || p.Errors[0].Row != 1 {
				t.Errorf("%.20s...: %v, want %s on row 1", tt.data, err, tt.key)
			}
			if took > time.Second || allocs > 256<<10 {
				t.Errorf("%.20s...: refused in %v with %d KiB", tt.data, took, allocs>>10)
			}
		}
	}
}

func heapAllocated() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
