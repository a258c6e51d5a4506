package model

import (
	"strings"

	"github.com/qbench/qbench/benchmark"
)

// MethodStandards are the distinct method standards of d's indicators, in
// order of first appearance. A method naming several standards
// ("GB/T 8313-2018; GB/T 8314-2013") counts as each of them, so that the
// report's "共涉及 N 项方法标准" counts standards, not strings.
func MethodStandards(d *benchmark.Design) []string {
	var out []string
	seen := map[string]bool{}
	for i := range d.Indicators {
		for _, part := range strings.FieldsFunc(d.Indicators[i].Method, func(r rune) bool { return r == ';' || r == '；' }) {
			std := strings.Join(strings.Fields(part), " ")
			if std != "" && !seen[std] {
				seen[std] = true
				out = append(out, std)
			}
		}
	}
	return out
}
