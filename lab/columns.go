package lab

// column is a column of the upload format.
type column int

const (
	colSample column = iota
	colIndicator
	colValue
	colUnit
	colMethod
	colLab
	colLOD
	colReplicate
	colTestedOn
	colAnalyst
	numColumns
)

// columnNames are the names of the upload format's columns, in the order
// WriteCSV writes them. Names are matched exactly: they are public and
// lower case (shared/FORMATS.md).
var columnNames = [numColumns]string{
	"sample", "indicator", "value", "unit", "method", "lab",
	"lod", "replicate", "tested_on", "analyst",
}

func (c column) String() string { return columnNames[c] }

// required reports whether every results file must have the column.
func (c column) required() bool { return c <= colLab }

// lookupColumn returns the column with the given name.
func lookupColumn(name string) (column, bool) {
	for c, n := range columnNames {
		if n == name {
			return column(c), true
		}
	}
	return 0, false
}
