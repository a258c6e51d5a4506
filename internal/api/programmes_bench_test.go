package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/qbench/qbench/internal/gen"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/internal/store/storetest"
)

// programmeStudies sizes the programme of the dashboard benchmark: 25
// products in 2 rounds each, every study 3 regions × 10 samples × 20
// indicators (600 results): 50 studies × 30 samples × 20 indicators.
const (
	programmeProducts = 25
	programmeRounds   = 2
)

// programmeServer stores the benchmark's programme, every study closed,
// the second round of each product following the first.
func programmeServer(b *testing.B) *apiServer {
	b.Helper()
	s := startAPI(b, storetest.Open(b, store.Options{}))
	s.must(b, http.StatusCreated, "POST", "/api/v1/programmes", "application/json",
		[]byte(`{"code": "BENCH", "title": "质量对标提升行动"}`))
	for p := range programmeProducts {
		for r := range programmeRounds {
			code := fmt.Sprintf("P%02d-R%d", p, r+1)
			d, results, err := gen.Study(gen.Options{Code: code, Regions: 3, SamplesPerRegion: 10, Indicators: 20,
				Replicates: 1, NDShare: 0.1, Seed: uint64(100*p + r)})
			if err != nil {
				b.Fatal(err)
			}
			d.Product, d.Programme, d.Industry, d.Round = fmt.Sprintf("产品 %02d", p), "BENCH", []string{"冶金", "建材", "轻工", "电子"}[p%4], fmt.Sprint(2016+r)
			if r > 0 {
				d.Predecessor = fmt.Sprintf("P%02d-R%d", p, r)
			}
			s.createOpenStudy(b, d)
			var csv bytes.Buffer
			if err := gen.WriteCSV(&csv, results); err != nil {
				b.Fatal(err)
			}
			s.upload(b, code, csv.Bytes())
			s.must(b, http.StatusOK, "POST", "/api/v1/studies/"+code+"/lifecycle", "application/json", []byte(`{"state": "closed"}`))
		}
	}
	return s
}

// BenchmarkDashboard50 is GET /api/v1/programmes/{code} of a programme of
// 50 studies × 30 samples × 20 indicators from cold caches (a new server
// before every request): every study's design and results read, analysed,
// and the 25 follow-ups computed.
func BenchmarkDashboard50(b *testing.B) {
	s := programmeServer(b)
	checkDashboard(b, s)
	for b.Loop() {
		b.StopTimer()
		s.fresh()
		b.StartTimer()
		s.must(b, http.StatusOK, "GET", "/api/v1/programmes/BENCH", "", nil)
	}
}

// BenchmarkDashboard50Cached is the same request with the profiles and
// follow-ups cached: the programme, its studies' rows and the token read.
func BenchmarkDashboard50Cached(b *testing.B) {
	s := programmeServer(b)
	checkDashboard(b, s)
	for b.Loop() {
		s.must(b, http.StatusOK, "GET", "/api/v1/programmes/BENCH", "", nil)
	}
}

// checkDashboard makes sure the benchmark measures the whole work: every
// study with a profile, every second round with its follow-up.
func checkDashboard(b *testing.B, s *apiServer) {
	b.Helper()
	var d struct {
		Studies []struct {
			Shortfalls *int `json:"shortfalls"`
		} `json:"studies"`
		FollowUps []struct {
			Rounds []any `json:"rounds"`
		} `json:"follow_ups"`
	}
	if err := json.Unmarshal(s.must(b, http.StatusOK, "GET", "/api/v1/programmes/BENCH", "", nil).body, &d); err != nil {
		b.Fatal(err)
	}
	if len(d.Studies) != programmeProducts*programmeRounds || len(d.FollowUps) != programmeProducts {
		b.Fatalf("dashboard of %d studies and %d products", len(d.Studies), len(d.FollowUps))
	}
	for _, st := range d.Studies {
		if st.Shortfalls == nil {
			b.Fatal("a study without a profile")
		}
	}
	for _, f := range d.FollowUps {
		if len(f.Rounds) != programmeRounds-1 {
			b.Fatalf("a product with %d follow-ups", len(f.Rounds))
		}
	}
}
