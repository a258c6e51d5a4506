package reports

import (
	"fmt"
	"strings"
	"time"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/reports/model"
)

var enTexts = texts{
	langTag: "en",
	english: true,

	reportKind:  "Quality comparison analysis report",
	pageOf:      func(page int, total string) string { return fmt.Sprintf("Page %d of %s", page, total) },
	annexLabel:  func(n int) string { return "Annex " + letter(n) },
	tableLabel:  func(n int) string { return fmt.Sprintf("Table %d", n) },
	figureLabel: func(n int) string { return fmt.Sprintf("Figure %d", n) },
	continued:   " (continued)",
	date:        func(d time.Time) string { return d.Format("2 January 2006") },

	pooled:        "Pooled references",
	pooledInText:  "the pooled reference regions",
	regionProduct: func(region, product string) string { return region + " " + product },
	focalMark:     " (focal)",
	listSep:       ", ",
	joinList: func(items []string) string {
		if len(items) <= 1 {
			return strings.Join(items, "")
		}
		return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
	},
	clauseSep: ", ",
	fullStop:  ".",
	notStated: "not stated",
	total:     "Total",
	nameWithCode: func(name, code string) string {
		if name == code {
			return code
		}
		return name + " (" + code + ")"
	},
	nameWithUnit: func(name, unit string) string { return name + " (" + unit + ")" },
	infoItem:     func(label, value string) string { return label + ": " + value },
	infoSep:      "; ",

	directions: map[string]string{
		benchmark.DirectionHigher: "higher is better",
		benchmark.DirectionLower:  "lower is better",
		benchmark.DirectionRange:  "target range",
		benchmark.DirectionNone:   "descriptive",
	},
	verdicts: map[string]string{
		benchmark.VerdictAdvantage:    "Advantage",
		benchmark.VerdictShortfall:    "Shortfall",
		benchmark.VerdictParity:       "Parity",
		benchmark.VerdictInsufficient: "Insufficient data",
		benchmark.VerdictHigher:       "Higher",
		benchmark.VerdictLower:        "Lower",
		benchmark.VerdictSimilar:      "Similar",
		benchmark.ComplianceNone:      model.Missing,
	},
	tests: map[string]string{
		benchmark.TestWelch:       "Welch's t-test",
		benchmark.TestMannWhitney: "the Mann–Whitney U test",
	},
	corrections: map[string]string{
		benchmark.CorrectionBH:   "Benjamini–Hochberg",
		benchmark.CorrectionHolm: "Holm",
		benchmark.CorrectionNone: "none",
	},
	ndSubstitutions: map[string]string{
		benchmark.NDHalf: "half the limit of detection (LOD/2, middle bound)",
		benchmark.NDZero: "zero (lower bound)",
		benchmark.NDLOD:  "the limit of detection (upper bound)",
	},

	coverProduct:       "Product",
	coverFocal:         "Focal region",
	coverReferences:    "Reference regions",
	coverLab:           "Laboratory",
	coverAccreditation: "Accreditation",
	coverStudyCode:     "Study code",
	coverDate:          "Report date",
	coverAuthors:       "Expert panel",
	coverNote: "This report is based on test data obtained under one product definition, one indicator set, " +
		"one laboratory and one test method per indicator. Annex A states the statistical method; " +
		"Annexes B and C list the samples and all raw data.",

	chSummary:     "Summary",
	secBackground: "Background and purpose",
	purpose: func(f purposeFacts) string {
		return fmt.Sprintf("This quality comparison studies %s against the reference regions %s. "+
			"%d samples were bought on the market and tested for %d indicators, giving %d results; "+
			"all samples were tested by %s. The report sets out where %s differs from the same product "+
			"of the reference regions, its advantages and shortfalls, for the authorities, the industry "+
			"association and the enterprises.",
			f.focalProduct, f.references, f.samples, f.indicators, f.results, f.lab, f.focalProduct)
	},
	headline: func(focal string, advantages, shortfalls, indicators int) string {
		if advantages == 0 && shortfalls == 0 {
			return fmt.Sprintf("Compared with the pooled reference regions, %s shows no significant advantage "+
				"or shortfall in %d indicators.", focal, indicators)
		}
		return fmt.Sprintf("Compared with the pooled reference regions, %s shows %d %s and %d %s in %d indicators.",
			focal, advantages, plural(advantages, "advantage", "advantages"),
			shortfalls, plural(shortfalls, "shortfall", "shortfalls"), indicators)
	},
	secAdvantages: "Advantages",
	advantageRule: "An advantage is a significant difference (adjusted q value at most the significance level, " +
		"relative difference at least the minimum relative difference) in the favourable direction; " +
		"Annex A gives the rules. Relative difference and q value in brackets.",
	secShortfalls: "Shortfalls",
	shortfallRule: "A shortfall is a significant difference in the unfavourable direction, or a lower compliance " +
		"rate than the reference. Relative difference and q value, or compliant samples of both sides, in brackets.",
	noAdvantages: "No significant advantage was found.",
	noShortfalls: "No shortfall was found.",
	versus:       func(ref string) string { return "Compared with " + ref },
	effectPhrase: func(direction string, favourable bool, ref string) string {
		switch {
		case direction == benchmark.DirectionRange && favourable:
			return "significantly closer to its target range than in " + ref
		case direction == benchmark.DirectionRange:
			return "significantly further from its target range than in " + ref
		case (direction == benchmark.DirectionHigher) == favourable:
			return "significantly higher than in " + ref
		default:
			return "significantly lower than in " + ref
		}
	},
	effectSentence: func(focal, indicator, phrase, stats string) string {
		return indicator + " of " + focal + " is " + phrase + " (" + stats + ")"
	},
	complianceSentence: func(focal, indicator, ref, rates string) string {
		return indicator + " of " + focal + " meets its limits less often than in " + ref + " (" + rates + ")"
	},
	alsoLessCompliant: func(rates string) string { return "; it also meets its limits less often (" + rates + ")" },
	rates:             func(focal, ref string) string { return focal + " vs " + ref + " samples compliant" },
	distance:          "distance to target",
	secComposite:      "Composite score",
	compositeIntro: "The composite score is the weighted mean of the standardised scores (z) of the directional " +
		"indicators: 0 is the average of all regions, positive is better than average. Annex A gives the method.",
	colRank:          "Rank",
	colRegion:        "Region",
	colComposite:     "Composite score",
	captionComposite: "Composite score and rank of the regions",

	chDesign: "Study design",
	designIntro: "The study follows the four unifications: one product, one indicator set, one laboratory and " +
		"one test method per indicator, so that sampling, the choice of indicators and differences between " +
		"laboratories do not bias the comparison.",
	secVariety: "One product, market samples",
	varietyText: func(product string, regions, samples int) string {
		return fmt.Sprintf("The product compared is %s. %d samples were bought on the market in %d regions, "+
			"from different enterprises and grades, to represent what consumers buy. Chapter 3 gives the "+
			"composition of the samples.", product, samples, regions)
	},
	secIndicators: "One indicator set",
	indicatorsText: func(n, higher, lower, inRange, none, limited int) string {
		return fmt.Sprintf("Every sample was tested for the same %d indicators: %d where higher is better, "+
			"%d where lower is better, %d with a target range and %d descriptive only; %d carry a limit. "+
			"The table below gives unit, direction, test method and limits.", n, higher, lower, inRange, none, limited)
	},
	secLab: "One laboratory",
	labText: func(lab, accreditation string) string {
		return fmt.Sprintf("All samples were tested by %s (accreditation: %s), which removes "+
			"systematic differences between laboratories.", lab, accreditation)
	},
	secMethods: "One test method per indicator",
	methodsText: func(methods int, table string) string {
		return fmt.Sprintf("All samples of an indicator were tested with the same method; %d method standards "+
			"are used in all (see %s). Results whose unit or method differs from the design are refused.", methods, table)
	},
	colCode:           "Code",
	colIndicator:      "Indicator",
	colUnit:           "Unit",
	colDirection:      "Direction",
	colMethod:         "Test method",
	colLimit:          "Limit",
	colWeight:         "Weight",
	captionIndicators: "Indicators of the comparison",

	chSamples:       "Sample overview",
	secByRegion:     "By region",
	secByGrade:      "By grade",
	secByEnterprise: "By enterprise",
	samplesIntro: func(samples, results int) string {
		return fmt.Sprintf("The study comprises %d samples and %d results (replicates included). "+
			"The tables below break the samples down by region, grade and enterprise; Annex B lists them.",
			samples, results)
	},
	colSamples:          "Samples",
	colEnterprises:      "Enterprises",
	colResults:          "Results",
	colGrade:            "Grade",
	colEnterprise:       "Enterprise",
	colGrades:           "Grades",
	captionByRegion:     "Samples by region",
	captionByGrade:      "Samples by grade",
	captionByEnterprise: "Samples by enterprise",

	chCharts:     "Charts",
	secDiverging: "Advantages and shortfalls at a glance",
	secRadar:     "Radar of the regions",
	secDotPlots:  "Sample values of the key indicators",

	chResults: "Results by indicator",
	resultsIntro: func(focal, test, correction string) string {
		return "For each indicator, the tables give the statistics of every region and the comparison of " + focal +
			" with every reference. The statistics describe sample values (replicates averaged, non-detects " +
			"substituted). In the comparisons, the difference and relative difference are the focal mean minus " +
			"the reference mean; p is the p-value of Welch's t-test, p(MW) that of the Mann–Whitney U test, " +
			"g is Hedges' g; q is the p-value that drives the verdict (" + test + ") adjusted for multiple " +
			"comparisons (" + correction + "), and the verdict rests on q."
	},
	notAnalysed:   "This indicator was not analysed (no results).",
	rangeNote:     "Note: for a target-range indicator the statistics describe the values themselves; the difference, relative difference and tests concern the distance to the target range, and a negative value means the focal region is closer to it.",
	colMean:       "Mean",
	colSD:         "SD",
	colMedian:     "Median",
	colMin:        "Min",
	colMax:        "Max",
	colDetected:   "Detected",
	colCompliant:  "Compliant",
	colReference:  "Reference",
	colDiff:       "Difference",
	colRelDiff:    "Rel. diff.",
	colVerdict:    "Verdict",
	colCompliance: "Compliance",
	captionRegionStats: func(indicator, unit string) string {
		return indicator + ": statistics by region (" + unit + ")"
	},
	captionComparisons: func(indicator, focal string) string {
		return indicator + ": " + focal + " compared with each reference"
	},

	chFindings: "Expert findings",
	noFindings: "The expert panel has not submitted its findings yet. Once entered, this chapter gives the causes " +
		"the experts see behind the differences, their conclusions and recommendations.",
	findingsBy: func(authors string) string {
		return "This chapter was written by the expert panel (" + authors + ") and is printed as submitted."
	},
	secCauses:          "Causes",
	secConclusions:     "Conclusions",
	secRecommendations: "Recommendations",
	noCauses:           "The expert panel has not submitted causes yet.",
	noConclusions:      "The expert panel has not submitted conclusions yet.",
	noRecommendations:  "The expert panel has not made recommendations yet.",

	chMethod:          "Method statement",
	methodIntro:       "This annex states how every statistic in the report was computed and which settings this analysis used, so that readers can check the results independently.",
	secSettings:       "Settings",
	captionSettings:   "Settings of this analysis",
	colSetting:        "Setting",
	colSettingKey:     "Key",
	colValue:          "Value",
	settingAlpha:      "Significance level α",
	settingMinRelDiff: "Minimum relative difference",
	settingCorrection: "Multiple-comparison correction",
	settingTest:       "Test that drives the verdict",
	settingND:         "Non-detects substituted by",
	methodStatement:   enMethodStatement,
	chSampleList:      "Sample list",
	captionSampleList: "All samples",
	colSample:         "Sample",
	colCollectedOn:    "Collected on",
	colSource:         "Source",
	chRawData:         "Raw data",
	captionRawData:    "All results",
	rawDataIntro: func(results int) string {
		return fmt.Sprintf("The table lists all %d results as the laboratory reported them, by sample and "+
			"indicator. \"ND\" or \"<x\" marks a non-detect; the LOD column gives the limit of detection "+
			"that applies to the result.", results)
	},
	colReplicate: "Rep.",
	colReported:  "Result",
	colLOD:       "LOD",
	colTestedOn:  "Tested on",
	colAnalyst:   "Analyst",
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// enMethodStatement is shared/METHOD.md in words, with this analysis's
// settings filled in.
func enMethodStatement(f methodFacts) []methodPart {
	return []methodPart{
		{"Sample values", []string{
			"A non-detect (below the limit of detection L; L is the result's own limit, else the indicator's) " +
				"is substituted by " + f.nd + ". The replicates of one sample and indicator are averaged after " +
				"substitution into the sample value; a sample without a result for an indicator is left out of " +
				"that indicator's statistics.",
			"For a target-range indicator the comparison variable is the distance of the value x to the target " +
				"interval [min, max], y = max(min − x, 0, x − max), compared as lower is better; the region " +
				"statistics still describe x.",
		}},
		{"Region statistics", []string{
			"For every indicator, each region and the pooled references (all samples of all reference regions " +
				"together) are described by n, mean, sample standard deviation (divisor n − 1; none when n < 2), " +
				"median, minimum, maximum, detected samples (at least one replicate detected) and compliant " +
				"samples (meeting every limit; none when the indicator has no limit).",
			"A sample meets an upper limit when its value is at most the limit, a non-detect when its limit of " +
				"detection is at most the limit; it meets a lower limit when its value is at least the limit, " +
				"and a non-detect never does.",
		}},
		{"Comparisons and tests", []string{
			f.focal + " (the focal region) is compared with each reference region and with the pooled " +
				"references. Difference = focal mean − reference mean; relative difference = difference / " +
				"|reference mean|, none when the reference mean is 0.",
			"Welch's t-test, two-sided: t = difference / √(s_a²/n_a + s_b²/n_b) (a the focal region, b the " +
				"reference, s the standard deviation, n the number of samples), with Welch–Satterthwaite " +
				"degrees of freedom. When both variances are 0, p = 1 if the difference is 0, else p = 0.",
			"Mann–Whitney U test, two-sided, reported as p(MW): the exact distribution when there are no ties " +
				"and the smaller group has at most 8 samples, else the normal approximation with tie and " +
				"continuity correction; p(MW) = 1 when all values of both groups are equal.",
			"The effect size is Hedges' g = J × difference / s_p, with s_p the pooled standard deviation and " +
				"J = 1 − 3 / (4(n_a + n_b) − 9); none when s_p = 0.",
		}},
		{"Multiple comparisons and verdicts", []string{
			"This analysis bases its verdicts on the p-value of " + f.test + ". Within one reference, the p-values " +
				"of all directional indicators with enough samples form one family and are adjusted with the " +
				f.correction + " correction into q values; a descriptive indicator's q is its unadjusted p-value.",
			"When either side has fewer than 2 samples the verdict is \"insufficient data\" and no test is run. " +
				"A difference is significant when q ≤ " + f.alpha + " and the relative difference is at least " +
				f.minRelDiff + " in absolute value (or cannot be computed). A significant difference in the " +
				"favourable direction (positive for higher is better, negative for lower is better and target " +
				"range) is an advantage, in the unfavourable direction a shortfall, otherwise the verdict is " +
				"parity; descriptive indicators are only called higher, lower or similar.",
			"For indicators with a limit, the compliance rates (compliant / n) of both sides are compared too: " +
				"a lower rate of the focal region is a shortfall, a higher one an advantage, an equal one parity.",
		}},
		{"Advantage and shortfall profiles", []string{
			"The advantage profile lists every comparison with the verdict advantage; the shortfall profile " +
				"every comparison with the verdict shortfall or a compliance shortfall. The pooled references " +
				"come first, then the reference regions in the order of the design; within one reference, " +
				"entries are ordered by |g| descending, then |relative difference| descending, then indicator code.",
		}},
		{"Composite score and radar", []string{
			"For each directional indicator with at least two samples, M and SD are the mean and standard " +
				"deviation of the comparison variable over all samples of all regions (the pooled references " +
				"excluded). A region's standardised score is z = s × (region mean − M) / SD, with s = +1 when " +
				"higher is better and s = −1 when lower is better or for a target range; indicators with SD = 0 " +
				"are skipped. The composite score is the mean of a region's z weighted by indicator weight " +
				"(indicators without samples of the region left out); regions are ranked by it, highest first.",
			"On the radar, each directional indicator shows 100 × (v − min) / (max − min) with v = s × region " +
				"mean, min and max taken over the regions; all regions get 50 when they are equal.",
		}},
		{"Rounding", []string{
			"All statistics are computed in double precision from the values as reported. The report rounds " +
				"means, medians, minima and maxima to the indicator's decimals and standard deviations to one " +
				"more; p and q values to 3 significant figures, \"< 0.001\" below that; g and z to 2 decimals; " +
				"relative differences as percentages with 1 decimal. Figures that cannot be computed are shown as \"—\".",
		}},
	}
}
