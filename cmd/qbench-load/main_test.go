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
	r, err := run(context.Background(), srv.URL, "T", 4, 300*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if r.Requests < 10 || r.Errors == 0 || r.Statuses["503"] != r.Errors || r.Statuses["200"]+r.Errors != r.Requests {
		t.Errorf("report %+v", r)
	}
	if !(r.P50ms <= r.P99ms && r.P99ms <= r.MaxMs) || r.RPS <= 0 || r.BytesPerReq == 0 {
		t.Errorf("report %+v", r)
	}
	if _, err := run(context.Background(), srv.URL, "wrong", 1, 100*time.Millisecond); err == nil {
		t.Error("a URL that refuses the first request was measured")
	}
}
