#!/usr/bin/env python3
"""Writes the green tea demo study: design.json and results.csv.

    python3 gen.py        (from this directory; standard library only)

The study is modelled on the 2016 Bazhong green tea comparison: market
samples from Bazhong (巴中, the focal region) and two famous Sichuan tea
regions, Ya'an (雅安) and Emeishan (峨眉山), tested by one accredited lab
with one method per indicator. The values are invented but realistic
and seeded, so every run writes the same files. They are
drawn so that the profile shows what the real study found: Bazhong tea is
selenium-rich, with more water extract and free amino acids; it falls short
on processing (sensory score, powder, moisture) and has more pesticide
residues detected (bifenthrin, imidacloprid, one imidacloprid result over
the limit). Enterprises and brands are fictitious.

Revision 2 of the method shows in it: selenium carries the claim 富硒
(selenium-rich, >= 0.25 mg/kg, GH/T 1090-2014), which Bazhong's samples
mostly meet and the others do not; bifenthrin was never detected in
Emeishan, whose summary therefore reads "not detected" rather than a
number; limits name the standard they come from; samples carry the fields
of the sampling record (brand, batch, production date, place).

Non-detects are written "ND" (the indicator's LOD applies) or "<LOD";
water extract and amino acids have two replicates; EM-07 has no lead result.
"""

import json
import random

rng = random.Random(2016)

REGIONS = [
    {"code": "BZ", "name": "巴中", "name_en": "Bazhong"},
    {"code": "YA", "name": "雅安", "name_en": "Ya'an"},
    {"code": "EM", "name": "峨眉山", "name_en": "Emeishan"},
]
SAMPLES_PER_REGION = {"BZ": 12, "YA": 10, "EM": 10}
GRADES = ["特级", "一级", "二级"]
BRANDS = {"BZ": ["巴山雀舌", "米仓山", "光雾山"], "YA": ["蒙顶山", "雅雨露"], "EM": ["竹叶青", "峨眉雪芽"]}
SHOPS = {"BZ": "巴中市", "YA": "雅安市", "EM": "峨眉山市"}
LAB = {"code": "SCTQ", "name": "四川省茶叶产品质量检验中心（示例）",
       "name_en": "Sichuan tea quality testing centre (demo)", "accreditation": "CNAS L0000"}

PESTICIDE_METHOD = "GB 23200.113-2018"
LCMS_METHOD = "GB 23200.13-2016"


# The standards the limits come from.
TEA_STANDARD = "GB/T 14456.2-2018"      # green tea: physical and chemical requirements
CONTAMINANTS = "GB 2762-2017"           # maximum levels of contaminants
PESTICIDES = "GB 2763-2021"             # maximum residue limits of pesticides


def ind(code, name, name_en, unit, category, direction, method, decimals, **extra):
    out = {"code": code, "name": name, "name_en": name_en, "unit": unit, "category": category,
           "direction": direction, "method": method, "decimals": decimals, **extra}
    if "limit_min" in extra or "limit_max" in extra:
        out["standard"] = (PESTICIDES if category == "safety" and code != "lead"
                           else CONTAMINANTS if code == "lead" else TEA_STANDARD)
    return out


INDICATORS = [
    ind("sensory_score", "感官审评总分", "Sensory score", "points", "sensory", "higher", "GB/T 23776-2018", 1, weight=2,
        unit_label="分", unit_label_en="points"),
    ind("moisture", "水分", "Moisture", "%", "quality", "lower", "GB 5009.3-2016", 1, limit_max=7.0),
    ind("total_ash", "总灰分", "Total ash", "%", "quality", "lower", "GB 5009.4-2016", 1, limit_max=7.5),
    ind("water_extract", "水浸出物", "Water extract", "%", "quality", "higher", "GB/T 8305-2013", 1, limit_min=34),
    ind("crude_fibre", "粗纤维", "Crude fibre", "%", "quality", "lower", "GB/T 8310-2013", 1, limit_max=16.5),
    ind("powder", "粉末", "Powder", "%", "quality", "lower", "GB/T 8311-2013", 2, limit_max=1.0),
    ind("alkalinity", "水溶性灰分碱度", "Alkalinity of water-soluble ash", "%", "quality", "range",
        "GB/T 8309-2013", 2, target_min=1.0, target_max=3.0),
    ind("polyphenols", "茶多酚", "Tea polyphenols", "%", "quality", "higher", "GB/T 8313-2018", 1, limit_min=11),
    ind("catechins", "儿茶素总量", "Total catechins", "%", "quality", "higher", "GB/T 8313-2018", 1, limit_min=7),
    ind("amino_acids", "游离氨基酸总量", "Free amino acids", "%", "quality", "higher", "GB/T 8314-2013", 2),
    ind("caffeine", "咖啡碱", "Caffeine", "%", "quality", "none", "GB/T 8312-2013", 2),
    ind("phenol_amino_ratio", "酚氨比", "Polyphenol to amino acid ratio", "ratio", "quality", "none",
        "GB/T 8313-2018; GB/T 8314-2013", 1),
    ind("selenium", "硒", "Selenium", "mg/kg", "nutrition", "higher", "GB 5009.93-2017", 3,
        claim={"label": "富硒", "label_en": "Selenium-rich", "min": 0.25, "standard": "GH/T 1090-2014"}),
    ind("lead", "铅", "Lead", "mg/kg", "safety", "lower", "GB 5009.12-2017", 2, limit_max=5.0, lod=0.02),
    ind("bifenthrin", "联苯菊酯", "Bifenthrin", "mg/kg", "safety", "lower", PESTICIDE_METHOD, 3, limit_max=5, lod=0.005),
    ind("cypermethrin", "氯氰菊酯", "Cypermethrin", "mg/kg", "safety", "lower", PESTICIDE_METHOD, 3, limit_max=20, lod=0.01),
    ind("cyhalothrin", "氯氟氰菊酯", "Cyhalothrin", "mg/kg", "safety", "lower", PESTICIDE_METHOD, 3, limit_max=15, lod=0.005),
    ind("imidacloprid", "吡虫啉", "Imidacloprid", "mg/kg", "safety", "lower", LCMS_METHOD, 3, limit_max=0.5, lod=0.01),
    ind("acetamiprid", "啶虫脒", "Acetamiprid", "mg/kg", "safety", "lower", LCMS_METHOD, 3, limit_max=10, lod=0.01),
    ind("chlorpyrifos", "毒死蜱", "Chlorpyrifos", "mg/kg", "safety", "lower", PESTICIDE_METHOD, 3, limit_max=2, lod=0.01),
    ind("glyphosate", "草甘膦", "Glyphosate", "mg/kg", "safety", "lower", "SN/T 1923-2007", 2, limit_max=1, lod=0.05),
]
BY_CODE = {i["code"]: i for i in INDICATORS}

# Per region: mean and SD of each measured indicator.
LEVELS = {
    "sensory_score": {"BZ": (84.6, 1.8), "YA": (90.2, 1.4), "EM": (90.6, 1.5)},
    "moisture": {"BZ": (6.3, 0.4), "YA": (5.8, 0.35), "EM": (5.7, 0.4)},
    "total_ash": {"BZ": (5.4, 0.3), "YA": (5.3, 0.3), "EM": (5.3, 0.25)},
    "water_extract": {"BZ": (41.0, 1.0), "YA": (38.8, 1.0), "EM": (38.5, 1.1)},
    "crude_fibre": {"BZ": (11.0, 0.8), "YA": (10.6, 0.7), "EM": (10.5, 0.8)},
    "powder": {"BZ": (0.82, 0.15), "YA": (0.45, 0.1), "EM": (0.5, 0.1)},
    "alkalinity": {"BZ": (2.2, 0.45), "YA": (2.0, 0.4), "EM": (2.1, 0.4)},
    "polyphenols": {"BZ": (19.6, 1.1), "YA": (20.3, 1.0), "EM": (20.8, 1.1)},
    "catechins": {"BZ": (13.0, 1.0), "YA": (13.4, 0.9), "EM": (13.6, 1.0)},
    "amino_acids": {"BZ": (3.85, 0.22), "YA": (3.42, 0.18), "EM": (3.35, 0.2)},
    "caffeine": {"BZ": (3.45, 0.1), "YA": (3.5, 0.1), "EM": (3.52, 0.1)},
    "selenium": {"BZ": (0.32, 0.07), "YA": (0.07, 0.02), "EM": (0.06, 0.02)},
    "lead": {"BZ": (0.62, 0.25), "YA": (0.55, 0.2), "EM": (0.58, 0.22)},
}
# Per pesticide and region: share of samples with a detection, and the range
# of the detected values (mg/kg).
RESIDUES = {
    "bifenthrin": {"BZ": (0.5, 0.02, 0.30), "YA": (0.2, 0.01, 0.05), "EM": (0.0, 0, 0)},
    "imidacloprid": {"BZ": (0.4, 0.02, 0.20), "YA": (0.1, 0.02, 0.05), "EM": (0.1, 0.02, 0.05)},
    "cypermethrin": {"BZ": (0.0, 0, 0), "YA": (0.1, 0.02, 0.08), "EM": (0.0, 0, 0)},
    "cyhalothrin": {"BZ": (0.1, 0.01, 0.03), "YA": (0.0, 0, 0), "EM": (0.1, 0.01, 0.02)},
    "acetamiprid": {"BZ": (0.1, 0.02, 0.06), "YA": (0.1, 0.02, 0.05), "EM": (0.0, 0, 0)},
    "chlorpyrifos": {"BZ": (0.0, 0, 0), "YA": (0.0, 0, 0), "EM": (0.0, 0, 0)},
    "glyphosate": {"BZ": (0.0, 0, 0), "YA": (0.0, 0, 0), "EM": (0.0, 0, 0)},
}
REPLICATED = {"water_extract", "amino_acids"}
MISSING = {("EM-07", "lead")}  # the lab lost this aliquot
OVER_LIMIT = {("BZ-05", "imidacloprid"): "0.620"}  # one Bazhong sample over 0.5 mg/kg


def samples():
    out = []
    for region in REGIONS:
        for k in range(SAMPLES_PER_REGION[region["code"]]):
            out.append({
                "code": f"{region['code']}-{k + 1:02d}",
                "region": region["code"],
                "enterprise": f"{region['name']}示例茶企{'ABCDEF'[k % 6]}",
                "grade": GRADES[k % 3],
                "collected_on": f"2016-{4 + k % 2:02d}-{3 + 2 * k:02d}",
                "source": "market",
                "brand": BRANDS[region["code"]][k % len(BRANDS[region["code"]])],
                "batch": f"2016{3 + k % 2:02d}{1 + k:02d}",
                "produced_on": f"2016-{3 + k % 2:02d}-{1 + k:02d}",
                "sampled_at": f"{SHOPS[region['code']]}示例超市{'一二三'[k % 3]}号店",
            })
    return out


def fmt(value, decimals):
    return f"{value:.{decimals}f}"


def results(sample_list):
    rows = []

    def row(sample, code, value, replicate=1, lod="", day="2016-06-01", analyst="李敏"):
        i = BY_CODE[code]
        rows.append([sample, code, value, i["unit"], i["method"], LAB["code"], lod, str(replicate), day, analyst])

    for s in sample_list:
        code, region = s["code"], s["region"]
        measured = {}
        for ind_code, levels in LEVELS.items():
            if (code, ind_code) in MISSING:
                continue
            mean, sd = levels[region]
            decimals = BY_CODE[ind_code]["decimals"]
            for rep in (1, 2) if ind_code in REPLICATED else (1,):
                value = max(rng.gauss(mean, sd), 0.001)
                measured.setdefault(ind_code, value)
                row(code, ind_code, fmt(value, decimals), rep)
        ratio = measured["polyphenols"] / measured["amino_acids"]
        row(code, "phenol_amino_ratio", fmt(ratio, 1))
        for ind_code, per_region in RESIDUES.items():
            rate, lo, hi = per_region[region]
            i = BY_CODE[ind_code]
            if (code, ind_code) in OVER_LIMIT:
                row(code, ind_code, OVER_LIMIT[(code, ind_code)], day="2016-06-03", analyst="王强")
            elif rng.random() < rate:
                row(code, ind_code, fmt(rng.uniform(lo, hi), i["decimals"]), day="2016-06-03", analyst="王强")
            elif rng.random() < 0.5:
                row(code, ind_code, "ND", day="2016-06-03", analyst="王强")
            else:
                row(code, ind_code, f"<{i['lod']}", day="2016-06-03", analyst="王强")
    return rows


def main():
    sample_list = samples()
    design = {
        "code": "BZ-GT-2016",
        "title": "巴中绿茶质量比对",
        "title_en": "Bazhong green tea quality comparison",
        "product": "绿茶",
        "product_en": "green tea",
        "description": "巴中绿茶与雅安、峨眉山绿茶的市场抽样质量比对（演示数据）。",
        "industry": "茶叶",
        "round": "2016",
        "focal_region": "BZ",
        "regions": REGIONS,
        "lab": LAB,
        "settings": {"alpha": 0.05, "min_rel_diff": 0.05, "correction": "bh", "test": "welch",
                     "nd_substitution": "half"},
        "indicators": INDICATORS,
        "samples": sample_list,
    }
    with open("design.json", "w", encoding="utf-8") as f:
        json.dump(design, f, ensure_ascii=False, indent=2)
        f.write("\n")
    with open("results.csv", "w", encoding="utf-8", newline="") as f:
        f.write("sample,indicator,value,unit,method,lab,lod,replicate,tested_on,analyst\n")
        for r in results(sample_list):
            f.write(",".join(r) + "\n")


if __name__ == "__main__":
    main()
