package api_test

// Robustness tests. Faults: PostgreSQL becomes unreachable while the API
// runs. The shared server cannot be stopped (other tests use it), so each
// test puts a TCP proxy of its own between qbench and PostgreSQL and cuts
// it: every connection closed, new ones refused. Load: profiles read while
// uploads change the study are never stale.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/gen"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/internal/store/storetest"
)

// dbProxy forwards TCP connections to a database server until it is cut.
type dbProxy struct {
	t      *testing.T
	ln     net.Listener
	target string

	mu    sync.Mutex
	down  bool
	conns map[net.Conn]struct{}

	// sent counts bytes from clients to the server; when cutAt is above 0,
	// the proxy cuts itself once sent reaches it.
	sent  atomic.Int64
	cutAt atomic.Int64
	cuts  atomic.Int32
}

func startProxy(t *testing.T, target string) *dbProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &dbProxy{t: t, ln: ln, target: target, conns: map[net.Conn]struct{}{}}
	var wg sync.WaitGroup
	t.Cleanup(func() {
		ln.Close()
		p.cut()
		wg.Wait()
	})
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() { p.serve(c) })
		}
	})
	return p
}

// track registers a connection; false when the proxy is down.
func (p *dbProxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.down {
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *dbProxy) serve(client net.Conn) {
	if !p.track(client) {
		client.Close() // refused: the database is "gone"
		return
	}
	server, err := net.Dial("tcp", p.target)
	if err != nil || !p.track(server) {
		client.Close()
		if server != nil {
			server.Close()
		}
		return
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		io.Copy(client, server) //nolint:errcheck // ends when either side closes
		client.Close()
	}()
	buf := make([]byte, 32<<10)
	for {
		n, err := client.Read(buf)
		if n > 0 {
			if at := p.cutAt.Load(); at > 0 && p.sent.Add(int64(n)) >= at {
				p.cut() // mid-stream: these bytes never arrive
				break
			}
			if _, werr := server.Write(buf[:n]); werr != nil {
				break
			}
		}
		if err != nil {
			break
		}
	}
	server.Close()
	<-done
}

// cut closes every connection and refuses new ones until restore.
func (p *dbProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.down {
		p.cuts.Add(1)
	}
	p.down = true
	p.cutAt.Store(0)
	for c := range p.conns {
		c.Close()
	}
	clear(p.conns)
}

func (p *dbProxy) restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = false
}

// cutAfter arms the proxy to cut itself once n more bytes went to the
// server.
func (p *dbProxy) cutAfter(n int64) { p.cutAt.Store(p.sent.Load() + n) }

// proxiedStore opens a migrated store whose connections go through a proxy
// to the PostgreSQL of QBENCH_TEST_POSTGRES, and a store on the same
// database that does not (to look at what was stored).
func proxiedStore(t *testing.T) (*store.Store, *store.Store, *dbProxy) {
	t.Helper()
	if !storetest.Postgres() {
		t.Skip("fault tests need PostgreSQL: CI runs them with " + storetest.EnvPostgres + " set")
	}
	dsn := storetest.DSN(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	p := startProxy(t, u.Host)
	u.Host = p.ln.Addr().String()
	direct := storetest.OpenDSN(t, dsn, store.Options{})
	if _, err := direct.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return storetest.OpenDSN(t, u.String(), store.Options{}), direct, p
}

// wantUnavailable asserts a 503 problem of type unavailable.
func wantUnavailable(t *testing.T, s *apiServer, method, path, contentType string, body []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	r, err := s.call(ctx, method, path, contentType, body)
	if err != nil {
		t.Fatalf("%s %s during the outage: %v (want a 503 answer)", method, path, err)
	}
	var p struct {
		Type   string `json:"type"`
		Status int    `json:"status"`
		Detail string `json:"detail"`
	}
	if r.status != http.StatusServiceUnavailable || r.header.Get("Content-Type") != "application/problem+json" ||
		json.Unmarshal(r.body, &p) != nil || p.Type != "urn:qbench:problem:unavailable" || p.Status != 503 || p.Detail == "" {
		t.Errorf("%s %s during the outage: %d %s %s, want a 503 unavailable problem", method, path, r.status, r.header.Get("Content-Type"), r.body)
	}
	if r.header.Get("Retry-After") == "" {
		t.Errorf("%s %s: 503 without Retry-After", method, path)
	}
}

// waitRecovered polls /readyz until the API answers 200, then checks that
// the next requests succeed too.
func waitRecovered(t *testing.T, s *apiServer, paths ...string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		r, err := s.call(context.Background(), "GET", "/readyz", "", nil)
		if err == nil && r.status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the API did not recover within 15 s of the database coming back: %v %+v", err, r)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for range 5 {
		for _, path := range paths {
			s.must(t, http.StatusOK, "GET", path, "", nil)
		}
	}
}

func TestDatabaseOutageAnswers503AndRecovers(t *testing.T) {
	st, _, proxy := proxiedStore(t)
	s := startAPI(t, st)
	d, results, err := gen.Study(gen.Options{Code: "OUT", Regions: 3, SamplesPerRegion: 5, Indicators: 4, Replicates: 1, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	csv := csvOf(t, results)
	s.createOpenStudy(t, d)
	s.upload(t, "OUT", csvOf(t, results[:len(results)/2]))
	s.must(t, http.StatusOK, "GET", "/api/v1/studies/OUT/profile", "", nil)

	proxy.cut()
	wantUnavailable(t, s, "GET", "/readyz", "", nil)
	wantUnavailable(t, s, "GET", "/api/v1/studies/OUT", "", nil)
	wantUnavailable(t, s, "GET", "/api/v1/studies/OUT/profile", "", nil) // cached, but who may see it is not
	wantUnavailable(t, s, "POST", "/api/v1/studies/OUT/results", "text/csv", csv)

	proxy.restore()
	waitRecovered(t, s, "/api/v1/studies/OUT", "/api/v1/studies/OUT/profile")
	if n := s.upload(t, "OUT", csv); n != len(results)-len(results)/2 {
		t.Errorf("after recovery, the upload stored %d new results, want %d", n, len(results)-len(results)/2)
	}
}

// TestUploadCutMidTransactionStoresNothing cuts the database off while an
// upload's rows stream to it: the upload is answered 503 and nothing of it
// is stored; once the database is back, the same file is stored whole.
func TestUploadCutMidTransactionStoresNothing(t *testing.T) {
	st, direct, proxy := proxiedStore(t)
	s := startAPI(t, st)
	d, results, err := gen.Study(gen.Options{Code: "CUT", Regions: 3, SamplesPerRegion: 100, Indicators: 10, Replicates: 10, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	csv := csvOf(t, results) // 30,000 rows: about 2 MB on the wire to PostgreSQL
	s.createOpenStudy(t, d)

	proxy.cutAfter(256 << 10)
	wantUnavailable(t, s, "POST", "/api/v1/studies/CUT/results", "text/csv", csv)
	if proxy.cuts.Load() != 1 {
		t.Fatal("the proxy was not cut during the upload")
	}
	ctx := context.Background()
	stored := func() (results, uploads, events int) {
		t.Helper()
		db := direct.DB()
		for q, n := range map[string]*int{
			"SELECT count(*) FROM results":                                        &results,
			"SELECT count(*) FROM uploads":                                        &uploads,
			"SELECT count(*) FROM audit_events WHERE action = 'results.uploaded'": &events,
		} {
			if err := db.QueryRowContext(ctx, q).Scan(n); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	// PostgreSQL rolls back the transaction of a connection that is gone;
	// give it a moment to notice.
	deadline := time.Now().Add(10 * time.Second)
	for {
		r, u, e := stored()
		if r == 0 && u == 0 && e == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the cut upload: %d results, %d uploads, %d audit events stored, want none", r, u, e)
		}
		time.Sleep(50 * time.Millisecond)
	}

	proxy.restore()
	waitRecovered(t, s, "/api/v1/studies/CUT")
	if n := s.upload(t, "CUT", csv); n != len(results) {
		t.Errorf("the upload after recovery stored %d results, want %d", n, len(results))
	}
	if r, u, e := stored(); r != len(results) || u != 1 || e != 1 {
		t.Errorf("after the good upload: %d results, %d uploads, %d audit events", r, u, e)
	}
}

func csvOf(t *testing.T, results []benchmark.Result) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := gen.WriteCSV(&b, results); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// profileOfStore is the profile JSON of a study's stored data, encoded as
// the API encodes it.
func profileOfStore(t *testing.T, st *store.Store, code string) []byte {
	t.Helper()
	study, results, err := st.LoadStudyData(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	p, err := benchmark.Analyze(study.Design, results)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestProfileNeverStaleUnderConcurrentUploads uploads a study's results in
// batches while readers ask for its profile without pause: a profile asked
// for after an upload was answered always includes that upload.
func TestProfileNeverStaleUnderConcurrentUploads(t *testing.T) {
	st := storetest.Open(t, store.Options{})
	s := startAPI(t, st)
	d, results, err := gen.Study(gen.Options{Code: "CON", Regions: 3, SamplesPerRegion: 8, Indicators: 4, Replicates: 2, NDShare: 0.1, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	s.createOpenStudy(t, d)
	const batches = 6
	path := "/api/v1/studies/CON/profile"
	profiles := [][]byte{profileOfStore(t, st, "CON")} // profiles[i]: after i uploads

	type seen struct {
		after int // uploads answered before the request was sent
		body  []byte
	}
	var uploaded atomic.Int32
	var mu sync.Mutex
	var observed []seen
	var failures []string
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				after := int(uploaded.Load())
				r, err := s.call(context.Background(), "GET", path, "", nil)
				mu.Lock()
				if err != nil || r.status != http.StatusOK {
					failures = append(failures, fmt.Sprintf("GET profile: %v %+v", err, r))
				} else {
					observed = append(observed, seen{after, r.body})
				}
				mu.Unlock()
			}
		})
	}
	for i := range batches {
		batch := results[i*len(results)/batches : (i+1)*len(results)/batches]
		s.upload(t, "CON", csvOf(t, batch))
		uploaded.Store(int32(i + 1))
		want := profileOfStore(t, st, "CON")
		profiles = append(profiles, want)
		if got := s.must(t, http.StatusOK, "GET", path, "", nil); !bytes.Equal(got.body, want) {
			t.Errorf("after upload %d the profile is stale", i+1)
		}
	}
	close(stop)
	wg.Wait()
	for _, f := range failures {
		t.Error(f)
	}
	stale := 0
	for _, o := range observed {
		fresh := false
		for k := o.after; k < len(profiles); k++ {
			fresh = fresh || bytes.Equal(o.body, profiles[k])
		}
		if !fresh {
			stale++
		}
	}
	if stale > 0 {
		t.Errorf("%d of %d profiles read during the uploads were older than an upload answered before the request", stale, len(observed))
	}
	if len(observed) < batches {
		t.Errorf("only %d profiles read during the uploads", len(observed))
	}
}

// TestProfileSurvivesItsFirstCallerLeaving: requests for the same profile
// share one computation; when the request that started it goes away, the
// others still get the profile. The computation is held up by a lock on
// the results table (PostgreSQL), so that the second request surely joins
// it.
func TestProfileSurvivesItsFirstCallerLeaving(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("this test holds a PostgreSQL lock: CI runs it with " + storetest.EnvPostgres + " set")
	}
	dsn := storetest.DSN(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	app := fmt.Sprintf("qbench-flight-%d", time.Now().UnixNano())
	q := u.Query()
	q.Set("application_name", app)
	u.RawQuery = q.Encode()
	st := storetest.OpenDSN(t, u.String(), store.Options{})
	if _, err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	other := storetest.OpenDSN(t, dsn, store.Options{})
	s := startAPI(t, st)
	d, results, err := gen.Study(gen.Options{Code: "FL", Regions: 3, SamplesPerRegion: 5, Indicators: 4, Replicates: 2, Seed: 8})
	if err != nil {
		t.Fatal(err)
	}
	s.createOpenStudy(t, d)
	s.upload(t, "FL", csvOf(t, results))
	path := "/api/v1/studies/FL/profile"

	ctx := context.Background()
	lock, err := other.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Rollback() //nolint:errcheck // committed below
	if _, err := lock.ExecContext(ctx, "LOCK TABLE results IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	first, leave := context.WithCancel(ctx)
	firstDone := make(chan error, 1)
	go func() {
		_, err := s.call(first, "GET", path, "", nil)
		firstDone <- err
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var n int
		if err := other.DB().QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE application_name = $1 AND wait_event_type = 'Lock'`, app).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the profile's read of the results never waited for the lock")
		}
		time.Sleep(10 * time.Millisecond)
	}
	secondDone := make(chan *reply, 1)
	go func() {
		r, err := s.call(ctx, "GET", path, "", nil)
		if err != nil {
			r = &reply{body: []byte(err.Error())}
		}
		secondDone <- r
	}()
	// Wait until the second request has joined the computation, which the
	// lock holds up, and then until the server has seen the first one
	// leave: no sleeps, whatever the machine's speed.
	calls := s.srv.Load().Study()
	waitFor(t, "the second request to join the computation", func() bool { return calls.ProfileCallers() == 2 })
	leave()
	if err := <-firstDone; err == nil {
		t.Error("the first request was not cut off")
	}
	waitFor(t, "the server to see the first request leave", func() bool { return calls.ProfileCallers() == 1 })
	if err := lock.Commit(); err != nil {
		t.Fatal(err)
	}
	r := <-secondDone
	if r.status != http.StatusOK {
		t.Fatalf("the second request, after the first one left: %d %s", r.status, r.body)
	}
	if !bytes.Equal(r.body, profileOfStore(t, st, "FL")) {
		t.Error("the second request got another profile")
	}
}

// TestProfileFollowsDesignChanges: a change of the design (here the
// significance level of a draft) is never answered with the cached profile
// of the design before.
func TestProfileFollowsDesignChanges(t *testing.T) {
	st := storetest.Open(t, store.Options{})
	s := startAPI(t, st)
	d, _, err := gen.Study(gen.Options{Code: "DC", Regions: 3, SamplesPerRegion: 3, Indicators: 3, Replicates: 1, Seed: 6})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(d)
	s.must(t, http.StatusCreated, "POST", "/api/v1/studies", "application/json", b)
	path := "/api/v1/studies/DC/profile"
	before := s.must(t, http.StatusOK, "GET", path, "", nil)
	s.must(t, http.StatusOK, "PATCH", "/api/v1/studies/DC", "application/merge-patch+json", []byte(`{"settings": {"alpha": 0.01}}`))
	after := s.must(t, http.StatusOK, "GET", path, "", nil)
	if bytes.Equal(before.body, after.body) || before.header.Get("ETag") == after.header.Get("ETag") {
		t.Fatal("the profile was served from before the design change")
	}
	if want := profileOfStore(t, st, "DC"); !bytes.Equal(after.body, want) {
		t.Errorf("profile after the design change:\n got %.300s\nwant %.300s", after.body, want)
	}
	var p struct {
		Settings struct{ Alpha float64 } `json:"settings"`
	}
	if json.Unmarshal(after.body, &p) != nil || p.Settings.Alpha != 0.01 {
		t.Errorf("profile settings after the change: %.200s", after.body)
	}
}

// waitFor polls cond until it holds, failing the test after 30 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}
