package reports

import (
	"fmt"
	"time"
)

// texts is the wording of the report in one language. Plain labels are
// strings; sentences whose word order differs between Chinese and English
// are functions, so that no sentence is assembled from fragments in the
// wrong order.
type texts struct {
	langTag string // for the PDF's /Lang
	// english selects the English names of regions, indicators, product
	// and lab, falling back to the Chinese ones.
	english bool

	reportKind  string
	pageOf      func(page int, total string) string
	annexLabel  func(n int) string
	tableLabel  func(n int) string
	figureLabel func(n int) string
	continued   string
	date        func(time.Time) string

	pooled, pooledInText string
	regionProduct        func(region, product string) string
	focalMark            string
	listSep, fullStop    string
	clauseSep            string // between the figures in brackets
	joinList             func([]string) string
	notStated, total     string
	nameWithCode         func(name, code string) string
	nameWithUnit         func(name, unit string) string
	infoItem             func(label, value string) string
	infoSep              string

	directions, verdicts, tests, corrections, ndSubstitutions map[string]string

	// Cover.
	coverProduct, coverFocal, coverReferences, coverLab, coverAccreditation string
	coverStudyCode, coverDate, coverAuthors, coverNote                      string

	// Summary.
	chSummary, secBackground         string
	purpose                          func(purposeFacts) string
	headline                         func(focal string, advantages, shortfalls, indicators int) string
	secAdvantages, advantageRule     string
	secShortfalls, shortfallRule     string
	noAdvantages, noShortfalls       string
	versus                           func(reference string) string
	effectPhrase                     func(direction string, favourable bool, reference string) string
	effectSentence                   func(focal, indicator, phrase, stats string) string
	complianceSentence               func(focal, indicator, reference, rates string) string
	alsoLessCompliant                func(rates string) string
	rates                            func(focal, reference string) string
	distance                         string
	secComposite, compositeIntro     string
	colRank, colRegion, colComposite string
	captionComposite                 string

	// Study design.
	chDesign, designIntro, secVariety, secIndicators, secLab, secMethods string
	varietyText                                                          func(product string, regions, samples int) string
	indicatorsText                                                       func(n, higher, lower, inRange, none, limited int) string
	labText                                                              func(lab, accreditation string) string
	methodsText                                                          func(methods int, table string) string
	colCode, colIndicator, colUnit, colDirection, colMethod              string
	colLimit, colWeight, captionIndicators                               string

	// Sample overview.
	chSamples, secByRegion, secByGrade, secByEnterprise  string
	samplesIntro                                         func(samples, results int) string
	colSamples, colEnterprises, colResults               string
	colGrade, colEnterprise, colGrades                   string
	captionByRegion, captionByGrade, captionByEnterprise string

	// Charts.
	chCharts, secDiverging, secRadar, secDotPlots string

	// Results per indicator.
	chResults                                     string
	resultsIntro                                  func(focal, test, correction string) string
	notAnalysed, rangeNote                        string
	colMean, colSD, colMedian, colMin, colMax     string
	colDetected, colCompliant                     string
	colReference, colDiff, colRelDiff, colVerdict string
	colCompliance                                 string
	captionRegionStats                            func(indicator, unit string) string
	captionComparisons                            func(indicator, focal string) string

	// Expert findings.
	chFindings, noFindings                        string
	findingsBy                                    func(authors string) string
	secCauses, secConclusions, secRecommendations string
	noCauses, noConclusions, noRecommendations    string

	// Annexes.
	chMethod, methodIntro, secSettings, captionSettings        string
	colSetting, colSettingKey, colValue                        string
	settingAlpha, settingMinRelDiff, settingCorrection         string
	settingTest, settingND                                     string
	methodStatement                                            func(methodFacts) []methodPart
	chSampleList, captionSampleList                            string
	colSample, colCollectedOn, colSource                       string
	chRawData, captionRawData                                  string
	rawDataIntro                                               func(results int) string
	colReplicate, colReported, colLOD, colTestedOn, colAnalyst string
}

// purposeFacts feed the opening paragraph of the summary.
type purposeFacts struct {
	focalProduct, references, lab string
	samples, indicators, results  int
}

// methodPart is one titled part of the method statement.
type methodPart struct {
	title      string
	paragraphs []string
}

// catalogs are the supported languages.
var catalogs = map[string]*texts{"zh": &zhTexts, "en": &enTexts}

// name picks the name in the report's language.
func (t *texts) name(zh, en string) string {
	if t.english && en != "" {
		return en
	}
	return zh
}

func lookup(m map[string]string, key string) string {
	if v, ok := m[key]; ok {
		return v
	}
	return key
}

func (t *texts) direction(d string) string      { return lookup(t.directions, d) }
func (t *texts) verdict(v string) string        { return lookup(t.verdicts, v) }
func (t *texts) testName(s string) string       { return lookup(t.tests, s) }
func (t *texts) correctionName(s string) string { return lookup(t.corrections, s) }
func (t *texts) ndName(s string) string         { return lookup(t.ndSubstitutions, s) }

// letter is the annex letter: 1 → A.
func letter(n int) string { return fmt.Sprintf("%c", 'A'+n-1) }
