// Package examples ships the demo studies: a design, its lab results and
// expert findings, ready for `qbench analyze`, the API and the tests.
//
// green-tea is a Bazhong green tea comparison modelled on the 2016 study
// (focal Bazhong against Ya'an and Emeishan, 21 indicators, 32 samples);
// green-tea/gen.py writes its files.
package examples

import _ "embed"

// GreenTeaDesign is the study design of the green tea demo (JSON).
//
//go:embed green-tea/design.json
var GreenTeaDesign []byte

// GreenTeaResults are the lab results of the green tea demo (CSV).
//
//go:embed green-tea/results.csv
var GreenTeaResults []byte
