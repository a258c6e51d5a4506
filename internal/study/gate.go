package study

import (
	"context"
	"sync/atomic"
)

// Gate bounds heavy work (analyses and renderings) running at once: one
// gate for all of it, so that profiles and reports together cannot take
// more cores than configured.
type Gate struct {
	slots   chan struct{}
	waiting atomic.Int64
}

// NewGate returns a gate of n slots.
func NewGate(n int) *Gate { return &Gate{slots: make(chan struct{}, max(n, 1))} }

// Acquire takes a slot, waiting for one until ctx is done.
func (g *Gate) Acquire(ctx context.Context) error {
	select {
	case g.slots <- struct{}{}:
		return nil
	default:
	}
	g.waiting.Add(1)
	defer g.waiting.Add(-1)
	select {
	case g.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Release gives a slot back.
func (g *Gate) Release() { <-g.slots }

// Waiting is the number of callers waiting for a slot.
func (g *Gate) Waiting() int { return int(g.waiting.Load()) }

// InUse is the number of slots taken.
func (g *Gate) InUse() int { return len(g.slots) }
