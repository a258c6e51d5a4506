// Package sheets is the spreadsheet side of setting a study up: the design
// workbook (sheets 研究/Study, 产区/Regions, 指标/Indicators, 样品/Samples)
// read into and written from the design's JSON document, the results
// template a lab fills in (the wide layout of FORMATS revision 2), and the
// indicator sets a bureau starts a design from.
//
// The package works on the design's JSON document — ordered members,
// extra fields kept — and not on benchmark.Design, so that a workbook
// carries every field a design may have, including ones this package does
// not know. It is pure: readers take bytes, writers take an io.Writer, and
// nothing here touches a database or the network. Reading is bounded: a
// workbook is read by internal/xlsx, the reader results workbooks share,
// which checks its declared sizes before inflating anything and caps rows
// and columns (see Limits); excelize only writes. docs/workbooks.md
// describes the layout.
package sheets
