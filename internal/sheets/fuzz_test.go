package sheets

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
)

// FuzzReadDesignWorkbook: whatever the bytes, reading returns a design
// that benchmark accepts, or problems that word in both languages — never
// a panic, never another error — and a design read re-exports to itself.
func FuzzReadDesignWorkbook(f *testing.F) {
	for _, lang := range i18n.Langs {
		var buf bytes.Buffer
		if err := WriteDesignWorkbook(&buf, []byte(everyField), lang); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
		buf.Reset()
		set, _ := IndicatorSet("rebar")
		if err := WriteDesignTemplate(&buf, set, lang); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	f.Add(validBook().bytes(f))
	f.Add(validBook().set("指标", 2, 4, "越高越").set("样品", 2, 4, "去年").bytes(f))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	limits := Limits{MaxUnzipped: 4 << 20, MaxRows: 500, MaxColumns: 60}
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := ReadDesignWorkbook(bytes.NewReader(data), int64(len(data)), limits)
		if err != nil {
			var p *Problems
			if !errors.As(err, &p) || len(p.List) == 0 {
				t.Fatalf("error %T without problems: %v", err, err)
			}
			for _, lang := range i18n.Langs {
				for _, line := range p.Messages(lang) {
					if line == "" {
						t.Fatal("an empty problem")
					}
				}
			}
			return
		}
		if _, err := benchmark.ParseDesign(out); err != nil {
			t.Fatalf("a design read is refused: %v", err)
		}
		var buf bytes.Buffer
		if err := WriteDesignWorkbook(&buf, out, i18n.ZH); err != nil {
			t.Fatalf("re-export: %v", err)
		}
		again, err := ReadDesignWorkbook(bytes.NewReader(buf.Bytes()), int64(buf.Len()), Limits{})
		if err != nil {
			t.Fatalf("the re-export does not read: %v", err)
		}
		var a, b any
		json.Unmarshal(out, &a)
		json.Unmarshal(again, &b)
		if !jsonEqual(a, b) {
			t.Fatalf("re-export changed the design:\n%s\n%s", out, again)
		}
	})
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// FuzzDesignRoundTrip: a design with any text in its text fields, any
// string in an extra field and any number as a limit is exported and
// re-imported as the same design — text trimmed of surrounding spaces, the
// one thing a workbook's reader changes on purpose.
func FuzzDesignRoundTrip(f *testing.F) {
	f.Add("巴中绿茶质量比对", "水分", "示例茶企", "2017", 7.0)
	f.Add(" lead", "a\x01b", "_x000D_", " 12", -1e-9)
	f.Add("=1+1", "l1\r\nl2", "[1,2]", "true", 1e300)
	f.Add("x\u2028y", "<b>&amp;", "\"q\"", "", 0.1)
	f.Fuzz(func(t *testing.T, title, name, enterprise, extra string, limit float64) {
		limitJSON, err := json.Marshal(limit)
		if err != nil {
			return // NaN and infinities are not JSON
		}
		v, err := decodeOrdered([]byte(everyField))
		if err != nil {
			t.Fatal(err)
		}
		build := func(title, name, enterprise string, trimmed bool) []byte {
			doc := v.(object)
			doc = append(object(nil), doc...)
			set := func(o *object, k, s string) {
				if trimmed {
					s = trim(s)
				}
				if s == "" {
					var kept object
					for _, m := range *o {
						if m.key != k {
							kept = append(kept, m)
						}
					}
					*o = kept
					return
				}
				o.set(k, s)
			}
			set(&doc, "title", title)
			doc.set("extra_text", extra) // extra fields come back exactly
			inds, _ := doc.get("indicators")
			list := append([]any(nil), inds.([]any)...)
			first := append(object(nil), list[0].(object)...)
			set(&first, "name", name)
			first.set("limit_min", json.Number(limitJSON))
			list[0] = first
			doc.set("indicators", list)
			smp, _ := doc.get("samples")
			samples := append([]any(nil), smp.([]any)...)
			s0 := append(object(nil), samples[0].(object)...)
			set(&s0, "enterprise", enterprise)
			samples[0] = s0
			doc.set("samples", samples)
			data, err := marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			return data
		}
		in := build(title, name, enterprise, false)
		want := build(title, name, enterprise, true)
		if _, err := benchmark.ParseDesign(in); err != nil {
			return
		}
		if _, err := benchmark.ParseDesign(want); err != nil {
			return // trimming made it invalid (an empty title): refused, rightly
		}
		var buf bytes.Buffer
		if err := WriteDesignWorkbook(&buf, in, i18n.ZH); err != nil {
			t.Fatalf("write: %v", err)
		}
		got, err := ReadDesignWorkbook(bytes.NewReader(buf.Bytes()), int64(buf.Len()), Limits{})
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		var a, b any
		json.Unmarshal(want, &a)
		json.Unmarshal(got, &b)
		if !jsonEqual(a, b) {
			t.Fatalf("round trip changed the design:\nwant %s\n got %s", want, got)
		}
	})
}
