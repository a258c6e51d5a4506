package benchmark

// Result is one lab value for one sample, one indicator and one replicate,
// as it was reported (Reported) and as it is used (Value, NonDetect, LOD).
type Result struct {
	Sample    string `json:"sample"`
	Indicator string `json:"indicator"`
	Replicate int    `json:"replicate"`
	// Reported is the value exactly as the lab wrote it ("41.2", "ND", "<0.005").
	Reported string `json:"value"`
	// Value is the detected number; nil for a non-detect.
	Value *float64 `json:"-"`
	// NonDetect is true when the value is below the limit of detection.
	NonDetect bool `json:"-"`
	// LOD is the limit of detection given with the result (the lod column, or
	// x of "<x"); nil when the result carries none (the indicator's applies).
	LOD      *float64 `json:"lod,omitempty"`
	Unit     string   `json:"unit"`
	Method   string   `json:"method"`
	Lab      string   `json:"lab"`
	TestedOn string   `json:"tested_on,omitempty"`
	Analyst  string   `json:"analyst,omitempty"`
}

// ResultKey identifies a result within a study.
type ResultKey struct {
	Sample    string
	Indicator string
	Replicate int
}

// Key returns the result's identity within its study.
func (r *Result) Key() ResultKey {
	return ResultKey{Sample: r.Sample, Indicator: r.Indicator, Replicate: r.Replicate}
}

// EffectiveLOD is the limit of detection that applies to a non-detect: the
// result's own, else the indicator's; nil when neither gives one.
func (r *Result) EffectiveLOD(ind *Indicator) *float64 {
	if r.LOD != nil {
		return r.LOD
	}
	if ind != nil {
		return ind.LOD
	}
	return nil
}
