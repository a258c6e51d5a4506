package study

import (
	"container/list"
	"sync"
)

// profileCache keeps the last profile document of each study with the
// revision it was computed from, least recently used first out once the
// documents together pass the byte bound (a profile of a large study is
// megabytes; a count bound would not bound memory).
type profileCache struct {
	mu      sync.Mutex
	limit   int64
	size    int64
	order   *list.List // of *cachedProfile, most recently used at the front
	entries map[string]*list.Element
}

type cachedProfile struct {
	code     string
	revision int64
	body     []byte
}

func newProfileCache(limit int64) *profileCache {
	return &profileCache{limit: limit, order: list.New(), entries: map[string]*list.Element{}}
}

func (pc *profileCache) get(code string, revision int64) ([]byte, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	el, ok := pc.entries[code]
	if !ok {
		return nil, false
	}
	e := el.Value.(*cachedProfile)
	if e.revision != revision {
		return nil, false
	}
	pc.order.MoveToFront(el)
	return e.body, true
}

// put keeps body as the profile of code at revision, unless a later
// revision is cached already. A document larger than the whole bound is
// not kept.
func (pc *profileCache) put(code string, revision int64, body []byte) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if el, ok := pc.entries[code]; ok {
		e := el.Value.(*cachedProfile)
		if e.revision > revision {
			return
		}
		pc.remove(el)
	}
	if int64(len(body)) > pc.limit {
		return
	}
	pc.entries[code] = pc.order.PushFront(&cachedProfile{code: code, revision: revision, body: body})
	pc.size += int64(len(body))
	for pc.size > pc.limit {
		pc.remove(pc.order.Back())
	}
}

func (pc *profileCache) remove(el *list.Element) {
	e := el.Value.(*cachedProfile)
	pc.order.Remove(el)
	delete(pc.entries, e.code)
	pc.size -= int64(len(e.body))
}

// bytes is the size of the cached documents.
func (pc *profileCache) bytes() int64 {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.size
}
