package reports

import "testing"

func TestFormatP(t *testing.T) {
	cases := []struct {
		p    *float64
		want string
	}{
		{nil, "—"},
		{ptr(0.0), "< 0.001"},
		{ptr(0.000999), "< 0.001"},
		{ptr(0.001), "0.00100"},
		{ptr(0.0123456), "0.0123"},
		{ptr(0.09996), "0.100"},
		{ptr(0.5), "0.500"},
		{ptr(0.04999), "0.0500"},
		{ptr(1.0), "1.00"},
	}
	for _, c := range cases {
		if got := formatP(c.p); got != c.want {
			t.Errorf("formatP(%v) = %q, want %q", deref(c.p), got, c.want)
		}
	}
	if got := formatPRelation(ptr(0.0123)); got != "= 0.0123" {
		t.Errorf("formatPRelation = %q", got)
	}
	if got := formatPRelation(ptr(0.0001)); got != "< 0.001" {
		t.Errorf("formatPRelation = %q", got)
	}
}

func TestFormatFigures(t *testing.T) {
	cases := []struct {
		name, got, want string
	}{
		{"mean", formatValue(ptr(41.849), 1), "41.8"},
		{"sd gets one more decimal", formatValue(ptr(0.98765), 1+1), "0.99"},
		{"no negative zero", formatValue(ptr(-0.0004), 2), "0.00"},
		{"missing", formatValue(nil, 2), "—"},
		{"signed diff", formatSigned(ptr(2.345), 2), "+2.35"},
		{"negative diff", formatSigned(ptr(-0.5), 1), "-0.5"},
		{"zero diff", formatSigned(ptr(0.0001), 2), "0.00"},
		{"g", formatEffect(ptr(1.23456)), "+1.23"},
		{"rel diff", formatPercent(ptr(0.4523)), "+45.2%"},
		{"negative rel diff", formatPercent(ptr(-0.1)), "-10.0%"},
		{"rel diff missing", formatPercent(nil), "—"},
		{"limit as given", formatLimitNumber(7.0), "7"},
		{"limit decimals kept", formatLimitNumber(0.005), "0.005"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestNiceTicks(t *testing.T) {
	ticks := niceTicks(0.23, 4.1, 5)
	if ticks[0] > 0.23 || ticks[len(ticks)-1] < 4.1 || len(ticks) > 7 {
		t.Errorf("niceTicks(0.23, 4.1) = %v", ticks)
	}
	if got := niceTicks(3, 3, 5); len(got) < 2 {
		t.Errorf("niceTicks of a single value = %v", got)
	}
	if d := tickDecimals(0.25); d != 2 {
		t.Errorf("tickDecimals(0.25) = %d", d)
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
