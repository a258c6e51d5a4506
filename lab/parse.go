package lab

// Table is a results file read into raw rows: cells as text, not yet
// checked against a design. Parse makes it; Check judges it.
type Table struct {
	Format  Format
	Columns []Column
	Rows    []Row
}

// Column is a column of a table: a header cell of a CSV file or sheet, or a
// key of the JSON results.
type Column struct {
	// Name is the header cell without surrounding spaces, or the JSON key.
	Name string
	// Row is where the column is named: the header row, or in JSON the
	// first result that has the key.
	Row int
}

// Row is a row of a table.
type Row struct {
	// Number is the row as the user sees it (see RowError).
	Number int
	// Cells are the row's cells as written, Cells[i] in Columns[i]. A row
	// may have fewer cells than the table has columns — a sheet row ends at
	// its last filled cell, a JSON result may lack keys — and a missing cell
	// reads as empty. Only CSV rows must match the header (Check).
	Cells []string
}
