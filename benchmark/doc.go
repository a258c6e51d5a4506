// Package benchmark is the domain of qbench: a comparison study's design
// (regions, lab, indicators, samples), the lab results of its samples, the
// validation rules of a design, and Analyze, which turns a design and its
// results into the advantage and shortfall profile of docs/method.md.
//
// The package is pure: it imports no HTTP, database or PDF code, so that the
// API, the CLI and the report renderer all compute exactly the same numbers.
package benchmark
