package sheets

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
)

// Set is an indicator set a design starts from: indicators with their
// names, units, methods, directions, limits and the standards they come
// from, as design indicator objects (extra fields, such as a note that a
// limit is unverified, kept).
type Set struct {
	Name      string `json:"name"` // what --product names: "green-tea"
	Title     string `json:"title"`
	TitleEn   string `json:"title_en,omitempty"`
	Product   string `json:"product,omitempty"`
	ProductEn string `json:"product_en,omitempty"`
	Industry  string `json:"industry,omitempty"`
	// Indicators is the JSON array of the set's indicators, in order.
	Indicators json.RawMessage `json:"indicators"`
	// Origin is "embedded", or the file a bureau's set was read from.
	Origin string `json:"origin"`
}

//go:embed sets/*.json
var setFiles embed.FS

// embedded returns the sets shipped with qbench, read the first time they
// are asked for (not at start-up, which every command pays) and checked by
// a test; never changed.
var embedded = sync.OnceValue(mustLoadEmbedded)

func mustLoadEmbedded() []*Set {
	names, err := fs.Glob(setFiles, "sets/*.json") // sorted
	if err != nil {
		panic(err)
	}
	var out []*Set
	for _, name := range names {
		data, err := setFiles.ReadFile(name)
		if err != nil {
			panic(err)
		}
		var s Set
		if err := json.Unmarshal(data, &s); err != nil {
			panic(fmt.Sprintf("sheets: %s: %v", name, err))
		}
		s.Origin = "embedded"
		out = append(out, &s)
	}
	return out
}

// IndicatorSets lists the sets shipped with qbench (green-tea, rebar), by
// name.
func IndicatorSets() []*Set {
	sets := embedded()
	out := make([]*Set, len(sets))
	for i, s := range sets {
		c := *s // a copy: callers cannot change the shipped sets
		out[i] = &c
	}
	return out
}

// IndicatorSet returns the shipped set of that name.
func IndicatorSet(name string) (*Set, bool) { return FindIndicatorSet(name, nil) }

// FindIndicatorSet returns the set of that name among a bureau's own sets
// (LoadIndicatorSets), which take precedence, then the shipped ones.
func FindIndicatorSet(name string, own []*Set) (*Set, bool) {
	for _, s := range own {
		if s.Name == name {
			return s, true
		}
	}
	for _, s := range IndicatorSets() {
		if s.Name == name {
			return s, true
		}
	}
	return nil, false
}

// LoadIndicatorSets reads a bureau's own indicator sets: every *.xlsx
// workbook in dir is one set, named after the file (rebar-2026.xlsx is
// "rebar-2026"), holding an Indicators sheet (指标, the design workbook's
// layout) and optionally a Study sheet whose title and product describe
// the set. Every problem of every file is returned at once, each naming
// its file.
func LoadIndicatorSets(dir string) ([]*Set, error) {
	// A mistyped directory is an error, not a bureau without sets.
	if info, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("indicator sets: %w", err)
	} else if !info.IsDir() {
		return nil, fmt.Errorf("indicator sets: %s is not a directory", dir)
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	if err != nil {
		return nil, fmt.Errorf("list indicator sets in %s: %w", dir, err)
	}
	var out []*Set
	var all []error
	for _, path := range paths {
		s, err := loadSetFile(path, DefaultLimits)
		if err != nil {
			all = append(all, fmt.Errorf("%s: %w", path, err))
			continue
		}
		out = append(out, s)
	}
	if len(all) > 0 {
		return nil, &SetErrors{Errs: all}
	}
	return out, nil
}

// SetErrors are the problems of a directory of indicator sets, per file;
// each error wraps the file's *Problems or its I/O error.
type SetErrors struct{ Errs []error }

func (e *SetErrors) Error() string {
	lines := make([]string, len(e.Errs))
	for i, err := range e.Errs {
		lines[i] = err.Error()
	}
	return strings.Join(lines, "\n")
}

func (e *SetErrors) Unwrap() []error { return e.Errs }

func loadSetFile(path string, limits Limits) (*Set, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return ReadIndicatorSet(f, info.Size(), strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)), limits)
}

// ReadIndicatorSet reads one set from a workbook (see LoadIndicatorSets);
// its indicators are checked by the design's rules.
func ReadIndicatorSet(r io.ReaderAt, size int64, name string, limits Limits) (*Set, error) {
	doc, pos, err := readDesign(r, size, limits, []sheetKind{studySheet, indicatorsSheet}, map[string]bool{studySheet.en: true})
	if err != nil {
		return nil, err
	}
	inds, _ := doc.get("indicators")
	if err := checkIndicators(inds, pos); err != nil {
		return nil, err
	}
	raw, err := marshal(inds)
	if err != nil {
		return nil, fmt.Errorf("encode the indicators: %w", err)
	}
	return &Set{Name: name, Title: doc.str("title"), TitleEn: doc.str("title_en"), Product: doc.str("product"),
		ProductEn: doc.str("product_en"), Industry: doc.str("industry"), Indicators: raw, Origin: name + ".xlsx"}, nil
}

// checkIndicators applies the design's rules to a set's indicators by
// placing them in a minimal design; only their own problems count.
func checkIndicators(inds any, pos positions) error {
	shell := exampleStudy(nil, i18n.ZH)
	shell.set("indicators", inds)
	data, err := marshal(shell)
	if err != nil {
		return err
	}
	_, err = benchmark.ParseDesign(data)
	if err == nil {
		return nil
	}
	var verr *benchmark.ValidationError
	if errors.As(err, &verr) {
		kept := verr.Problems[:0:0]
		for _, fe := range verr.Problems {
			if strings.HasPrefix(fe.Field, "indicators") {
				kept = append(kept, fe)
			}
		}
		if len(kept) == 0 {
			return nil
		}
		err = &benchmark.ValidationError{Problems: kept}
	}
	return pos.problems(err)
}

// WriteDesignTemplate writes a design workbook to start a study from: the
// study sheet listing every item with how to fill it in, example regions
// and a sample, the set's indicators (an example one without a set), and
// the notes sheet. Filled with the examples, it reads as a valid design.
func WriteDesignTemplate(w io.Writer, set *Set, lang i18n.Lang) error {
	doc := exampleStudy(set, lang)
	if set != nil {
		v, err := decodeOrdered(set.Indicators)
		if err != nil {
			return fmt.Errorf("read the indicator set %s: %w", set.Name, err)
		}
		doc.set("indicators", v)
	} else {
		tea, _ := IndicatorSet("green-tea")
		v, err := decodeOrdered(tea.Indicators)
		if err != nil {
			return err
		}
		doc.set("indicators", v.([]any)[1:2]) // moisture: a limit, a unit, a method
	}
	var buf bytes.Buffer
	if err := writeDesign(&buf, doc, lang, true); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// exampleStudy is the example part of a template: a study, two regions,
// a lab and one sample.
func exampleStudy(set *Set, lang i18n.Lang) object {
	product, productEn := "绿茶", "green tea"
	if set != nil && set.Product != "" {
		product, productEn = set.Product, set.ProductEn
	}
	pr := i18n.For(lang)
	doc := object{
		{"code", "EX-2026"},
		{"title", pr.Sprintf("sheets.example.title", map[bool]string{true: productEn, false: product}[lang == i18n.EN && productEn != ""])},
		{"product", product},
	}
	if productEn != "" {
		doc.set("product_en", productEn)
	}
	if set != nil && set.Industry != "" {
		doc.set("industry", set.Industry)
	}
	doc.set("round", "2026")
	doc.set("focal_region", "R1")
	doc.set("lab", object{{"code", "LAB1"}, {"name", pr.Sprintf("sheets.example.lab")}})
	doc.set("regions", []any{
		object{{"code", "R1"}, {"name", pr.Sprintf("sheets.example.region1")}},
		object{{"code", "R2"}, {"name", pr.Sprintf("sheets.example.region2")}},
	})
	doc.set("samples", []any{
		object{{"code", "R1-01"}, {"region", "R1"}, {"enterprise", pr.Sprintf("sheets.example.enterprise")},
			{"collected_on", "2026-05-01"}, {"source", "market"}},
		object{{"code", "R2-01"}, {"region", "R2"}, {"enterprise", pr.Sprintf("sheets.example.enterprise")},
			{"collected_on", "2026-05-02"}, {"source", "market"}},
	})
	return doc
}
