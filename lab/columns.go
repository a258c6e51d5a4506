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
// lower case (docs/formats.md).
var columnNames = [numColumns]string{
	"sample", "indicator", "value", "unit", "method", "lab",
	"lod", "replicate", "tested_on", "analyst",
}

func (c column) String() string { return columnNames[c] }

// required reports whether every results file must have the column.
func (c column) required() bool { return c <= colLab }

// chineseNames are the Chinese names of the columns, which a header may
// use instead of the English ones (docs/formats.md, revision 2).
var chineseNames = [numColumns]string{
	"样品编号", "指标", "结果", "单位", "检测方法", "检测机构",
	"检出限", "平行样", "检测日期", "检测人",
}

// lookupColumn returns the column with the given name, English or Chinese.
func lookupColumn(name string) (column, bool) {
	for c, n := range columnNames {
		if n == name || chineseNames[c] == name {
			return column(c), true
		}
	}
	return 0, false
}
