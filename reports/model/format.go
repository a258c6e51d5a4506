package model

import (
	"math"
	"strconv"
	"strings"
)

// Rounding of the report's figures, docs/method.md §6. Every formatter
// takes the value as a pointer because undefined statistics are nil in the
// profile; they print as Missing.

// Missing is printed for an undefined number.
const Missing = "—"

// PBelow is the smallest p or q value printed as a number.
const PBelow = 0.001

// fixed formats v with the given number of decimals and never prints a
// negative zero ("-0.0" would suggest a direction that is not there).
func Fixed(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.HasPrefix(s, "-") && strings.Trim(s, "-0.") == "" {
		return s[1:]
	}
	return s
}

// FormatValue formats a mean, median, minimum or maximum (the indicator's
// decimals) or, with decimals+1, a standard deviation.
func FormatValue(v *float64, decimals int) string {
	if v == nil {
		return Missing
	}
	return Fixed(*v, decimals)
}

// FormatSigned is FormatValue with an explicit "+" on positive values, for
// differences.
func FormatSigned(v *float64, decimals int) string {
	s := FormatValue(v, decimals)
	if v != nil && s != Missing && !strings.HasPrefix(s, "-") && strings.Trim(s, "0.") != "" {
		return "+" + s
	}
	return s
}

// FormatP formats a p or q value to 3 significant figures, "< 0.001" below
// that.
func FormatP(p *float64) string {
	if p == nil {
		return Missing
	}
	if *p < PBelow {
		return "< 0.001"
	}
	// Round to 3 significant figures first, so that 0.09996 becomes 0.100
	// and not 0.1000: the exponent of the rounded value fixes the decimals.
	rounded, _ := strconv.ParseFloat(strconv.FormatFloat(*p, 'e', 2, 64), 64)
	decimals := max(2-int(math.Floor(math.Log10(rounded))), 0)
	return Fixed(rounded, decimals)
}

// FormatPRelation formats a p or q value for running text: "= 0.012" or
// "< 0.001".
func FormatPRelation(p *float64) string {
	s := FormatP(p)
	if strings.HasPrefix(s, "<") || s == Missing {
		return s
	}
	return "= " + s
}

// FormatEffect formats Hedges' g or a z score to 2 decimals.
func FormatEffect(v *float64) string { return FormatSigned(v, 2) }

// FormatPercent formats a relative difference (a fraction) as a signed
// percentage with 1 decimal: 0.452 → "+45.2%".
func FormatPercent(v *float64) string {
	if v == nil {
		return Missing
	}
	pct := *v * 100
	return FormatSigned(&pct, 1) + "%"
}

// FormatLimit formats a limit or target bound as the design gives it,
// without trailing zeros or rounding.
func FormatLimit(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
