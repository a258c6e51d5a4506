package sheets

import (
	"fmt"
	"strings"

	"github.com/qbench/qbench/internal/i18n"
)

// Problem is one thing wrong with a workbook, placed as the user sees it.
type Problem struct {
	Sheet  string       `json:"sheet,omitempty"`  // the sheet's name in the workbook ("指标"); "" for the workbook as a whole
	Row    int          `json:"row,omitempty"`    // the row number the spreadsheet shows; 0 when the problem is not about one row
	Column string       `json:"column,omitempty"` // the column's header, in the workbook's own words ("方向"); "" when none
	Letter string       `json:"letter,omitempty"` // the spreadsheet's column letter ("F"); "" when not about one column
	Reason i18n.Message `json:"reason"`           // why, worded at the edge in the user's language
}

// Message is the problem placed and worded: sheet, row, column, reason.
func (p Problem) Message() i18n.Message {
	switch {
	case p.Sheet == "":
		return p.Reason
	case p.Row > 0 && p.Letter != "" && p.Column == "":
		return i18n.M("sheets.at.cell_bare", p.Sheet, p.Row, p.Letter, p.Reason)
	case p.Row > 0 && p.Letter != "":
		return i18n.M("sheets.at.cell", p.Sheet, p.Row, p.Letter, p.Column, p.Reason)
	case p.Row > 0:
		return i18n.M("sheets.at.row", p.Sheet, p.Row, p.Reason)
	case p.Column != "" && p.Letter == "":
		return i18n.M("sheets.at.named", p.Sheet, p.Column, p.Reason)
	case p.Letter != "":
		return i18n.M("sheets.at.column", p.Sheet, p.Letter, p.Column, p.Reason)
	}
	return i18n.M("sheets.at.sheet", p.Sheet, p.Reason)
}

// String words the problem in English, for logs and errors.
func (p Problem) String() string { return i18n.For(i18n.EN).Message(p.Message()) }

// Problems is the error of a workbook that cannot be read as asked: every
// problem found, in sheet and row order, at most MaxProblems of them.
type Problems struct {
	List      []Problem
	Truncated int // problems found beyond MaxProblems and left out
}

// MaxProblems caps the problems listed for one workbook: a wrong file
// would otherwise list one per cell.
const MaxProblems = 200

func (e *Problems) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s", i18n.For(i18n.EN).Plural("common.problems", len(e.List)+e.Truncated))
	for _, p := range e.List {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	if e.Truncated > 0 {
		b.WriteString("\n  ")
		b.WriteString(i18n.For(i18n.EN).Plural("common.and_more", e.Truncated))
	}
	return b.String()
}

// Messages words every problem in lang, one line each.
func (e *Problems) Messages(lang i18n.Lang) []string {
	pr := i18n.For(lang)
	out := make([]string, 0, len(e.List)+1)
	for _, p := range e.List {
		out = append(out, pr.Message(p.Message()))
	}
	if e.Truncated > 0 {
		out = append(out, pr.Plural("common.and_more", e.Truncated))
	}
	return out
}

// collector gathers problems up to MaxProblems.
type collector struct{ p Problems }

func (c *collector) add(p Problem) {
	if len(c.p.List) >= MaxProblems {
		c.p.Truncated++
		return
	}
	c.p.List = append(c.p.List, p)
}

func (c *collector) err() error {
	if len(c.p.List) == 0 {
		return nil
	}
	p := c.p
	return &p
}
