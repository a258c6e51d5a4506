// Package reports renders the PDF analysis report (质量比对分析报告) of a
// comparison study, in Chinese or English: cover; summary of findings in
// plain words; study design and its four unifications; sample overview;
// charts (diverging bars, radar, dot plots); results per indicator;
// expert findings; annexes with the method statement, the sample list,
// the raw data (a sample × indicator grid; for a large study the XLSX
// data annex) and the test statistics. The body speaks in plain words;
// every test statistic is in the last annex.
//
// The renderer presents numbers and computes no statistics: the Profile
// comes from benchmark.Analyze, per-sample values from
// benchmark.SampleValues. What the charts show — axes, bars, points,
// lines, colours as palette roles — is the report model (reports/model),
// built once per rendering; the code here maps it to page coordinates and
// fpdf calls. Render is safe for concurrent use, and the same Input always
// gives the same bytes.
//
// Files by concern:
//
//	report.go         Input, Render, DateFromData, input checks, names
//	font.go           the embedded font (fonts/) and its start-up check
//	layout.go         page geometry, palette, headings, paragraphs, captions
//	text.go           cleaning and line wrapping of CJK and Latin text
//	table.go          tables that fit the page and repeat their header row
//	chart*.go         the model's charts drawn with fpdf primitives
//	section_*.go      the chapters, in reading order of build()
//	words.go          the wording: catalogue keys report.* (internal/i18n) and the
//	                  few rules that pick among them
//	annex.go          the XLSX data annex (WriteDataAnnex): raw results and samples,
//	                  stored beside the PDF, which prints its SHA-256
//
// testdata/small holds a hand-made study whose profile was computed
// independently with scipy (make_fixture.py). What the report says is
// tested on its model (reports/model); the tests here read the PDF as a
// reader does (pdftotext per page, pdftoppm images) and check bytes.
package reports
