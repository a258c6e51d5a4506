// Package lab is the intake of lab results (docs: README, "Formats"):
// Read parses a CSV, JSON or XLSX results file and checks it against a
// study design in one streaming pass — the four unifications, values
// (signed; non-detects ND, N.D., 未检出, <x), limits of detection,
// replicates, dates, duplicates, text without control characters — and
// returns benchmark.Results; WriteCSV and WriteJSON write results back in
// the upload format. Parse and Check do the same in two steps through a
// Table, for tests and tools that want the cells.
//
// A file is in the long layout (one row per result, English or Chinese
// headers) or, in CSV and XLSX, the wide one (one row per sample, one
// column per indicator; wide.go), told apart by its header.
//
// An upload is all or nothing, so checking does not stop at the first bad
// row: it returns every problem it finds as a *Problems, each with the
// row number the user sees in the file, the column in the header's own
// words and a catalogue message (see RowError). What reading may cost is
// bounded by Limits, checked before the work is done; a file past one is a
// *LimitError; workbooks are read by the bounded reader of internal/xlsx,
// which design workbooks share. The package is pure: no HTTP, no database,
// no temporary files.
package lab
