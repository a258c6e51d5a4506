package lab

import (
	"fmt"

	"github.com/qbench/qbench/internal/i18n"
)

// Limits bound what reading one results file may cost, whatever the file
// claims about itself. Each is checked while the file is read, before the
// work it would cause is done: a workbook's declared sizes before anything
// is decompressed, a CSV line before it is split, a JSON value before it is
// kept. A zero field takes its default (DefaultLimits). The server exposes
// each as a setting of `qbench serve` (README, "Configuration").
type Limits struct {
	// MaxRows is the most result rows a file may have (blank rows aside).
	MaxRows int
	// MaxColumns is the most columns a header may have, and the rightmost
	// column a sheet cell may be in.
	MaxColumns int
	// MaxCellBytes is the longest cell: a CSV field, a JSON string or
	// number, a sheet cell's text.
	MaxCellBytes int
	// MaxLineBytes is the longest CSV line, and in JSON the longest run of
	// bytes without a quote — a bound on any one token.
	MaxLineBytes int
	// MaxJSONKeys is the most distinct keys the results of a JSON file may
	// use together.
	MaxJSONKeys int
	// MaxXLSXBytes is the most a workbook's parts may take decompressed:
	// checked against the sizes the ZIP directory declares before reading,
	// and against the bytes actually decompressed while reading, since a
	// declaration can lie.
	MaxXLSXBytes int64
}

// The default limits: far above any real results file (a study of 100
// samples, 50 indicators and 3 replicates has 15,000 results), low enough
// that a hostile file is refused in well under a second with a few MiB.
const (
	DefaultMaxRows      = 500_000
	DefaultMaxColumns   = 2_000
	DefaultMaxCellBytes = 4 << 10
	DefaultMaxLineBytes = 64 << 10
	DefaultMaxJSONKeys  = 100
	DefaultMaxXLSXBytes = 128 << 20
)

// DefaultLimits returns the default limits.
func DefaultLimits() Limits {
	return Limits{
		MaxRows:      DefaultMaxRows,
		MaxColumns:   DefaultMaxColumns,
		MaxCellBytes: DefaultMaxCellBytes,
		MaxLineBytes: DefaultMaxLineBytes,
		MaxJSONKeys:  DefaultMaxJSONKeys,
		MaxXLSXBytes: DefaultMaxXLSXBytes,
	}
}

// orDefaults fills zero (or negative) fields with the defaults.
func (l Limits) orDefaults() Limits {
	d := DefaultLimits()
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	if l.MaxColumns <= 0 {
		l.MaxColumns = d.MaxColumns
	}
	if l.MaxCellBytes <= 0 {
		l.MaxCellBytes = d.MaxCellBytes
	}
	if l.MaxLineBytes <= 0 {
		l.MaxLineBytes = d.MaxLineBytes
	}
	if l.MaxJSONKeys <= 0 {
		l.MaxJSONKeys = d.MaxJSONKeys
	}
	if l.MaxXLSXBytes <= 0 {
		l.MaxXLSXBytes = d.MaxXLSXBytes
	}
	return l
}

// The names of the limits, as the settings of `qbench serve` call them
// (without the "intake-" prefix of the flags); LimitError.Limit is one.
const (
	LimitRows      = "max-rows"
	LimitColumns   = "max-columns"
	LimitCellBytes = "max-cell-bytes"
	LimitLineBytes = "max-line-bytes"
	LimitJSONKeys  = "max-json-keys"
	LimitXLSXBytes = "max-xlsx-bytes"
)

// LimitError is the error of a file refused because it exceeds a limit.
// Reading stops there, so unlike a *Problems it is the only problem
// reported; the API answers it with 413.
type LimitError struct {
	// Limit names the limit (LimitRows, ...).
	Limit string
	// Max is the limit's value.
	Max int64
	// Row is the row where reading stopped, 0 when the file as a whole
	// (a workbook's declared size) exceeds the limit.
	Row int
	// Column names the column as the user sees it, when there is one.
	Column string
	// Reason is the English wording of Msg.
	Reason string
	Msg    i18n.Message
}

func (e *LimitError) Error() string {
	switch {
	case e.Row > 0 && e.Column != "":
		return fmt.Sprintf("lab: row %d, column %s: %s", e.Row, e.Column, e.Reason)
	case e.Row > 0:
		return fmt.Sprintf("lab: row %d: %s", e.Row, e.Reason)
	}
	return "lab: " + e.Reason
}

// limitError makes a LimitError whose message is the catalogue key
// "lab.limit.<limit>" with the limit's value as its first argument.
func limitError(limit string, max int64, row int, column string, args ...any) *LimitError {
	m := i18n.M("lab.limit."+limit, append([]any{max}, args...)...)
	return &LimitError{Limit: limit, Max: max, Row: row, Column: column,
		Reason: i18n.For(i18n.EN).Message(m), Msg: m}
}
