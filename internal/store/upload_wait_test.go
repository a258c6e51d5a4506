package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/gen"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/internal/store/storetest"
)

// BenchmarkReplacementWait replaces every result of a study as large as a
// 32 MiB upload (about 420,000 results) while another study's lifecycle
// request runs again and again, and reports the longest that request
// waited (issue 15: it waited 17 s) and how long the replacement took.
// Run: go test ./internal/store/ -run '^$' -bench ReplacementWait -benchtime 1x
func BenchmarkReplacementWait(b *testing.B) {
	ctx := context.Background()
	s := storetest.Open(b, store.Options{})
	o := gen.Options{Code: "BIG", Regions: 10, SamplesPerRegion: 700, Indicators: 20, Replicates: 3, NDShare: 0.2, Seed: 1}
	d, results, err := gen.Study(o)
	if err != nil {
		b.Fatal(err)
	}
	open := func(d *benchmark.Design) {
		if _, err := s.CreateStudy(ctx, d, admin); err != nil {
			b.Fatal(err)
		}
		if _, err := s.SetState(ctx, d.Code, benchmark.StateOpen, admin, ""); err != nil {
			b.Fatal(err)
		}
	}
	open(d)
	small, smallResults, err := gen.Study(gen.Options{Code: "SMALL", Regions: 2, SamplesPerRegion: 2, Indicators: 2, Replicates: 1, Seed: 2})
	if err != nil {
		b.Fatal(err)
	}
	open(small)
	// A study without results may not close (issue 16's lifecycle rules).
	if _, err := s.SaveResults(ctx, small.Code, smallResults, store.Upload{Format: "csv", SHA256: "s", Actor: admin}); err != nil {
		b.Fatal(err)
	}
	if _, err := s.SaveResults(ctx, d.Code, results, store.Upload{Format: "csv", SHA256: "a", Actor: admin}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		// Every value changes: a replacement of every result.
		for i := range results {
			results[i].Reported += "1"
			if results[i].Value != nil {
				results[i].Value = new(*results[i].Value*10 + 1)
			}
		}
		var wg sync.WaitGroup
		done := make(chan struct{})
		var maxWait time.Duration
		var requests int
		wg.Add(1)
		go func() {
			defer wg.Done()
			states := []string{benchmark.StateClosed, benchmark.StateOpen}
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				start := time.Now()
				if _, err := s.SetState(ctx, small.Code, states[i%2], admin, "wait test"); err != nil {
					b.Error(err)
					return
				}
				maxWait = max(maxWait, time.Since(start))
				requests++
				time.Sleep(20 * time.Millisecond)
			}
		}()
		time.Sleep(100 * time.Millisecond)
		start := time.Now()
		sum, err := s.SaveResults(ctx, d.Code, results, store.Upload{Format: "csv", SHA256: "b", Reason: "re-test", Actor: admin})
		took := time.Since(start)
		time.Sleep(100 * time.Millisecond)
		close(done)
		wg.Wait()
		if err != nil {
			b.Fatal(err)
		}
		if sum.Replaced != len(results) {
			b.Fatalf("replaced %d of %d", sum.Replaced, len(results))
		}
		b.ReportMetric(took.Seconds(), "replace-s")
		b.ReportMetric(float64(maxWait.Milliseconds()), "max-wait-ms")
		b.Logf("%s: %d results replaced in %v; %d lifecycle requests meanwhile, the longest waited %v",
			s.Dialect(), len(results), took, requests, maxWait)
	}
}
