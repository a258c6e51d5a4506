package sheets

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/qbench/qbench/internal/i18n"
)

// bigDesign is the demo's indicators with n samples over its regions.
func bigDesign(b *testing.B, n int) []byte {
	v, err := decodeOrdered(demoDesign(b))
	if err != nil {
		b.Fatal(err)
	}
	doc := v.(object)
	samples := make([]any, n)
	for i := range samples {
		region := []string{"BZ", "YA", "EM"}[i%3]
		samples[i] = object{{"code", fmt.Sprintf("%s-%04d", region, i)}, {"region", region},
			{"enterprise", fmt.Sprintf("示例茶企%d", i%17)}, {"grade", "特级"}, {"collected_on", "2016-04-03"}, {"source", "market"}}
	}
	doc.set("samples", samples)
	data, err := marshal(doc)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkReadDesignWorkbook: a design of 21 indicators and 2,000 samples.
func BenchmarkReadDesignWorkbook(b *testing.B) {
	var wb bytes.Buffer
	if err := WriteDesignWorkbook(&wb, bigDesign(b, 2000), i18n.ZH); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(wb.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadDesignWorkbook(bytes.NewReader(wb.Bytes()), int64(wb.Len()), Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteDesignWorkbook(b *testing.B) {
	design := bigDesign(b, 2000)
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteDesignWorkbook(io.Discard, design, i18n.ZH); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResultsTemplate: 2,000 blind codes × 21 indicators.
func BenchmarkResultsTemplate(b *testing.B) {
	design := demoDesign(b)
	codes := blindCodes(2000)
	for _, format := range []Format{XLSX, CSV} {
		b.Run(string(format), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := WriteResultsTemplate(io.Discard, design, codes, format, i18n.ZH); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
