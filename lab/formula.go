package lab

// Spreadsheets run a CSV cell that starts with =, +, -, @ (or a tab or CR
// before one) as a formula: an analyst's name "=cmd|' /C calc'!A0" or
// "=HYPERLINK(…)" in a results file would run in the bureau's Excel when
// the export is opened (CSV injection, issue 16 item 5). WriteCSV therefore
// writes such a text cell with OWASP's leading apostrophe, which makes the
// spreadsheet show it as text, and Parse and Read take exactly one leading
// apostrophe off again, so that an export reads back as the same results.
// A number ("-3.81", "+2.5") is not text and is written as it is; a cell
// that already starts with an apostrophe before such a cell gets one more,
// so that reading it back gives it unchanged.

// formulaLike reports whether a spreadsheet would take cell as a formula.
func formulaLike(cell string) bool {
	if cell == "" {
		return false
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return !isDecimal(cell)
	}
	return false
}

// needsApostrophe reports whether WriteCSV writes cell with a leading
// apostrophe: it looks like a formula, or it is one already escaped.
func needsApostrophe(cell string) bool {
	for len(cell) > 1 && cell[0] == '\'' {
		cell = cell[1:]
	}
	return formulaLike(cell)
}

// neutralise writes a text cell for a spreadsheet.
func neutralise(cell string) string {
	if needsApostrophe(cell) {
		return "'" + cell
	}
	return cell
}

// unneutralise undoes neutralise.
func unneutralise(cell string) string {
	if len(cell) > 1 && cell[0] == '\'' && needsApostrophe(cell[1:]) {
		return cell[1:]
	}
	return cell
}
