//go:build !linux

package lab

import "github.com/qbench/qbench/benchmark"

// adviseHugePages does nothing where qbench knows no way to ask for huge
// pages.
func adviseHugePages([]benchmark.Result) {}
