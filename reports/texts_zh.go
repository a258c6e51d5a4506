package reports

import (
	"fmt"
	"strings"
	"time"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/reports/model"
)

var zhTexts = texts{
	langTag: "zh-CN",

	reportKind:  "质量比对分析报告",
	pageOf:      func(page int, total string) string { return fmt.Sprintf("第 %d 页 / 共 %s 页", page, total) },
	annexLabel:  func(n int) string { return "附录 " + letter(n) },
	tableLabel:  func(n int) string { return fmt.Sprintf("表 %d", n) },
	figureLabel: func(n int) string { return fmt.Sprintf("图 %d", n) },
	continued:   "（续）",
	date: func(d time.Time) string {
		return fmt.Sprintf("%d年%d月%d日", d.Year(), d.Month(), d.Day())
	},

	pooled:        "参比产区合并",
	pooledInText:  "参比产区合并样本",
	regionProduct: func(region, product string) string { return region + product },
	focalMark:     "（比对产区）",
	listSep:       "、",
	joinList:      func(items []string) string { return strings.Join(items, "、") },
	clauseSep:     "，",
	fullStop:      "。",
	notStated:     "未注明",
	total:         "合计",
	nameWithCode: func(name, code string) string {
		if name == code {
			return code
		}
		return name + "（" + code + "）"
	},
	nameWithUnit: func(name, unit string) string { return name + "（" + unit + "）" },
	infoItem:     func(label, value string) string { return label + "：" + value },
	infoSep:      "；",

	directions: map[string]string{
		benchmark.DirectionHigher: "越高越好",
		benchmark.DirectionLower:  "越低越好",
		benchmark.DirectionRange:  "目标区间",
		benchmark.DirectionNone:   "仅作描述",
	},
	verdicts: map[string]string{
		benchmark.VerdictAdvantage:    "优势",
		benchmark.VerdictShortfall:    "短板",
		benchmark.VerdictParity:       "持平",
		benchmark.VerdictInsufficient: "样本不足",
		benchmark.VerdictHigher:       "偏高",
		benchmark.VerdictLower:        "偏低",
		benchmark.VerdictSimilar:      "相近",
		benchmark.ComplianceNone:      model.Missing,
	},
	tests: map[string]string{
		benchmark.TestWelch:       "Welch t 检验",
		benchmark.TestMannWhitney: "Mann–Whitney U 检验",
	},
	corrections: map[string]string{
		benchmark.CorrectionBH:   "Benjamini–Hochberg 法",
		benchmark.CorrectionHolm: "Holm 法",
		benchmark.CorrectionNone: "不校正",
	},
	ndSubstitutions: map[string]string{
		benchmark.NDHalf: "检出限的一半（LOD/2，中间界）",
		benchmark.NDZero: "零（下界）",
		benchmark.NDLOD:  "检出限（上界）",
	},

	coverProduct:       "产品",
	coverFocal:         "比对产区",
	coverReferences:    "参比产区",
	coverLab:           "检测机构",
	coverAccreditation: "资质",
	coverStudyCode:     "研究编号",
	coverDate:          "报告日期",
	coverAuthors:       "专家组",
	coverNote: "本报告依据统一品种、统一指标、统一检测机构、统一检测方法取得的检测数据编制。" +
		"统计方法见附录 A，样品清单和全部原始数据见附录 B 和附录 C。",

	chSummary:     "摘要",
	secBackground: "背景与目的",
	purpose: func(f purposeFacts) string {
		return fmt.Sprintf("本次质量比对以%s为比对对象，以%s为参比产区，在市场上采集样品 %d 个，检测 %d 项指标，"+
			"共取得检测结果 %d 个，全部样品由%s统一检测。本报告比较%s与参比产区同类产品的质量差异，"+
			"找出优势与短板，供主管部门、行业协会和企业参考。",
			f.focalProduct, f.references, f.samples, f.indicators, f.results, f.lab, f.focalProduct)
	},
	headline: func(focal string, advantages, shortfalls, indicators int) string {
		if advantages == 0 && shortfalls == 0 {
			return fmt.Sprintf("与参比产区合并样本相比，%s在 %d 项指标中未发现显著的优势或短板指标。", focal, indicators)
		}
		return fmt.Sprintf("与参比产区合并样本相比，%s在 %d 项指标中有优势指标 %d 项、短板指标 %d 项。",
			focal, indicators, advantages, shortfalls)
	},
	secAdvantages: "优势指标",
	advantageRule: "优势指标指差异显著（校正后 q 值不大于显著性水平，且相对差异达到最小相对差异）且方向有利的指标，" +
		"判定规则见附录 A。括号内为相对差异和 q 值。",
	secShortfalls: "短板指标",
	shortfallRule: "短板指标指差异显著且方向不利的指标，以及合格率低于参比对象的指标。括号内为相对差异和 q 值，或双方的合格样品数。",
	noAdvantages:  "未发现显著的优势指标。",
	noShortfalls:  "未发现短板指标。",
	versus:        func(ref string) string { return "与" + ref + "相比" },
	effectPhrase: func(direction string, favourable bool, ref string) string {
		switch {
		case direction == benchmark.DirectionRange && favourable:
			return "比" + ref + "显著更接近目标区间"
		case direction == benchmark.DirectionRange:
			return "比" + ref + "显著更偏离目标区间"
		case (direction == benchmark.DirectionHigher) == favourable:
			return "显著高于" + ref
		default:
			return "显著低于" + ref
		}
	},
	effectSentence: func(focal, indicator, phrase, stats string) string {
		return focal + "的" + indicator + phrase + "（" + stats + "）"
	},
	complianceSentence: func(focal, indicator, ref, rates string) string {
		return focal + "的" + indicator + "合格率低于" + ref + "（" + rates + "）"
	},
	alsoLessCompliant: func(rates string) string { return "，且合格率较低（" + rates + "）" },
	rates:             func(focal, ref string) string { return "合格样品 " + focal + " 对 " + ref },
	distance:          "距目标区间",
	secComposite:      "综合评分",
	compositeIntro: "综合得分是各方向性指标标准化得分（z）按指标权重的加权平均：0 表示全部产区的平均水平，" +
		"正值表示优于平均水平。计算方法见附录 A。",
	colRank:          "排名",
	colRegion:        "产区",
	colComposite:     "综合得分",
	captionComposite: "各产区综合得分与排名",

	chDesign: "研究设计",
	designIntro: "本次比对按照“四统一”原则组织：统一品种、统一指标、统一检测机构、统一检测方法，" +
		"以排除抽样、指标选择和实验室间差异对比较结果的影响。",
	secVariety: "统一品种与抽样",
	varietyText: func(product string, regions, samples int) string {
		return fmt.Sprintf("比对产品为%s。在 %d 个产区的市场上共采集样品 %d 个，覆盖不同企业和等级，"+
			"以反映消费者实际购买的产品。各产区的样品构成见第 3 章。", product, regions, samples)
	},
	secIndicators: "统一指标",
	indicatorsText: func(n, higher, lower, inRange, none, limited int) string {
		return fmt.Sprintf("全部样品检测相同的 %d 项指标，其中越高越好 %d 项、越低越好 %d 项、目标区间型 %d 项、"+
			"仅作描述 %d 项；%d 项指标规定了限量。各指标的单位、评价方向、检测方法和限量见下表。",
			n, higher, lower, inRange, none, limited)
	},
	secLab: "统一检测机构",
	labText: func(lab, accreditation string) string {
		return fmt.Sprintf("全部样品由%s（资质：%s）统一检测，消除了实验室间的系统误差。", lab, accreditation)
	},
	secMethods: "统一检测方法",
	methodsText: func(methods int, table string) string {
		return fmt.Sprintf("每项指标的全部样品采用同一检测方法，共涉及 %d 项方法标准（见%s）。"+
			"检测结果的单位和方法与研究设计不一致时不予录入。", methods, table)
	},
	colCode:           "代码",
	colIndicator:      "指标",
	colUnit:           "单位",
	colDirection:      "评价方向",
	colMethod:         "检测方法",
	colLimit:          "限量",
	colWeight:         "权重",
	captionIndicators: "比对指标一览",

	chSamples:       "样品概况",
	secByRegion:     "按产区",
	secByGrade:      "按等级",
	secByEnterprise: "按企业",
	samplesIntro: func(samples, results int) string {
		return fmt.Sprintf("本次比对共采集样品 %d 个，取得检测结果 %d 个（含平行测定）。"+
			"下列各表按产区、等级和企业列出样品构成，样品清单见附录 B。", samples, results)
	},
	colSamples:          "样品数",
	colEnterprises:      "企业数",
	colResults:          "检测结果数",
	colGrade:            "等级",
	colEnterprise:       "企业",
	colGrades:           "等级",
	captionByRegion:     "各产区样品数",
	captionByGrade:      "各等级样品数",
	captionByEnterprise: "各企业样品数",

	chCharts:     "比对结果图示",
	secDiverging: "优势与短板总览",
	secRadar:     "产区雷达图",
	secDotPlots:  "重点指标的样品分布",

	chResults: "分指标检测结果",
	resultsIntro: func(focal, test, correction string) string {
		return "以下按指标列出各产区的统计量，以及" + focal + "与各参比对象的比较。统计量描述样品值" +
			"（平行测定取平均，未检出按设定值替代）。比较表中，差值和相对差异为比对产区均值减参比均值；" +
			"p 为 Welch t 检验的 p 值，p(MW) 为 Mann–Whitney U 检验的 p 值，g 为效应量 Hedges' g；" +
			"q 为用于判定的 p 值（" + test + "）经多重比较校正（" + correction + "）后的值，判定以 q 为依据。"
	},
	notAnalysed:   "该指标未纳入分析（没有检测结果）。",
	rangeNote:     "注：目标区间型指标的统计量描述样品值本身；差值、相对差异和检验针对样品值与目标区间的距离，负值表示比对产区更接近目标区间。",
	colMean:       "均值",
	colSD:         "标准差",
	colMedian:     "中位数",
	colMin:        "最小值",
	colMax:        "最大值",
	colDetected:   "检出数",
	colCompliant:  "合格数",
	colReference:  "参比对象",
	colDiff:       "差值",
	colRelDiff:    "相对差异",
	colVerdict:    "判定",
	colCompliance: "合格率比较",
	captionRegionStats: func(indicator, unit string) string {
		return indicator + "：各产区统计量（" + unit + "）"
	},
	captionComparisons: func(indicator, focal string) string {
		return indicator + "：" + focal + "与参比对象的比较"
	},

	chFindings: "专家分析意见",
	noFindings: "专家组尚未提交分析意见。意见录入后，本章将列出各指标差异的原因分析、结论和建议。",
	findingsBy: func(authors string) string {
		return "本章由专家组（" + authors + "）提出，按原文刊印。"
	},
	secCauses:          "原因分析",
	secConclusions:     "结论",
	secRecommendations: "建议",
	noCauses:           "专家组尚未提交原因分析。",
	noConclusions:      "专家组尚未提交结论。",
	noRecommendations:  "专家组尚未提出建议。",

	chMethod:          "方法说明",
	methodIntro:       "本附录说明报告中全部统计结果的计算方法和本次分析采用的参数，读者可据此独立复核。",
	secSettings:       "分析参数",
	captionSettings:   "本次分析采用的参数",
	colSetting:        "参数",
	colSettingKey:     "设置项",
	colValue:          "取值",
	settingAlpha:      "显著性水平 α",
	settingMinRelDiff: "最小相对差异",
	settingCorrection: "多重比较校正",
	settingTest:       "判定所用检验",
	settingND:         "未检出值替代",
	methodStatement:   zhMethodStatement,
	chSampleList:      "样品清单",
	captionSampleList: "全部样品",
	colSample:         "样品编号",
	colCollectedOn:    "采样日期",
	colSource:         "来源",
	chRawData:         "原始数据",
	captionRawData:    "全部检测结果",
	rawDataIntro: func(results int) string {
		return fmt.Sprintf("下表按样品和指标顺序列出检测机构报告的全部 %d 个检测结果。结果按原样刊印，"+
			"“ND”或“<x”表示未检出；检出限列给出适用于该结果的检出限。", results)
	},
	colReplicate: "平行",
	colReported:  "结果",
	colLOD:       "检出限",
	colTestedOn:  "检测日期",
	colAnalyst:   "检测人",
}

// zhMethodStatement is shared/METHOD.md in words, with this analysis's
// settings filled in.
func zhMethodStatement(f methodFacts) []methodPart {
	return []methodPart{
		{"样品值", []string{
			"未检出结果（低于检出限 L；L 取结果本身给出的检出限，未给出时取该指标的检出限）按" + f.nd + "替代。" +
				"同一样品同一指标的平行测定结果在替代后取算术平均值，作为该样品的样品值；缺少某指标结果的样品不参与该指标的统计。",
			"目标区间型指标的比较变量为样品值 x 与目标区间 [下限, 上限] 的距离 y = max(下限 − x, 0, x − 上限)，" +
				"按“越低越好”比较；产区统计量仍描述样品值 x。",
		}},
		{"产区统计量", []string{
			"对每项指标，分别统计各产区和参比产区合并样本（全部参比产区样品的合并）的样品数 n、均值、" +
				"样本标准差（分母 n − 1，n < 2 时不计算）、中位数、最小值、最大值、检出样品数（至少一次平行测定检出）" +
				"和合格样品数（满足全部限量的样品；指标没有限量时不统计）。",
			"样品值不大于上限即满足上限，未检出样品在检出限不大于上限时满足上限；样品值不小于下限即满足下限，未检出样品不满足下限。",
		}},
		{"比较与检验", []string{
			"将" + f.focal + "（比对产区）分别与每个参比产区和参比产区合并样本比较。差值 = 比对产区均值 − 参比均值；" +
				"相对差异 = 差值 / |参比均值|，参比均值为 0 时不计算。",
			"Welch t 检验（双侧）：t = 差值 / √(s_a²/n_a + s_b²/n_b)（a 表示比对产区，b 表示参比对象，s 为标准差，n 为样品数），自由度按 Welch–Satterthwaite 公式计算。" +
				"两组方差均为 0 时，差值为 0 则 p = 1，否则 p = 0。",
			"Mann–Whitney U 检验（双侧，报告为 p(MW)）：无结且较小一组样品数不超过 8 时用精确分布，" +
				"否则用带结校正和连续性校正的正态近似；两组全部数值相同时 p(MW) = 1。",
			"效应量为 Hedges' g = J × 差值 / s_p，s_p 为合并标准差，J = 1 − 3 / (4(n_a + n_b) − 9)；s_p = 0 时不计算。",
		}},
		{"多重比较与判定", []string{
			"本次分析以" + f.test + "的 p 值作为判定依据。同一参比对象下，全部方向性指标（样品数充足者）的判定 p 值构成一族，" +
				"按" + f.correction + "进行多重比较校正，得到 q 值；仅作描述的指标以未校正的 p 值作为 q 值。",
			"任一方样品数少于 2 时判定为“样本不足”，不进行检验。q ≤ " + f.alpha + " 且相对差异的绝对值不小于 " + f.minRelDiff +
				"（或相对差异无法计算）时差异显著。差异显著且有利（越高越好的指标差值为正，越低越好和目标区间型指标差值为负）" +
				"判为“优势”，显著且不利判为“短板”，其余判为“持平”；仅作描述的指标只判为“偏高”“偏低”或“相近”。",
			"有限量的指标另比较双方的合格率（合格样品数 / 样品数）：比对产区较低为“短板”，较高为“优势”，相同为“持平”。",
		}},
		{"优势清单与短板清单", []string{
			"优势清单列出判定为“优势”的全部比较；短板清单列出判定为“短板”或合格率比较为“短板”的全部比较。" +
				"先列参比产区合并样本，再按研究设计的顺序列各参比产区；同一参比对象内按 |g| 从大到小、" +
				"|相对差异| 从大到小、指标代码升序排列。",
		}},
		{"综合得分与雷达图", []string{
			"对每项样品数不少于 2 的方向性指标，以全部产区（不含合并样本）全部样品比较变量的均值 M 和标准差 SD，" +
				"计算各产区的标准化得分 z = s × (产区均值 − M) / SD；越高越好的指标 s = +1，越低越好和目标区间型指标 s = −1；" +
				"SD = 0 的指标不计。产区的综合得分为各指标 z 按指标权重的加权平均（该产区没有样品的指标不计入），" +
				"按综合得分从高到低排名。",
			"雷达图中每项方向性指标的取值为 100 × (v − min) / (max − min)，v = s × 产区均值，min 和 max 取自各产区；" +
				"各产区相同时均取 50。",
		}},
		{"数值修约", []string{
			"全部统计量以报告值按双精度计算。报告中的均值、中位数、最小值和最大值按指标规定的小数位数修约，" +
				"标准差多保留 1 位；p 值和 q 值保留 3 位有效数字，小于 0.001 时记为“< 0.001”；g 和 z 保留 2 位小数；" +
				"相对差异以百分数表示，保留 1 位小数；无法计算的数值记为“—”。",
		}},
	}
}
