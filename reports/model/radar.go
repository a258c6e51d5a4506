package model

import (
	"fmt"
	"math"

	"github.com/qbench/qbench/internal/i18n"
)

// Radar is the radar chart: one axis per directional indicator
// (Profile.Radar: T-scores 50 + 10·z clipped to 0–100, 50 = the mean of
// the regions, higher = better), one polygon per region.
type Radar struct {
	// Axes in the profile's order, clockwise from the top. Fewer than 3
	// axes: no chart (Empty is said instead).
	Axes []RadarAxis
	// Named is false when there are too many axes for names at the rim:
	// the axes are then numbered and Key lists the names.
	Named bool
	// Max is the value at the rim; Rings are drawn at their values, and
	// RingLabels are printed on the first axis.
	Max        float64
	Rings      []float64
	RingLabels []Tick
	// Series are the regions' polygons, focal first (the legend's order);
	// draw them in reverse so that the focal region lies on top.
	Series                []RadarSeries
	Intro, Caption, Empty i18n.Message
}

// RadarMaxNamedAxes: with more axes the names collide even abbreviated;
// above RadarFullNames axes the names are abbreviated.
const (
	RadarMaxNamedAxes = 30
	RadarFullNames    = 12
)

// abbreviate shortens a name to n runes, marking the cut.
func abbreviate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// RadarAxis is one axis of the radar.
type RadarAxis struct {
	Indicator string
	// Label is printed at the rim: the indicator's name, or its number
	// when the axes are numbered.
	Label string
	// Key is "3  Selenium", for the key under a numbered radar.
	Key string
}

// Angle is the direction of axis i of n, in radians, in page orientation
// (y down): the first axis points up, the others follow clockwise.
func Angle(i, n int) float64 { return -math.Pi/2 + 2*math.Pi*float64(i)/float64(n) }

// RadarSeries is one region's polygon.
type RadarSeries struct {
	Region string
	Label  string
	Role   Role
	// Focal series are filled; the others outlined.
	Focal bool
	// Points skip an axis on which the region has no value, rather than
	// pretending a zero. A series with fewer than 2 points is not drawn.
	Points []RadarPoint
}

// RadarPoint is a region's value on one axis.
type RadarPoint struct {
	Axis  int
	Value float64
}

func (m *Report) radar() Radar {
	axes := m.in.Profile.Radar
	rd := Radar{
		Max:        100,
		Rings:      []float64{25, 50, 75, 100},
		RingLabels: []Tick{{50, "50"}, {100, "100"}},
		Intro:      i18n.M("report.charts.radar.intro"),
		Caption:    i18n.M("report.charts.radar.caption"),
		Empty:      i18n.M("report.charts.radar.too_few"),
		Named:      len(axes) <= RadarMaxNamedAxes,
	}
	if len(axes) < 3 {
		return rd
	}
	for i, a := range axes {
		name := m.IndicatorName(a.Indicator)
		ax := RadarAxis{Indicator: a.Indicator, Label: name, Key: fmt.Sprintf("%d  %s", i+1, name)}
		if len(axes) > RadarFullNames {
			// Chinese names take twice the width of Latin letters.
			n := 14
			if m.Lang != i18n.EN {
				n = 6
			}
			ax.Label = abbreviate(name, n)
		}
		if !rd.Named {
			ax.Label = fmt.Sprint(i + 1)
		}
		rd.Axes = append(rd.Axes, ax)
	}
	for _, reg := range m.Regions {
		s := RadarSeries{Region: reg.Code, Label: reg.Label, Role: reg.Role, Focal: reg.Focal}
		for i, a := range axes {
			if v, ok := a.Values[reg.Code]; ok {
				s.Points = append(s.Points, RadarPoint{Axis: i, Value: v})
			}
		}
		rd.Series = append(rd.Series, s)
	}
	return rd
}
