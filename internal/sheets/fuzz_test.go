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
