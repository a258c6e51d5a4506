package policy

import (
	"slices"
	"sort"
	"time"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
)

// View is a study as a caller may see it: the whole study, or for a lab its
// blind view. Exactly one of Study and Lab is set.
type View struct {
	// Study is the whole study (admins, readers, the system).
	Study *benchmark.Study
	// Lab is the blind view of the study's lab.
	Lab *LabView
}

// LabView is a study as its lab sees it: what to test and how, with the
// samples under their blind codes only — no region, enterprise or grade,
// and no title.
type LabView struct {
	Code        string                `json:"code"`
	Product     string                `json:"product"`
	Lab         *benchmark.Lab        `json:"lab"`
	Indicators  []benchmark.Indicator `json:"indicators"`
	Samples     []BlindSample         `json:"samples"`
	State       string                `json:"state"`
	Revision    int64                 `json:"revision"`
	ResultCount int                   `json:"result_count"`
}

// BlindSample is a sample known by its blind code alone.
type BlindSample struct {
	Code string `json:"code"`
}

// Redact returns the view of st that the actor may see. The caller must
// have been authorized to view the study.
func Redact(a auth.Actor, st *benchmark.Study) View {
	if !Blind(a) {
		return View{Study: st}
	}
	v := &LabView{Code: st.Design.Code, Product: st.Design.Product, Lab: st.Design.Lab,
		Indicators: st.Design.Indicators, State: st.State, Revision: st.Revision, ResultCount: st.ResultCount}
	for _, code := range sortedValues(st.BlindCodes) {
		v.Samples = append(v.Samples, BlindSample{Code: code})
	}
	return View{Lab: v}
}

// Status is where a study stands, as a caller may see it.
type Status struct {
	Code string `json:"code"`
	// Title is left out for blind callers.
	Title       string    `json:"title,omitempty"`
	Lab         string    `json:"lab"`
	State       string    `json:"state"`
	Revision    int64     `json:"revision"`
	ResultCount int       `json:"result_count"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// RedactStatus returns where st stands, as the actor may see it.
func RedactStatus(a auth.Actor, st *benchmark.Study) Status {
	v := Status{Code: st.Design.Code, Title: RedactTitle(a, st.Design.Title), State: st.State,
		Revision: st.Revision, ResultCount: st.ResultCount, CreatedAt: st.CreatedAt, UpdatedAt: st.UpdatedAt}
	if st.Design.Lab != nil {
		v.Lab = st.Design.Lab.Code
	}
	return v
}

// RedactTitle returns a study's title as the actor may see it ("" for
// blind callers).
func RedactTitle(a auth.Actor, title string) string {
	if Blind(a) {
		return ""
	}
	return title
}

// Sample is a sample with its blind code: all of it for those who may see
// it, the blind code alone for blind callers.
type Sample struct {
	*benchmark.Sample
	BlindCode string `json:"blind_code,omitempty"`
}

// RedactSamples lists st's samples as the actor may see them.
func RedactSamples(a auth.Actor, st *benchmark.Study) []Sample {
	samples := []Sample{}
	if Blind(a) {
		for _, code := range sortedValues(st.BlindCodes) {
			samples = append(samples, Sample{BlindCode: code})
		}
		return samples
	}
	for i := range st.Design.Samples {
		smp := &st.Design.Samples[i]
		samples = append(samples, Sample{Sample: smp, BlindCode: st.BlindCodes[smp.Code]})
	}
	return samples
}

// RedactResults returns results as the actor may see them: for blind
// callers every sample is replaced by its blind code (and the results
// sorted by it, so that their order betrays nothing). results is changed in
// place.
func RedactResults(a auth.Actor, st *benchmark.Study, results []benchmark.Result) []benchmark.Result {
	if !Blind(a) {
		return results
	}
	for i := range results {
		results[i].Sample = st.BlindCodes[results[i].Sample]
	}
	sort.SliceStable(results, func(i, j int) bool { return results[i].Sample < results[j].Sample })
	return results
}

// UploadCodes returns how the actor names samples in an upload: nil when by
// their codes, else a map from blind code to sample code.
func UploadCodes(a auth.Actor, st *benchmark.Study) map[string]string {
	if !Blind(a) {
		return nil
	}
	out := make(map[string]string, len(st.BlindCodes))
	for k, v := range st.BlindCodes {
		out[v] = k
	}
	return out
}

func sortedValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}
