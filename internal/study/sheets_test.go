package study_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/fixture"
	"github.com/qbench/qbench/internal/sheets"
	"github.com/qbench/qbench/internal/study"
)

// TestCloneKeepsEverythingButTheSamples: the clone of a design is its
// document with code, round and predecessor set and the samples emptied;
// every other member — extra fields and numbers as written included —
// keeps its bytes.
func TestCloneKeepsEverythingButTheSamples(t *testing.T) {
	d := fixture.Design("BZ-2026", 2)
	d.Programme, d.Industry, d.Round = "SC-TEA", "农业", "2026"
	doc, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	// An extra member and a number written as 7.50 must survive.
	doc = bytes.Replace(doc, []byte(`{"code":"BZ-2026",`), []byte(`{"code":"BZ-2026","x_bureau":{"file":"川质监 2026-17"},"x_weight":7.50,`), 1)
	src, err := benchmark.ParseDesign(doc)
	if err != nil {
		t.Fatal(err)
	}
	out, err := study.Clone(src, study.CloneRequest{Code: "BZ-2027", Round: "2027"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"code":"BZ-2027"`, `"round":"2027"`, `"predecessor":"BZ-2026"`, `"samples":[]`,
		`"x_bureau":{"file":"川质监 2026-17"}`, `"x_weight":7.50`, `"programme":"SC-TEA"`, `"industry":"农业"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("clone lacks %s:\n%s", want, out)
		}
	}
	clone, err := benchmark.ParseDesign(out)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(src.Regions)
	b, _ := json.Marshal(clone.Regions)
	c, _ := json.Marshal(src.Indicators)
	e, _ := json.Marshal(clone.Indicators)
	if !bytes.Equal(a, b) || !bytes.Equal(c, e) || clone.Lab.Code != src.Lab.Code || clone.FocalRegion != src.FocalRegion {
		t.Errorf("clone changed regions, indicators, lab or focal region:\n%s", out)
	}

	// Without a round the clone has none (not the source's).
	out, err = study.Clone(src, study.CloneRequest{Code: "BZ-X"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), `"round"`) {
		t.Errorf("clone without a round kept the source's: %s", out)
	}
	// A bad code is the design's problem, by field.
	_, err = study.Clone(src, study.CloneRequest{Code: "bad code"})
	var verr *benchmark.ValidationError
	if !errorsAs(err, &verr) || verr.Problems[0].Field != "code" {
		t.Errorf("bad code: %v, want a validation error of field code", err)
	}
}

// TestDesignDocument: JSON passes through untouched; a workbook, told by
// its bytes or its media type, becomes the design's document.
func TestDesignDocument(t *testing.T) {
	d := fixture.Design("DD", 2)
	doc, _ := json.Marshal(d)
	got, err := study.DesignDocument("application/json", doc)
	if err != nil || !bytes.Equal(got, doc) {
		t.Fatalf("JSON changed: %v", err)
	}
	var wb bytes.Buffer
	if err := sheets.WriteDesignWorkbook(&wb, doc, "en"); err != nil {
		t.Fatal(err)
	}
	for _, ct := range []string{"", "application/octet-stream", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; charset=binary"} {
		got, err := study.DesignDocument(ct, wb.Bytes())
		if err != nil {
			t.Fatalf("%q: %v", ct, err)
		}
		back, err := benchmark.ParseDesign(got)
		if err != nil || back.Code != "DD" || len(back.Samples) != len(d.Samples) {
			t.Errorf("%q: %v, %v", ct, back, err)
		}
	}
	// Declared a workbook but not one: the workbook's problem, placed.
	_, err = study.DesignDocument("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []byte(`{"code":"DD"}`))
	var p *sheets.Problems
	if !errorsAs(err, &p) {
		t.Errorf("JSON declared as a workbook: %v, want *sheets.Problems", err)
	}
}

func errorsAs[T error](err error, target *T) bool { return errors.As(err, target) }
