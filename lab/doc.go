// Package lab is the intake of lab results (shared/FORMATS.md, "Lab
// results"): Parse reads a CSV, JSON or XLSX results file into raw rows,
// Check holds the rows against a study design — the four unifications,
// values, limits of detection, replicates, dates and duplicates — and turns
// them into benchmark.Results, and WriteCSV and WriteJSON write results back
// in the same upload format.
//
// An upload is all or nothing, so Check does not stop at the first bad row:
// it returns every problem it finds as a *Problems, each with the row number
// the user sees in the file (see RowError). The package is pure: no HTTP, no
// database.
package lab
