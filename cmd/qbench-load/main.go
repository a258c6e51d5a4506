// Command qbench-load is a small HTTP load generator for benchmarking the
// qbench API on loopback: C concurrent clients send GET requests to a URL
// for a while, each as soon as its previous answer is read, and it reports
// requests per second, latency percentiles and every failure (a transport
// error or a status other than 2xx and 304). It needs no install, unlike
// wrk or hey, which is why scripts/bench uses it.
//
//	qbench-load -url http://127.0.0.1:8080/api/v1/studies/X/profile -token T -c 32 -d 10s [-json]
//
// With -session it loads a web console page instead: it signs in once at
// the URL's /login with the token, as a browser does, and every client
// sends the session's cookie.
//
//	qbench-load -session -url http://127.0.0.1:8080/studies/X/profile -token T -c 32 -d 10s
//
// It exits with status 1 when any request failed.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	neturl "net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// Report is what a run measured.
type Report struct {
	URL         string         `json:"url"`
	Clients     int            `json:"clients"`
	Seconds     float64        `json:"seconds"`
	Requests    int            `json:"requests"`
	Errors      int            `json:"errors"`
	RPS         float64        `json:"rps"`
	P50ms       float64        `json:"p50_ms"`
	P90ms       float64        `json:"p90_ms"`
	P99ms       float64        `json:"p99_ms"`
	MaxMs       float64        `json:"max_ms"`
	BytesPerReq int64          `json:"bytes_per_request"`
	Statuses    map[string]int `json:"statuses"`
	FirstError  string         `json:"first_error,omitempty"`
}

func main() {
	url := flag.String("url", "", "URL to GET (required)")
	token := flag.String("token", os.Getenv("QBENCH_TOKEN"), "bearer token (default $QBENCH_TOKEN)")
	clients := flag.Int("c", 32, "concurrent clients")
	duration := flag.Duration("d", 10*time.Second, "how long to send requests")
	asJSON := flag.Bool("json", false, "print the report as JSON")
	session := flag.Bool("session", false, "sign in to the web console with the token and send its session cookie")
	flag.Parse()
	if *url == "" || *clients < 1 || *duration <= 0 {
		fmt.Fprintln(os.Stderr, "usage: qbench-load -url URL [-token T] [-c 32] [-d 10s] [-json]")
		os.Exit(2)
	}
	auth := "Bearer " + *token
	if *token == "" {
		auth = ""
	}
	if *session {
		cookie, err := signIn(*url, *token)
		if err != nil {
			fmt.Fprintln(os.Stderr, "qbench-load:", err)
			os.Exit(2)
		}
		auth = "Cookie: " + cookie
	}
	r, err := run(context.Background(), *url, auth, *clients, *duration)
	if err != nil {
		fmt.Fprintln(os.Stderr, "qbench-load:", err)
		os.Exit(2)
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(r)
	} else {
		fmt.Printf("%s: %d clients, %.1f s: %d requests, %d errors, %.0f req/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms, %d bytes each\n",
			r.URL, r.Clients, r.Seconds, r.Requests, r.Errors, r.RPS, r.P50ms, r.P90ms, r.P99ms, r.MaxMs, r.BytesPerReq)
		if r.FirstError != "" {
			fmt.Println("first error:", r.FirstError)
		}
	}
	if r.Errors > 0 {
		os.Exit(1)
	}
}

// outcome is one client's tally.
type outcome struct {
	latencies []time.Duration
	errors    int
	bytes     int64
	statuses  map[string]int
	firstErr  string
}

// signIn posts the token to the console's /login at the URL's origin (with
// the Origin header a browser's same-origin form post carries) and returns
// the session cookie it sets.
func signIn(target, token string) (string, error) {
	u, err := neturl.Parse(target)
	if err != nil {
		return "", err
	}
	origin := u.Scheme + "://" + u.Host
	req, err := http.NewRequest("POST", origin+"/login", strings.NewReader(neturl.Values{"token": {token}}.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", origin)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	client := &http.Client{Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("sign in at %s/login: %w", origin, err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "qbench_session" && c.Value != "" {
			return c.Name + "=" + c.Value, nil
		}
	}
	return "", fmt.Errorf("sign in at %s/login: status %d and no session cookie", origin, resp.StatusCode)
}

// run loads url; auth is the credential header every request carries:
// "Bearer T" (Authorization), "Cookie: …" (a console session) or "".
func run(ctx context.Context, url, auth string, clients int, d time.Duration) (*Report, error) {
	client := &http.Client{
		Transport: &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, DisableCompression: true},
		Timeout:   time.Minute,
	}
	defer client.CloseIdleConnections()
	get := func(ctx context.Context) (int, int64, error) {
		req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
		if err != nil {
			return 0, 0, err
		}
		if cookie, ok := strings.CutPrefix(auth, "Cookie: "); ok {
			req.Header.Set("Cookie", cookie)
		} else if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, 0, err
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, n, err
	}
	// One request first: a URL that does not answer is a mistake, not a
	// measurement (and a cold cache is warmed).
	if status, _, err := get(ctx); err != nil || !ok(status) {
		return nil, fmt.Errorf("first request to %s: status %d, %v", url, status, err)
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	outcomes := make([]outcome, clients)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range outcomes {
		o := &outcomes[i]
		o.statuses = map[string]int{}
		wg.Go(func() {
			for ctx.Err() == nil {
				t := time.Now()
				status, n, err := get(context.Background())
				o.latencies = append(o.latencies, time.Since(t))
				o.bytes += n
				switch {
				case err != nil:
					o.errors++
					o.statuses["error"]++
					if o.firstErr == "" {
						o.firstErr = err.Error()
					}
				case !ok(status):
					o.errors++
					o.statuses[fmt.Sprint(status)]++
					if o.firstErr == "" {
						o.firstErr = fmt.Sprintf("status %d", status)
					}
				default:
					o.statuses[fmt.Sprint(status)]++
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	r := &Report{URL: url, Clients: clients, Seconds: elapsed.Seconds(), Statuses: map[string]int{}}
	var all []time.Duration
	var bytes int64
	for _, o := range outcomes {
		all = append(all, o.latencies...)
		r.Errors += o.errors
		bytes += o.bytes
		for k, v := range o.statuses {
			r.Statuses[k] += v
		}
		if r.FirstError == "" {
			r.FirstError = o.firstErr
		}
	}
	r.Requests = len(all)
	if r.Requests == 0 {
		return nil, fmt.Errorf("no request finished in %v", d)
	}
	slices.Sort(all)
	ms := func(q float64) float64 {
		i := min(int(q*float64(len(all))), len(all)-1)
		return float64(all[i]) / float64(time.Millisecond)
	}
	r.RPS = float64(r.Requests) / elapsed.Seconds()
	r.P50ms, r.P90ms, r.P99ms, r.MaxMs = ms(0.50), ms(0.90), ms(0.99), ms(1)
	r.BytesPerReq = bytes / int64(r.Requests)
	r.URL = strings.TrimSpace(url)
	return r, nil
}

func ok(status int) bool { return status/100 == 2 || status == http.StatusNotModified }
