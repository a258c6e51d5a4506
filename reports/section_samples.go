package reports

import (
	"fmt"
	"slices"
	"strings"

	"github.com/qbench/qbench/benchmark"
)

// samplesChapter gives the sample overview: counts by region, by grade and
// by enterprise, so that readers can judge how representative the
// market samples are.
func (r *report) samplesChapter() {
	r.chapter(r.t.s("report.chapter.samples"))
	d := r.design
	r.paragraph(r.t.s("report.samples.intro", len(d.Samples), len(r.in.Results)))

	r.section(r.t.s("report.section.by_region"), tableKeep(len(d.Regions)+1))
	r.samplesByRegionTable()

	r.section(r.t.s("report.section.by_grade"), tableKeep(4))
	r.samplesByGradeTable()

	r.section(r.t.s("report.section.by_enterprise"), tableKeep(r.enterpriseCount()))
	r.samplesByEnterpriseTable()
}

func (r *report) samplesByRegionTable() {
	d := r.design
	regionOf := sampleRegion(d)
	samples := map[string]int{}
	enterprises := map[string]map[string]bool{}
	for _, s := range d.Samples {
		samples[s.Region]++
		if enterprises[s.Region] == nil {
			enterprises[s.Region] = map[string]bool{}
		}
		enterprises[s.Region][r.orNotStated(s.Enterprise)] = true
	}
	results := map[string]int{}
	for i := range r.in.Results {
		results[regionOf[r.in.Results[i].Sample]]++
	}
	cols := []column{
		{header: r.t.s("report.column.region"), align: alignLeft, wrap: true},
		{header: r.t.s("report.column.samples"), align: alignRight},
		{header: r.t.s("report.column.enterprises"), align: alignRight},
		{header: r.t.s("report.column.results"), align: alignRight},
	}
	var rows []tableRow
	totalEnterprises := 0
	for _, code := range r.regionCodesFocalFirst() {
		totalEnterprises += len(enterprises[code])
		rows = append(rows, tableRow{
			cells: []string{r.regionLabel(code), fmt.Sprint(samples[code]),
				fmt.Sprint(len(enterprises[code])), fmt.Sprint(results[code])},
			highlight: code == d.FocalRegion,
		})
	}
	rows = append(rows, tableRow{cells: []string{r.t.s("report.total"), fmt.Sprint(len(d.Samples)),
		fmt.Sprint(totalEnterprises), fmt.Sprint(len(r.in.Results))}})
	r.table(r.t.s("report.caption.by_region"), cols, rows)
}

// samplesByGradeTable cross-tabulates grades (in order of first
// appearance) against regions.
func (r *report) samplesByGradeTable() {
	regions := r.regionCodesFocalFirst()
	var grades []string
	counts := map[string]map[string]int{}
	for _, s := range r.design.Samples {
		g := r.gradeText(s.Grade)
		if counts[g] == nil {
			counts[g] = map[string]int{}
			grades = append(grades, g)
		}
		counts[g][s.Region]++
	}
	cols := []column{{header: r.t.s("report.column.grade"), align: alignLeft, wrap: true}}
	for _, code := range regions {
		cols = append(cols, column{header: r.regionName(code), align: alignRight, wrap: true})
	}
	cols = append(cols, column{header: r.t.s("report.total"), align: alignRight})
	var rows []tableRow
	for _, g := range grades {
		cells := []string{g}
		total := 0
		for _, code := range regions {
			cells = append(cells, fmt.Sprint(counts[g][code]))
			total += counts[g][code]
		}
		rows = append(rows, tableRow{cells: append(cells, fmt.Sprint(total))})
	}
	r.table(r.t.s("report.caption.by_grade"), cols, rows)
}

// samplesByEnterpriseTable lists the enterprises per region (in order of
// first appearance) with their samples and grades.
func (r *report) samplesByEnterpriseTable() {
	type enterprise struct {
		name    string
		samples int
		grades  []string
	}
	byRegion := map[string][]*enterprise{}
	known := map[[2]string]*enterprise{}
	for _, s := range r.design.Samples {
		key := [2]string{s.Region, r.orNotStated(s.Enterprise)}
		e := known[key]
		if e == nil {
			e = &enterprise{name: key[1]}
			known[key] = e
			byRegion[s.Region] = append(byRegion[s.Region], e)
		}
		e.samples++
		if g := r.gradeText(s.Grade); !slices.Contains(e.grades, g) {
			e.grades = append(e.grades, g)
		}
	}
	cols := []column{
		{header: r.t.s("report.column.region"), align: alignLeft, wrap: true},
		{header: r.t.s("report.column.enterprise"), align: alignLeft, wrap: true},
		{header: r.t.s("report.column.samples"), align: alignRight},
		{header: r.t.s("report.column.grades"), align: alignLeft, wrap: true},
	}
	var rows []tableRow
	for _, code := range r.regionCodesFocalFirst() {
		for _, e := range byRegion[code] {
			rows = append(rows, tableRow{
				cells:     []string{r.regionName(code), e.name, fmt.Sprint(e.samples), strings.Join(e.grades, r.t.s("report.list_sep"))},
				highlight: code == r.design.FocalRegion,
			})
		}
	}
	r.table(r.t.s("report.caption.by_enterprise"), cols, rows)
}

// regionLabel is the region's name, marked when it is the focal region.
func (r *report) regionLabel(code string) string {
	if code == r.design.FocalRegion {
		return r.regionName(code) + r.t.s("report.focal_mark")
	}
	return r.regionName(code)
}

func (r *report) orNotStated(s string) string {
	if strings.TrimSpace(s) == "" {
		return r.t.s("report.not_stated")
	}
	return s
}

// sampleRegion maps sample codes to region codes.
func sampleRegion(d *benchmark.Design) map[string]string {
	m := make(map[string]string, len(d.Samples))
	for _, s := range d.Samples {
		m[s.Code] = s.Region
	}
	return m
}

// enterpriseCount is the number of rows of the table by enterprise.
func (r *report) enterpriseCount() int {
	seen := map[[2]string]bool{}
	for _, s := range r.design.Samples {
		seen[[2]string{s.Region, s.Enterprise}] = true
	}
	return len(seen)
}
