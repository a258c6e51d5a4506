package model

import (
	"math"
	"strconv"
)

// Tick is one labelled value of an axis.
type Tick struct {
	Value float64
	Label string
}

// Axis is a value axis in data units: it runs from Min to Max, and Ticks
// (the first at Min, the last at Max) carry their printed labels.
type Axis struct {
	Min, Max float64
	Ticks    []Tick
}

// NiceStep is a round step (1, 2, 2.5 or 5 × 10^k) that divides span into
// at most maxTicks intervals.
func NiceStep(span float64, maxTicks int) float64 {
	if span <= 0 || math.IsNaN(span) || math.IsInf(span, 0) {
		return 1
	}
	raw := span / float64(maxTicks)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw*(1-1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}

// NiceTicks are the ticks of an axis covering [lo, hi] with a round step;
// the first and last tick are the axis ends.
func NiceTicks(lo, hi float64, maxTicks int) []float64 {
	if hi <= lo { // a single value: centre it in a small range
		pad := math.Abs(lo) * 0.1
		if pad == 0 {
			pad = 1
		}
		lo, hi = lo-pad, hi+pad
	}
	step := NiceStep(hi-lo, maxTicks)
	first := math.Floor(lo/step+1e-9) * step
	last := math.Ceil(hi/step-1e-9) * step
	var ticks []float64
	for i := 0; ; i++ {
		v := first + float64(i)*step
		if v > last+step/2 {
			break
		}
		// Snap to the step so that 0.30000000000000004 prints as 0.3.
		ticks = append(ticks, math.Round(v/step)*step)
	}
	return ticks
}

// TickDecimals is how many decimals show every tick of the step exactly.
func TickDecimals(step float64) int {
	for d := range 10 {
		scaled := step * math.Pow(10, float64(d))
		if math.Abs(scaled-math.Round(scaled)) < 1e-6*scaled {
			return d
		}
	}
	return 10
}

// FormatPercentTick labels a tick of a percentage axis: v is a fraction,
// printed signed with the given decimals ("+20%", "0%", "-12.5%").
func FormatPercentTick(v float64, decimals int) string {
	s := strconv.FormatFloat(v*100, 'f', decimals, 64)
	if v > 0 {
		s = "+" + s
	}
	if v == 0 {
		s = "0"
	}
	return s + "%"
}
