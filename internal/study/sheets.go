package study

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"path/filepath"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/policy"
	"github.com/qbench/qbench/internal/sheets"
)

// The spreadsheet use cases of issue 12: the results template a lab fills
// in, the design as a workbook, a study's next round, and the indicator
// sets a design starts from. Each asks the policy first; the files are
// made by internal/sheets.

// File is a spreadsheet made for a caller: its bytes, its media type and
// the name to save it under.
type File struct {
	Body        []byte
	ContentType string
	Filename    string
}

// xlsxType is the media type of an XLSX workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// ResultsTemplate is the results template of study code in the wide
// layout, headed in lang: one row per sample — under its blind code for
// the study's lab (which sees the study once it opens), under its sample
// code for an admin — and one column per indicator. Filled in and uploaded
// as it is, Upload accepts it.
func (s *Service) ResultsTemplate(ctx context.Context, a auth.Actor, code string, format sheets.Format, lang i18n.Lang) (*File, error) {
	h, err := s.authorize(ctx, a, policy.ResultsTemplate, code)
	if err != nil {
		return nil, err
	}
	st, err := s.store.FindStudyByCode(ctx, h.Code)
	if err != nil {
		return nil, err
	}
	var codes []string
	for _, smp := range policy.RedactSamples(a, st) {
		if policy.Blind(a) {
			codes = append(codes, smp.BlindCode)
		} else {
			codes = append(codes, smp.Code)
		}
	}
	doc, err := st.Design.JSON()
	if err != nil {
		return nil, fmt.Errorf("encode the design of %s: %w", h.Code, err)
	}
	var buf bytes.Buffer
	if err := sheets.WriteResultsTemplate(&buf, doc, codes, format, lang); err != nil {
		return nil, fmt.Errorf("write the results template of %s: %w", h.Code, err)
	}
	return &File{Body: buf.Bytes(), ContentType: format.ContentType(), Filename: h.Code + "-results-template." + string(format)}, nil
}

// DesignWorkbook is the design of study code as a design workbook headed
// in lang; reading it back (CreateStudy's workbook path, on any server)
// gives the same design. Not for a lab: the workbook names the regions and
// the samples.
func (s *Service) DesignWorkbook(ctx context.Context, a auth.Actor, code string, lang i18n.Lang) (*File, error) {
	h, err := s.authorize(ctx, a, policy.ExportDesign, code)
	if err != nil {
		return nil, err
	}
	st, err := s.store.FindStudyByCode(ctx, h.Code)
	if err != nil {
		return nil, err
	}
	doc, err := st.Design.JSON()
	if err != nil {
		return nil, fmt.Errorf("encode the design of %s: %w", h.Code, err)
	}
	var buf bytes.Buffer
	if err := sheets.WriteDesignWorkbook(&buf, doc, lang); err != nil {
		return nil, fmt.Errorf("write the design workbook of %s: %w", h.Code, err)
	}
	return &File{Body: buf.Bytes(), ContentType: xlsxType, Filename: h.Code + "-design.xlsx"}, nil
}

// DesignDocument returns the JSON document of a posted design: the body
// itself when it is JSON, the design read from it when it is an XLSX
// workbook (declared by its media type, or recognised by its first bytes).
// A workbook's problems come as *sheets.Problems, each placed at its sheet,
// row and column.
func DesignDocument(contentType string, body []byte) ([]byte, error) {
	if !sheets.IsWorkbook(body) && !isXLSXType(contentType) {
		return body, nil
	}
	doc, err := sheets.ReadDesignWorkbook(bytes.NewReader(body), int64(len(body)), sheets.Limits{})
	if err != nil {
		return nil, fmt.Errorf("read the design workbook: %w", err)
	}
	return doc, nil
}

func isXLSXType(contentType string) bool {
	media, _, err := mime.ParseMediaType(contentType)
	return err == nil && media == xlsxType
}

// CloneRequest asks for next round's draft of a study.
type CloneRequest struct {
	// Code is the new study's code.
	Code string `json:"code"`
	// Round is the new study's round ("" leaves it unset).
	Round string `json:"round"`
}

// CloneDesign returns the design document of the study that follows study
// code: its regions, indicators, settings, lab, programme, industry and
// every other member copied as they are, its code and round those asked
// for, its predecessor the source study, and no samples (nor, since they
// belong to the store, blind codes or results). The caller creates it by
// the normal create path, so that every check of a new design applies.
func (s *Service) CloneDesign(ctx context.Context, a auth.Actor, code string, body []byte) ([]byte, error) {
	h, err := s.authorize(ctx, a, policy.CloneStudy, code)
	if err != nil {
		return nil, err
	}
	var req CloneRequest
	// The shape, not English words: the detail is worded in either language.
	if err := benchmark.DecodeJSON(body, &req, `{"code": "…", "round": "…"}`); err != nil {
		return nil, err
	}
	st, err := s.store.FindStudyByCode(ctx, h.Code)
	if err != nil {
		return nil, err
	}
	return Clone(st.Design, req)
}

// Clone is CloneDesign's transformation of a design: a merge patch of
// its document, so that every member it does not name keeps its bytes.
func Clone(src *benchmark.Design, req CloneRequest) ([]byte, error) {
	patch := map[string]any{"code": req.Code, "predecessor": src.Code, "samples": []any{}, "round": nil}
	if req.Round != "" {
		patch["round"] = req.Round
	}
	p, err := json.Marshal(patch)
	if err != nil {
		return nil, fmt.Errorf("encode the clone patch: %w", err)
	}
	d, err := benchmark.PatchDesign(src, p)
	if err != nil {
		return nil, err
	}
	return d.JSON()
}

// SetSummary describes an indicator set in a listing.
type SetSummary struct {
	Name           string `json:"name"`
	Title          string `json:"title"`
	TitleEn        string `json:"title_en,omitempty"`
	Product        string `json:"product,omitempty"`
	ProductEn      string `json:"product_en,omitempty"`
	Industry       string `json:"industry,omitempty"`
	IndicatorCount int    `json:"indicator_count"`
	// Origin is "embedded" for a set shipped with qbench, else the name of
	// the bureau's workbook it was read from (not its path on the server).
	Origin string `json:"origin"`
}

// IndicatorSets lists the indicator sets a design may start from: the
// bureau's own (Config.IndicatorSets) first, then the shipped ones that
// they do not replace.
func (s *Service) IndicatorSets(a auth.Actor) ([]SetSummary, error) {
	if err := policy.Authorize(a, policy.ViewIndicatorSets, nil); err != nil {
		return nil, err
	}
	out := []SetSummary{}
	seen := map[string]bool{}
	for _, set := range append(append([]*sheets.Set{}, s.sets...), sheets.IndicatorSets()...) {
		if seen[set.Name] {
			continue
		}
		seen[set.Name] = true
		var indicators []json.RawMessage
		if err := json.Unmarshal(set.Indicators, &indicators); err != nil {
			return nil, fmt.Errorf("count the indicators of set %s: %w", set.Name, err)
		}
		out = append(out, SetSummary{Name: set.Name, Title: set.Title, TitleEn: set.TitleEn, Product: set.Product,
			ProductEn: set.ProductEn, Industry: set.Industry, IndicatorCount: len(indicators), Origin: origin(set)})
	}
	return out, nil
}

// IndicatorSet returns the indicator set of that name (a bureau's own
// first), its origin the workbook's name rather than its path on the
// server; ENOTFOUND when there is none.
func (s *Service) IndicatorSet(a auth.Actor, name string) (*sheets.Set, error) {
	if err := policy.Authorize(a, policy.ViewIndicatorSets, nil); err != nil {
		return nil, err
	}
	set, ok := sheets.FindIndicatorSet(name, s.sets)
	if !ok {
		msg := i18n.M("sheetsapi.no_set", name)
		return nil, &benchmark.Error{Code: benchmark.ENOTFOUND, Msg: msg, Message: i18n.For(i18n.EN).Message(msg)}
	}
	out := *set
	out.Origin = origin(set)
	return &out, nil
}

// origin is where a set comes from, as a caller may learn it.
func origin(set *sheets.Set) string {
	if set.Origin == "embedded" {
		return set.Origin
	}
	return filepath.Base(set.Origin)
}

// IndicatorSetTemplate is a design workbook to start a study from, headed
// in lang and pre-filled with the indicator set of that name.
func (s *Service) IndicatorSetTemplate(a auth.Actor, name string, lang i18n.Lang) (*File, error) {
	set, err := s.IndicatorSet(a, name)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := sheets.WriteDesignTemplate(&buf, set, lang); err != nil {
		return nil, fmt.Errorf("write the design template of set %s: %w", set.Name, err)
	}
	return &File{Body: buf.Bytes(), ContentType: xlsxType, Filename: set.Name + ".xlsx"}, nil
}
