package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestRunCountsRequestsAndErrors(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer T" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if n.Add(1)%10 == 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("hello"))
	}))
	defer srv.Close()
	r, err := run(context.Background(), srv.URL, "Bearer T", 4, 300*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if r.Requests < 10 || r.Errors == 0 || r.Statuses["503"] != r.Errors || r.Statuses["200"]+r.Errors != r.Requests {
		t.Errorf("report %+v", r)
	}
	if !(r.P50ms <= r.P99ms && r.P99ms <= r.MaxMs) || r.RPS <= 0 || r.BytesPerReq == 0 {
		t.Errorf("report %+v", r)
	}
	if _, err := run(context.Background(), srv.URL, "Bearer wrong", 1, 100*time.Millisecond); err == nil {
		t.Error("a URL that refuses the first request was measured")
	}
}

// TestSessionSignsInOnce: with -session the token goes to /login once, as
// a same-origin form post, and every request carries the session cookie.
func TestSessionSignsInOnce(t *testing.T) {
	var logins atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/login" {
			logins.Add(1)
			if r.Method != "POST" || r.Header.Get("Origin") == "" || r.FormValue("token") != "T" {
				w.WriteHeader(http.StatusForbidden)
				return
			}
			http.SetCookie(w, &http.Cookie{Name: "qbench_session", Value: "S"})
			http.Redirect(w, r, "/studies", http.StatusSeeOther)
			return
		}
		if c, err := r.Cookie("qbench_session"); err != nil || c.Value != "S" || r.Header.Get("Authorization") != "" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Write([]byte("<html>"))
	}))
	defer srv.Close()
	cookie, err := signIn(srv.URL+"/studies/X/profile", "T")
	if err != nil {
		t.Fatal(err)
	}
	r, err := run(context.Background(), srv.URL+"/studies/X/profile", "Cookie: "+cookie, 4, 200*time.Millisecond)
	if err != nil || r.Errors != 0 || r.Requests == 0 || logins.Load() != 1 {
		t.Fatalf("report %+v, %v, %d logins", r, err, logins.Load())
	}
	if _, err := signIn(srv.URL, "wrong"); err == nil {
		t.Error("a refused sign-in gave a cookie")
	}
}
