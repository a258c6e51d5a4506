package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/sync/singleflight"

	"github.com/qbench/qbench/benchmark"
)

// profileCache keeps the last profile JSON of each study with the revision
// it was computed from. Every change of a study's design, state or results
// bumps its revision (in the same transaction), so a cached profile whose
// revision still matches the database's is current, and a stale one is
// never served.
type profileCache struct {
	mu      sync.Mutex
	entries map[string]cachedProfile
	flight  singleflight.Group
}

type cachedProfile struct {
	revision int64
	body     []byte
}

func newProfileCache() *profileCache {
	return &profileCache{entries: map[string]cachedProfile{}}
}

func (pc *profileCache) get(code string, revision int64) ([]byte, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	e, ok := pc.entries[code]
	return e.body, ok && e.revision == revision
}

func (pc *profileCache) put(code string, revision int64, body []byte) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if e, ok := pc.entries[code]; !ok || e.revision <= revision {
		pc.entries[code] = cachedProfile{revision: revision, body: body}
	}
}

// profileTimeout bounds a profile computation that no request can cancel.
const profileTimeout = 2 * time.Minute

// profileJSON returns the profile of a study at its current revision: from
// the cache, or computed once however many requests ask at the same time.
func (s *Server) profileJSON(ctx context.Context, code string, revision int64) ([]byte, error) {
	if body, ok := s.profiles.get(code, revision); ok {
		return body, nil
	}
	key := code + "@" + strconv.FormatInt(revision, 10)
	v, err, _ := s.profiles.flight.Do(key, func() (any, error) {
		// The computation is shared by every request waiting for it, so it
		// must not stop when the first of them goes away.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), profileTimeout)
		defer cancel()
		defer observeSince(s.cfg.Metrics.ObserveProfile, time.Now())
		st, results, err := s.store.LoadStudyData(ctx, code)
		if err != nil {
			return nil, err
		}
		body, err := computeProfile(st.Design, results)
		if err != nil {
			return nil, err
		}
		s.profiles.put(code, st.Revision, body)
		return body, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]byte), nil
}

// computeProfile analyses a study and encodes the profile.
func computeProfile(d *benchmark.Design, results []benchmark.Result) ([]byte, error) {
	p, err := benchmark.Analyze(d, results)
	if err != nil {
		return nil, fmt.Errorf("analyse study %s: %w", d.Code, err)
	}
	var buf bytes.Buffer
	if err := jsonEncode(&buf, p); err != nil {
		return nil, fmt.Errorf("encode profile of study %s: %w", d.Code, err)
	}
	return buf.Bytes(), nil
}

func (s *Server) getProfile(c *gin.Context) {
	h, ok := s.authorizeStudy(c)
	if !ok {
		return
	}
	body, err := s.profileJSON(c.Request.Context(), h.Code, h.Revision)
	if err != nil {
		fail(c, err)
		return
	}
	etag := `"` + h.Code + "-" + strconv.FormatInt(h.Revision, 10) + `"`
	c.Header("ETag", etag)
	if c.GetHeader("If-None-Match") == etag {
		c.Status(http.StatusNotModified)
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
}
