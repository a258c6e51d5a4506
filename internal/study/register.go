package study

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/policy"
)

// Register is a programme's shortfall register: every shortfall against
// pooled, with the round it appeared in and what became of it in the
// later rounds — the list a bureau works through.
type Register struct {
	Programme string          `json:"programme"`
	Entries   []RegisterEntry `json:"entries"`
}

// Statuses of a register entry in a later round, and its status now.
const (
	// RegisterOpen: the shortfall appeared in its product's latest round.
	RegisterOpen = "open"
	// RegisterNotComparable: the next round measured the indicator with
	// another unit or method, or not at all, so the shortfall cannot be
	// followed (METHOD.md §7.1).
	RegisterNotComparable = "not_comparable"
)

// RegisterEntry is one shortfall of one product: where it appeared, its
// status in each later round (persisting, closed, not_comparable) and now
// (open, persisting, closed, not_comparable), and the experts' causes.
type RegisterEntry struct {
	Product     string `json:"product"`
	ProductEn   string `json:"product_en,omitempty"`
	FocalRegion string `json:"focal_region"`
	Industry    string `json:"industry"`
	Indicator   string `json:"indicator"`
	// IndicatorName is the indicator's name in the round it appeared in
	// (IndicatorNameEn its English name, when the design gives one).
	IndicatorName   string `json:"indicator_name"`
	IndicatorNameEn string `json:"indicator_name_en,omitempty"`
	Category        string `json:"category"`
	// Appeared is the round the shortfall appeared in, Study its study.
	Appeared string          `json:"appeared"`
	Study    string          `json:"study"`
	Later    []RegisterRound `json:"later"`
	Status   string          `json:"status"`
	// Cause is the experts' cause for the indicator, from the findings of
	// the latest round in which it was a shortfall and had one ("" : none
	// written).
	Cause benchmark.Text `json:"cause"`
}

// RegisterRound is the status of a shortfall in a later round.
type RegisterRound struct {
	Round  string `json:"round"`
	Study  string `json:"study"`
	Status string `json:"status"`
}

// ShortfallRegister returns programme code's register as caller a may see
// it (a reader: published rounds only; a lab is refused).
func (s *Service) ShortfallRegister(ctx context.Context, a auth.Actor, code string) (*Register, error) {
	data, err := s.loadProgramme(ctx, a, policy.ViewProgramme, code, nil)
	if err != nil {
		return nil, err
	}
	causes, err := s.causes(ctx, data)
	if err != nil {
		return nil, err
	}
	return data.register(causes), nil
}

// register follows each product's rounds: a shortfall of a round is
// continued from the previous round when the follow-up calls it
// persisting, else it opens an entry; an open entry the next round's
// follow-up calls closed (or cannot compare) ends there.
func (d *programmeData) register(causes map[string]map[string]benchmark.Text) *Register {
	out := &Register{Programme: d.programme.Code, Entries: []RegisterEntry{}}
	for _, chain := range d.chains() {
		open := map[string]int{} // indicator → index in out.Entries
		for _, ps := range chain {
			p := d.profiles[ps.Code]
			if !hasData(p) {
				continue // no results yet: it neither closes nor opens anything
			}
			f := d.followUps[ps.Code]
			statuses := map[string]string{}
			if f != nil {
				for _, fi := range f.Indicators {
					if !fi.Comparable || len(fi.References) == 0 {
						statuses[fi.Code] = RegisterNotComparable
						continue
					}
					statuses[fi.Code] = fi.References[0].ShortfallStatus // pooled first
				}
			}
			// Entries of earlier rounds: persisting, closed or lost from
			// sight. Without a follow-up (the previous round is not the
			// predecessor, or not visible) they cannot be followed.
			continued := map[string]bool{}
			for ind, k := range open {
				st := RegisterNotComparable
				if f != nil && f.Predecessor == out.Entries[k].lastStudy() {
					if s, ok := statuses[ind]; ok {
						switch s {
						case benchmark.StatusPersisting:
							st = benchmark.StatusPersisting
						case benchmark.StatusClosed, benchmark.StatusNone:
							st = benchmark.StatusClosed
						}
					}
				}
				e := &out.Entries[k]
				e.Later = append(e.Later, RegisterRound{Round: ps.Round, Study: ps.Code, Status: st})
				e.Status = st
				if st == benchmark.StatusPersisting {
					continued[ind] = true
					if c := causes[ps.Code][ind]; !c.IsZero() {
						e.Cause = c
					}
				} else {
					delete(open, ind)
				}
			}
			for _, e := range p.Shortfalls {
				if e.Reference != benchmark.PooledReference || continued[e.Indicator] {
					continue
				}
				ind := ps.Design.Indicator(e.Indicator)
				entry := RegisterEntry{Product: ps.Design.Product, ProductEn: ps.Design.ProductEn, FocalRegion: ps.Design.FocalRegion, Industry: ps.Industry,
					Indicator: e.Indicator, Appeared: ps.Round, Study: ps.Code, Later: []RegisterRound{},
					Status: RegisterOpen, Cause: causes[ps.Code][e.Indicator]}
				if ind != nil {
					entry.IndicatorName, entry.IndicatorNameEn, entry.Category = ind.Name, ind.NameEn, ind.Category
				}
				open[e.Indicator] = len(out.Entries)
				out.Entries = append(out.Entries, entry)
			}
		}
	}
	return out
}

// lastStudy is the study of the entry's latest round.
func (e *RegisterEntry) lastStudy() string {
	if len(e.Later) == 0 {
		return e.Study
	}
	return e.Later[len(e.Later)-1].Study
}

// registerColumns are the export's columns: catalogue keys of their
// headers, in order.
var registerColumns = []string{"product", "focal_region", "industry", "indicator", "indicator_name", "category",
	"appeared", "study", "later", "status", "cause"}

// registerRows are the register as rows of text in lang: later rounds as
// "2017 (STUDY): persisting; 2018 (…): closed", statuses worded.
func (r *Register) rows(lang i18n.Lang) [][]string {
	p := i18n.For(lang)
	header := make([]string, len(registerColumns))
	for i, c := range registerColumns {
		header[i] = p.Sprintf("programmes.register.column." + c)
	}
	out := [][]string{header}
	name := func(zh, en string) string {
		if lang == i18n.EN && en != "" {
			return en
		}
		return zh
	}
	for _, e := range r.Entries {
		later := make([]string, len(e.Later))
		for i, l := range e.Later {
			later[i] = p.Sprintf("programmes.register.later", l.Round, l.Study, p.Sprintf("programmes.register.status."+l.Status))
		}
		out = append(out, []string{name(e.Product, e.ProductEn), e.FocalRegion, e.Industry, e.Indicator,
			name(e.IndicatorName, e.IndicatorNameEn), e.Category,
			e.Appeared, e.Study, strings.Join(later, p.Sprintf("programmes.register.separator")),
			p.Sprintf("programmes.register.status." + e.Status), e.Cause.Any(string(lang))})
	}
	return out
}

// WriteRegisterCSV writes the register as CSV (UTF-8 with a BOM, so that
// spreadsheet programs read the Chinese text), headers in lang; text that
// a spreadsheet would run as a formula is neutralised.
func WriteRegisterCSV(w io.Writer, r *Register, lang i18n.Lang) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("write register: %w", err)
	}
	cw := csv.NewWriter(w)
	for _, row := range r.rows(lang) {
		for i := range row {
			row[i] = neutralizeFormula(row[i])
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write register: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write register: %w", err)
	}
	return nil
}

// WriteRegisterXLSX writes the register as a workbook of one sheet,
// headers in lang; every cell is text (a cause that starts with "=" stays
// text, never a formula).
func WriteRegisterXLSX(w io.Writer, r *Register, lang i18n.Lang) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := i18n.For(lang).Sprintf("programmes.register.sheet")
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("write register workbook: %w", err)
	}
	for i, row := range r.rows(lang) {
		for j, v := range row {
			cell, err := excelize.CoordinatesToCellName(j+1, i+1)
			if err != nil {
				return fmt.Errorf("write register workbook: %w", err)
			}
			if err := f.SetCellStr(sheet, cell, v); err != nil {
				return fmt.Errorf("write register workbook: %w", err)
			}
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write register workbook: %w", err)
	}
	return nil
}

// neutralizeFormula prefixes text that a spreadsheet program would run as
// a formula (=, +, -, @, or a tab or carriage return first; not a number
// such as "-3.8") with an apostrophe, which shows it as the text it is —
// the rule of the results export (lab).
func neutralizeFormula(v string) string {
	if v == "" || !strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return v
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil {
		return v
	}
	return "'" + v
}
