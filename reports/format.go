package reports

import (
	"math"
	"strconv"
	"strings"
)

// Rounding of the report's figures, shared/METHOD.md §6. Every formatter
// takes the value as a pointer because undefined statistics are nil in the
// profile; they print as missing.

// missing is printed for an undefined number.
const missing = "—"

// pBelow is the smallest p or q value printed as a number.
const pBelow = 0.001

// fixed formats v with the given number of decimals and never prints a
// negative zero ("-0.0" would suggest a direction that is not there).
func fixed(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.HasPrefix(s, "-") && strings.Trim(s, "-0.") == "" {
		return s[1:]
	}
	return s
}

// formatValue formats a mean, median, minimum or maximum (the indicator's
// decimals) or, with decimals+1, a standard deviation.
func formatValue(v *float64, decimals int) string {
	if v == nil {
		return missing
	}
	return fixed(*v, decimals)
}

// formatSigned is formatValue with an explicit "+" on positive values, for
// differences.
func formatSigned(v *float64, decimals int) string {
	s := formatValue(v, decimals)
	if v != nil && s != missing && !strings.HasPrefix(s, "-") && strings.Trim(s, "0.") != "" {
		return "+" + s
	}
	return s
}

// formatP formats a p or q value to 3 significant figures, "< 0.001" below
// that.
func formatP(p *float64) string {
	if p == nil {
		return missing
	}
	if *p < pBelow {
		return "< 0.001"
	}
	// Round to 3 significant figures first, so that 0.09996 becomes 0.100
	// and not 0.1000: the exponent of the rounded value fixes the decimals.
	rounded, _ := strconv.ParseFloat(strconv.FormatFloat(*p, 'e', 2, 64), 64)
	decimals := max(2-int(math.Floor(math.Log10(rounded))), 0)
	return fixed(rounded, decimals)
}

// formatPRelation formats a p or q value for running text: "= 0.012" or
// "< 0.001".
func formatPRelation(p *float64) string {
	s := formatP(p)
	if strings.HasPrefix(s, "<") || s == missing {
		return s
	}
	return "= " + s
}

// formatEffect formats Hedges' g or a z score to 2 decimals.
func formatEffect(v *float64) string { return formatSigned(v, 2) }

// formatPercent formats a relative difference (a fraction) as a signed
// percentage with 1 decimal: 0.452 → "+45.2%".
func formatPercent(v *float64) string {
	if v == nil {
		return missing
	}
	pct := *v * 100
	return formatSigned(&pct, 1) + "%"
}

// formatLimitNumber formats a limit or target bound as the design gives it,
// without trailing zeros or rounding.
func formatLimitNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
