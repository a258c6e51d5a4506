package console_test

import (
	"net/http"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
)

// BenchmarkPages times each main page of the demo study through a real
// server on loopback, as a signed-in browser asks for it (BENCHMARKS.md:
// no page over 100 ms). The profile page is timed with the analysis in the
// use case's cache, as every request after the first finds it.
func BenchmarkPages(b *testing.B) {
	e := newEnv(b)
	e.loadDemo(benchmark.StateClosed)
	admin := e.client()
	admin.login(e.admin)
	lab := e.client()
	lab.login(e.lab)
	if _, err := e.study.Report(b.Context(), auth.Actor{Name: "bureau", Role: auth.RoleAdmin}, demoCode, "zh"); err != nil {
		b.Fatal(err)
	}
	for _, p := range []struct {
		name string
		c    *client
		path string
	}{
		{"studies", admin, "/studies"},
		{"study", admin, "/studies/" + demoCode},
		{"profile", admin, "/studies/" + demoCode + "/profile"},
		{"findings", admin, "/studies/" + demoCode + "/findings"},
		{"reports", admin, "/studies/" + demoCode + "/reports"},
		{"audit", admin, "/studies/" + demoCode + "/audit"},
		{"lab-study", lab, "/studies/" + demoCode},
		{"login", e.client(), "/login"},
	} {
		b.Run(p.name, func(b *testing.B) {
			if resp, _ := p.c.get(p.path); resp.StatusCode != http.StatusOK {
				b.Fatalf("GET %s: %d", p.path, resp.StatusCode)
			}
			for b.Loop() {
				p.c.get(p.path)
			}
		})
	}
}
