package model

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
		if got := FormatP(c.p); got != c.want {
			t.Errorf("FormatP(%v) = %q, want %q", deref(c.p), got, c.want)
		}
	}
	if got := FormatPRelation(ptr(0.0123)); got != "= 0.0123" {
		t.Errorf("FormatPRelation = %q", got)
	}
	if got := FormatPRelation(ptr(0.0001)); got != "< 0.001" {
		t.Errorf("FormatPRelation = %q", got)
	}
}

func TestFormatFigures(t *testing.T) {
	cases := []struct {
		name, got, want string
	}{
		{"mean", FormatValue(ptr(41.849), 1), "41.8"},
		{"sd gets one more decimal", FormatValue(ptr(0.98765), 1+1), "0.99"},
		{"no negative zero", FormatValue(ptr(-0.0004), 2), "0.00"},
		{"Missing", FormatValue(nil, 2), "—"},
		{"signed diff", FormatSigned(ptr(2.345), 2), "+2.35"},
		{"negative diff", FormatSigned(ptr(-0.5), 1), "-0.5"},
		{"zero diff", FormatSigned(ptr(0.0001), 2), "0.00"},
		{"g", FormatEffect(ptr(1.23456)), "+1.23"},
		{"rel diff", FormatPercent(ptr(0.4523)), "+45.2%"},
		{"negative rel diff", FormatPercent(ptr(-0.1)), "-10.0%"},
		{"rel diff Missing", FormatPercent(nil), "—"},
		{"limit as given", FormatLimit(7.0), "7"},
		{"limit decimals kept", FormatLimit(0.005), "0.005"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestNiceTicks(t *testing.T) {
	ticks := NiceTicks(0.23, 4.1, 5)
	if ticks[0] > 0.23 || ticks[len(ticks)-1] < 4.1 || len(ticks) > 7 {
		t.Errorf("NiceTicks(0.23, 4.1) = %v", ticks)
	}
	if got := NiceTicks(3, 3, 5); len(got) < 2 {
		t.Errorf("NiceTicks of a single value = %v", got)
	}
	if d := TickDecimals(0.25); d != 2 {
		t.Errorf("TickDecimals(0.25) = %d", d)
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func ptr[T any](v T) *T { return &v }
