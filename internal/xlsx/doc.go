// Package xlsx is qbench's one reader of XLSX workbooks: the results
// workbooks a lab uploads (package lab) and the design workbooks a study is
// set up from (package internal/sheets) are read here, under one set of
// rules against hostile files.
//
// A workbook is a ZIP archive, and a 1 MB one can declare a 1 GiB sheet.
// Open checks the archive's central directory against Limits before it
// inflates anything — the sum of the sizes its parts declare, how many
// parts there are, how far each part claims to inflate — and every byte
// then inflated is counted against the same budget, since a declaration can
// lie. Parts are streamed: sheet XML is read row by row by a tokenizer that
// allocates nothing per token, no run of bytes without a '<' may pass
// MaxRunBytes, no cell MaxCellBytes, and a sheet stops at the first row
// numbered past MaxRows or cell right of MaxColumns. Nothing is written to
// disk.
//
// Cells are read raw, as excelize reads them with RawCellValue: a number is
// the number as written (41.2, whatever format shows it), text is the text
// (shared strings and inline strings, rich text runs joined, phonetic hints
// left out, _xHHHH_ escapes decoded), a boolean is 0 or 1, a date is its
// serial number (Workbook.Date1904 tells the date system), a formula is its
// cached value. Merged cells are what the file holds: the value in the
// top-left cell, the others empty.
//
// Errors are typed — *LimitError, *DamagedError, *FormatError, ErrNoSheet —
// so that each caller words them from its own catalogue keys.
package xlsx
