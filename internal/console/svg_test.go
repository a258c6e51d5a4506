package console

import (
	"bytes"
	"math"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/examples"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/lab"
	"github.com/qbench/qbench/reports/model"
)

// demoModel is the report model of the green-tea demo study, as the PDF
// gets it.
func demoModel(t *testing.T) *model.Report {
	t.Helper()
	d, err := benchmark.ParseDesign(examples.GreenTeaDesign)
	if err != nil {
		t.Fatal(err)
	}
	table, err := lab.Parse(bytesReader(examples.GreenTeaResults), lab.CSV)
	if err != nil {
		t.Fatal(err)
	}
	results, err := lab.Check(d, table, lab.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := benchmark.Analyze(d, results)
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.New(model.Input{Design: d, Results: results, Profile: p}, i18n.ZH)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestBarsFollowTheModel: the SVG bars are the model's bars mapped by one
// linear scale — every bar's end at its Shown value, on the side of its
// sign, in the colour of its role, in the model's order — so that the
// screen shows what the paper shows.
func TestBarsFollowTheModel(t *testing.T) {
	m := demoModel(t)
	g := layoutBars(&m.Bars)
	if g == nil || len(g.Bars) != len(m.Bars.Bars) {
		t.Fatalf("layout has %v bars, the model %d", g, len(m.Bars.Bars))
	}
	scale := (g.Right - g.Left) / (m.Bars.Axis.Max - m.Bars.Axis.Min)
	for i, b := range m.Bars.Bars {
		sb := g.Bars[i]
		if sb.Label != b.Label || sb.Fill != b.Role.RGB().Hex() || sb.Value != b.ValueLabel {
			t.Errorf("bar %d: %+v, model %+v", i, sb, b)
		}
		if b.Value == nil {
			if !sb.NoValue || sb.W != 0 {
				t.Errorf("bar %d without a value is drawn: %+v", i, sb)
			}
			continue
		}
		end := sb.X + sb.W
		if b.Shown < 0 {
			end = sb.X
		}
		if want := g.Zero + b.Shown*scale; math.Abs(end-want) > 1e-9 {
			t.Errorf("bar %d (%s) ends at %.3f, want %.3f", i, b.Label, end, want)
		}
		if i > 0 && sb.Y <= g.Bars[i-1].Y {
			t.Errorf("bar %d is not below bar %d", i, i-1)
		}
	}
	if math.Abs(g.Zero-(g.Left-m.Bars.Axis.Min*scale)) > 1e-9 {
		t.Errorf("zero at %.3f", g.Zero)
	}
}

// TestRadarAndDotsFollowTheModel: the radar's series and the dot plots'
// dots are the model's, one for one.
func TestRadarAndDotsFollowTheModel(t *testing.T) {
	m := demoModel(t)
	r := layoutRadar(&m.Radar)
	if r == nil || len(r.Series) != len(m.Radar.Series) || len(r.Spokes) != len(m.Radar.Axes) {
		t.Fatalf("radar: %+v", r)
	}
	plots := layoutDots(&m.Dots)
	if len(plots) != len(m.Dots.Plots) || len(plots) == 0 {
		t.Fatalf("%d dot plots, the model has %d", len(plots), len(m.Dots.Plots))
	}
	for i, p := range m.Dots.Plots {
		n, hollow := 0, 0
		for _, c := range p.Columns {
			n += len(c.Dots)
			for _, d := range c.Dots {
				if d.NonDetect {
					hollow++
				}
			}
		}
		got := 0
		for _, d := range plots[i].Dots {
			if d.Hollow {
				got++
			}
			if d.Y < plots[i].Top-1e-9 || d.Y > plots[i].Bottom+1e-9 {
				t.Errorf("plot %s: a dot off the axis at y %.1f", p.Title, d.Y)
			}
		}
		if len(plots[i].Dots) != n || got != hollow {
			t.Errorf("plot %s: %d dots (%d hollow), the model %d (%d)", p.Title, len(plots[i].Dots), got, n, hollow)
		}
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
