// Package model is the analysis report before it meets a page: what the
// report says and what its charts show, computed from a study's design,
// results, profile and findings for one language, with no knowledge of
// fpdf, millimetres or fonts.
//
// A Report holds the regions with their colours, the summary's sentences
// (Summary), the results chapter's tables with formatted cells (Results),
// and the three charts (Bars, Radar, Dots).
//
// Narrative (which sentence, with which arguments) is carried as
// i18n.Message values, worded by whoever draws the model; names taken from
// the design and short labels are plain strings in the model's language.
// Charts are geometry in DATA coordinates: axes with their ticks, bars,
// radar points and sample dots with their censoring state, limit and
// target lines, legend entries, and colours as palette roles (Role). The
// PDF renderer (package reports) maps this to page coordinates; a console
// can draw the same model as SVG.
//
// The model computes no statistics: the profile comes from
// benchmark.Analyze and per-sample values from benchmark.SampleValues.
// Number formats (format.go) and the palette (palette.go) are exported
// here so that every front end prints and colours figures alike.
package model
