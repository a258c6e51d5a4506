#!/usr/bin/python3
"""Writes the reference studies and their expected profiles.

Run from this directory with Debian's Python (SciPy, NumPy):

    /usr/bin/python3 gen_studies.py

For every study below it writes <name>/design.json and <name>/results.csv
(seeded, so the files are the same on every run) and then
<name>/profile.json with analyze_ref.py, the independent implementation of
docs/method.md. TestAnalyzeMatchesReference checks Analyze against them.
"""

import json
import os
import random
import subprocess
import sys

LAB = {"code": "SCTQ", "name": "四川省茶叶产品质量监督检验中心", "accreditation": "CNAS L0001"}
HEADER = ["sample", "indicator", "value", "unit", "method", "lab", "lod", "replicate", "tested_on", "analyst"]


def indicator(code, direction, unit="%", method="GB/T 0000", **extra):
    ind = {"code": code, "name": code, "unit": unit, "direction": direction, "method": method}
    ind.update(extra)
    return ind


class Study:
    def __init__(self, name, regions, focal, indicators, settings=None, seed=1):
        self.name = name
        self.rng = random.Random(seed)
        self.design = {
            "code": name, "title": name, "product": "绿茶", "focal_region": focal,
            "regions": [{"code": r, "name": r} for r in regions], "lab": LAB,
            "indicators": indicators, "samples": [],
        }
        if settings:
            self.design["settings"] = settings
        self.rows = []

    def samples(self, region, n):
        codes = []
        for i in range(n):
            code = f"{region}-{i + 1:02d}"
            self.design["samples"].append({"code": code, "region": region, "collected_on": "2016-05-03"})
            codes.append(code)
        return codes

    def ind(self, code):
        return next(i for i in self.design["indicators"] if i["code"] == code)

    def row(self, sample, code, value, replicate=1, lod=""):
        ind = self.ind(code)
        self.rows.append([sample, code, value, ind["unit"], ind["method"], LAB["code"], lod,
                          str(replicate), "2016-06-01", "Li"])

    def normal(self, samples, code, mean, sd, decimals=2, replicates=1):
        for s in samples:
            for rep in range(1, replicates + 1):
                self.row(s, code, f"{self.rng.gauss(mean, sd):.{decimals}f}", rep)

    def values(self, samples, code, values):
        for s, v in zip(samples, values):
            self.row(s, code, v)

    def pesticide(self, samples, code, detect_rate, mean, decimals=3):
        """Mostly non-detects ("ND" with the indicator's LOD), some detections."""
        for s in samples:
            if self.rng.random() < detect_rate:
                self.row(s, code, f"{self.rng.uniform(0.5, 1.5) * mean:.{decimals}f}")
            else:
                self.row(s, code, "ND")

    def write(self, directory=None):
        directory = directory or self.name
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, "design.json"), "w", encoding="utf-8") as f:
            json.dump(self.design, f, indent=1, ensure_ascii=False)
            f.write("\n")
        rows = list(self.rows)
        self.rng.shuffle(rows)  # row order must not matter
        with open(os.path.join(directory, "results.csv"), "w", encoding="utf-8") as f:
            f.write(",".join(HEADER) + "\n")
            for r in rows:
                f.write(",".join(r) + "\n")
        profile = subprocess.run(
            [sys.executable, "analyze_ref.py", os.path.join(directory, "design.json"),
             os.path.join(directory, "results.csv")], check=True, capture_output=True).stdout
        with open(os.path.join(directory, "profile.json"), "wb") as f:
            f.write(profile)


def tea_defaults():
    """Three regions, default settings (bh, welch, half), replicates, NDs."""
    st = Study("tea-defaults", ["BZ", "YA", "MS"], "BZ", [
        indicator("water_extract", "higher", limit_min=34, decimals=1),
        indicator("amino_acids", "higher", decimals=2),
        indicator("polyphenols", "higher", limit_min=11),
        indicator("moisture", "lower", limit_max=7.0, decimals=1),
        indicator("powder", "lower", limit_max=1.0),
        indicator("bifenthrin", "lower", unit="mg/kg", limit_max=0.05, lod=0.005, decimals=3),
        indicator("imidacloprid", "lower", unit="mg/kg", limit_max=0.5, lod=0.01, decimals=3),
        indicator("alkalinity", "range", target_min=1.0, target_max=3.0),
        indicator("caffeine", "none"),
        indicator("sensory_score", "higher", unit="points", weight=2, decimals=1),
    ], seed=11)
    bz, ya, ms = st.samples("BZ", 8), st.samples("YA", 8), st.samples("MS", 8)
    for group, we, aa, mo, po in ((bz, 40.6, 3.9, 6.4, 0.95), (ya, 38.7, 3.4, 5.8, 0.6), (ms, 39.1, 3.5, 5.6, 0.55)):
        st.normal(group, "water_extract", we, 0.8, 1, replicates=2 if group is bz else 1)
        st.normal(group, "amino_acids", aa, 0.2)
        st.normal(group, "polyphenols", 20.0, 1.1)
        st.normal(group, "moisture", mo, 0.5, 1)
        st.normal(group, "powder", po, 0.15)
        st.normal(group, "alkalinity", 2.4, 0.7)
        st.normal(group, "caffeine", 3.45, 0.12)
        st.normal(group, "sensory_score", 88.0 if group is bz else 90.5, 1.5, 1)
    st.pesticide(bz, "bifenthrin", 0.6, 0.04)
    st.pesticide(ya, "bifenthrin", 0.15, 0.01)
    st.pesticide(ms, "bifenthrin", 0.0, 0.01)
    for group in (bz, ya, ms):
        st.pesticide(group, "imidacloprid", 0.3, 0.05)
    return st


def zero_holm_mann_whitney():
    """nd zero, holm, the Mann–Whitney test on small tie-free samples (exact)
    and tied ones (normal approximation), an indicator that is never detected,
    limit_min with non-detects."""
    st = Study("zero-holm-mann-whitney", ["A", "B", "C"], "A", [
        indicator("extract", "higher", decimals=3),
        indicator("moisture", "lower", limit_max=7.0, decimals=1),
        indicator("selenium", "higher", unit="mg/kg", limit_min=0.25, lod=0.02, decimals=3),
        indicator("glyphosate", "lower", unit="mg/kg", limit_max=1.0, lod=0.05),
        indicator("graded", "higher", unit="points", decimals=0),
    ], settings={"correction": "holm", "test": "mann-whitney", "nd_substitution": "zero"}, seed=22)
    a, b, c = st.samples("A", 6), st.samples("B", 7), st.samples("C", 5)
    for group, ex, mo, se in ((a, 40.2, 6.1, 0.45), (b, 38.1, 6.0, 0.12), (c, 38.4, 6.5, 0.15)):
        st.normal(group, "extract", ex, 0.9, 3)
        st.normal(group, "moisture", mo, 0.3, 1)
        for s in group:
            v = st.rng.gauss(se, 0.08)
            st.row(s, "selenium", "ND" if v < 0.02 else f"{v:.3f}")
        for s in group:
            st.row(s, "glyphosate", "ND")
        st.values(group, "graded", [str(st.rng.choice([85, 86, 88, 90])) for _ in group])
    return st


def lod_none_one_sample():
    """nd lod, no correction, alpha 0.1, min_rel_diff 0.1; a reference region
    with one sample; an indicator with no result in a whole region; "<x"
    values and a lod column; three replicates."""
    st = Study("lod-none-one-sample", ["F", "R1", "R2", "R3"], "F", [
        indicator("water_extract", "higher", limit_min=34, decimals=1),
        indicator("lead", "lower", unit="mg/kg", limit_max=5.0, lod=0.1),
        indicator("cypermethrin", "lower", unit="mg/kg", limit_max=0.5, lod=0.02, decimals=3),
        indicator("crude_fibre", "lower", limit_max=16.5, decimals=1),
        indicator("ratio", "none", unit="ratio"),
    ], settings={"alpha": 0.1, "min_rel_diff": 0.1, "correction": "none", "nd_substitution": "lod"}, seed=33)
    f, r1, r2, r3 = st.samples("F", 7), st.samples("R1", 6), st.samples("R2", 6), st.samples("R3", 1)
    for group, we, pb in ((f, 39.5, 0.6), (r1, 38.9, 0.3), (r2, 37.5, 0.35), (r3, 38.0, 0.2)):
        st.normal(group, "water_extract", we, 1.0, 1, replicates=3)
        for s in group:
            v = st.rng.gauss(pb, 0.25)
            st.row(s, "lead", f"<{0.1}" if v < 0.1 else f"{v:.2f}")
        st.normal(group, "ratio", 5.5, 0.6)
        if group is not r2:  # crude fibre was not tested in R2
            st.normal(group, "crude_fibre", 12.0 if group is f else 13.0, 1.0, 1)
    for group, rate in ((f, 0.5), (r1, 0.2), (r2, 0.0), (r3, 1.0)):
        for s in group:
            if st.rng.random() < rate:
                st.row(s, "cypermethrin", f"{st.rng.uniform(0.02, 0.9):.3f}")
            else:  # some results carry their own LOD, above the indicator's
                st.row(s, "cypermethrin", "ND", lod="0.6" if st.rng.random() < 0.3 else "")
    return st


def two_regions_zero_variance():
    """Two regions; zero variance on both sides with equal and with unequal
    means; a reference mean of zero; range values all inside the target;
    ties; direction none."""
    st = Study("two-regions-zero-variance", ["X", "Y"], "X", [
        indicator("same_constant", "higher"),
        indicator("different_constants", "higher", decimals=1),
        indicator("zero_reference", "lower", unit="mg/kg", decimals=2),
        indicator("inside_target", "range", target_min=1.0, target_max=3.0),
        indicator("partly_outside", "range", target_min=1.0, target_max=3.0),
        indicator("tied", "none", unit="points", decimals=0),
        indicator("one_side_constant", "lower", limit_max=6.0, decimals=1),
    ], seed=44)
    x, y = st.samples("X", 5), st.samples("Y", 6)
    st.values(x, "same_constant", ["5.00"] * 5)
    st.values(y, "same_constant", ["5.0"] * 6)
    st.values(x, "different_constants", ["5.2"] * 5)
    st.values(y, "different_constants", ["4.0"] * 6)
    st.values(x, "zero_reference", ["0.12", "0.30", "0.07", "0.21", "0.18"])
    st.values(y, "zero_reference", ["0"] * 6)
    st.values(x, "inside_target", ["1.5", "2.5", "2.9", "1.1", "2.0"])
    st.values(y, "inside_target", ["1.2", "2.2", "2.8", "1.9", "2.4", "3.0"])
    st.values(x, "partly_outside", ["0.6", "3.4", "2.0", "0.9", "3.1"])
    st.values(y, "partly_outside", ["1.2", "2.2", "2.8", "1.9", "2.4", "3.0"])
    st.values(x, "tied", ["85", "85", "88", "90", "88"])
    st.values(y, "tied", ["85", "88", "88", "85", "86", "85"])
    st.values(x, "one_side_constant", ["5.5"] * 5)
    st.values(y, "one_side_constant", ["5.1", "6.3", "4.8", "5.9", "6.1", "5.0"])
    return st


def large_mann_whitney():
    """Four regions of 40–60 samples, values with ties, the Mann–Whitney test
    (normal approximation), weights."""
    st = Study("large-mann-whitney", ["P", "Q", "R", "S"], "Q", [
        indicator("water_extract", "higher", limit_min=34, decimals=1, weight=3),
        indicator("amino_acids", "higher", decimals=1, weight=2),
        indicator("moisture", "lower", limit_max=7.0, decimals=1, weight=0.5),
        indicator("total_ash", "lower", limit_max=7.5, decimals=1),
        indicator("alkalinity", "range", target_min=1.0, target_max=3.0, decimals=1),
        indicator("caffeine", "none", decimals=1),
    ], settings={"test": "mann-whitney"}, seed=55)
    params = {"P": (50, 38.6, 3.4, 6.0, 5.4), "Q": (60, 39.4, 3.6, 6.3, 5.2),
              "R": (40, 38.9, 3.3, 5.8, 5.6), "S": (45, 39.0, 3.5, 6.0, 5.3)}
    for region, (n, we, aa, mo, ash) in params.items():
        group = st.samples(region, n)
        st.normal(group, "water_extract", we, 1.0, 1)
        st.normal(group, "amino_acids", aa, 0.25, 1)
        st.normal(group, "moisture", mo, 0.5, 1)
        st.normal(group, "total_ash", ash, 0.4, 1)
        st.normal(group, "alkalinity", 2.5, 0.6, 1)
        st.normal(group, "caffeine", 3.4, 0.15, 1)
    return st


def composite_ties():
    """Two reference regions with identical values (equal composite scores,
    equal ranks); a focal region without samples for one indicator; a
    direction-none indicator with a limit."""
    st = Study("composite-ties", ["F", "R1", "R2"], "F", [
        indicator("water_extract", "higher", limit_min=34, decimals=1),
        indicator("moisture", "lower", limit_max=7.0, decimals=1),
        indicator("selenium", "higher", unit="mg/kg", decimals=3),
        indicator("caffeine", "none", limit_max=3.6),
    ], settings={"correction": "holm"}, seed=66)
    f, r1, r2 = st.samples("F", 6), st.samples("R1", 5), st.samples("R2", 5)
    st.normal(f, "water_extract", 38.5, 0.7, 1)
    st.normal(f, "moisture", 6.6, 0.3, 1)
    st.normal(f, "caffeine", 3.65, 0.08)
    reference = {code: [f"{st.rng.gauss(m, s):.{d}f}" for _ in range(5)]
                 for code, m, s, d in (("water_extract", 39.2, 0.7, 1), ("moisture", 6.0, 0.3, 1),
                                       ("selenium", 0.1, 0.03, 3), ("caffeine", 3.3, 0.08, 2))}
    for group in (r1, r2):
        for code, values in reference.items():
            st.values(group, code, values)
    return st


def steel_hrb400():
    """An industrial study: HRB400E ribbed bar, MPa-sized values, a range
    indicator with negative bounds, holm."""
    st = Study("steel-hrb400", ["SC", "HB", "JS"], "SC", [
        indicator("yield_strength", "higher", unit="MPa", method="GB/T 28900", limit_min=400, decimals=0),
        indicator("tensile_strength", "higher", unit="MPa", method="GB/T 28900", limit_min=540, decimals=0),
        indicator("agt", "higher", method="GB/T 28900", limit_min=9.0, decimals=1),
        indicator("carbon", "lower", method="GB/T 4336", limit_max=0.25, decimals=3),
        indicator("sulfur", "lower", method="GB/T 4336", limit_max=0.045, lod=0.002, decimals=3),
        indicator("weight_deviation", "range", method="GB 1499.2", target_min=-4.0, target_max=4.0, decimals=1),
    ], settings={"correction": "holm", "min_rel_diff": 0.02}, seed=77)
    for region, n, ys, ts, agt, c in (("SC", 10, 452, 598, 11.2, 0.22), ("HB", 12, 440, 585, 10.4, 0.21),
                                     ("JS", 9, 446, 590, 10.9, 0.2)):
        group = st.samples(region, n)
        st.normal(group, "yield_strength", ys, 9, 0)
        st.normal(group, "tensile_strength", ts, 11, 0)
        st.normal(group, "agt", agt, 0.8, 1)
        st.normal(group, "carbon", c, 0.015, 3)
        st.pesticide(group, "sulfur", 0.7, 0.02)
        st.normal(group, "weight_deviation", -2.5 if region == "SC" else -1.0, 2.0, 1)
    return st


def residues_rev2():
    """Revision 2: several LODs in one indicator ("<x" and a lod column), a
    region never detected, an indicator never detected anywhere (every
    comparison censored and tied), mixed replicates (one replicate ND), a
    claim with min (富硒) and one with max, a range indicator with
    non-detects, direction none with non-detects, violations of both
    limits."""
    st = Study("residues-rev2", ["F", "R1", "R2", "R3"], "F", [
        indicator("water_extract", "higher", limit_min=34, decimals=1),
        indicator("chlorpyrifos", "lower", unit="mg/kg", limit_max=0.05, lod=0.01, decimals=3),
        indicator("glyphosate", "lower", unit="mg/kg", limit_max=1.0, lod=0.05),
        indicator("lead", "lower", unit="mg/kg", limit_max=0.5, lod=0.05),
        indicator("selenium", "higher", unit="mg/kg", lod=0.02, limit_min=0.05, decimals=3,
                  claim={"label": "富硒", "label_en": "Selenium-rich", "min": 0.25, "standard": "GH/T 1090-2014"}),
        indicator("fluoride", "lower", unit="mg/kg", lod=20, decimals=0,
                  claim={"label": "低氟", "max": 100}),
        indicator("alkalinity", "range", target_min=1.0, target_max=3.0, lod=0.5),
        indicator("caffeine", "none", lod=0.5),
    ], settings={"correction": "bh"}, seed=88)
    f, r1, r2, r3 = st.samples("F", 9), st.samples("R1", 8), st.samples("R2", 7), st.samples("R3", 6)
    for group, we, rate, pb, se, fl in ((f, 39.8, 0.7, 0.3, 0.3, 90), (r1, 38.9, 0.3, 0.15, 0.15, 130),
                                        (r2, 39.0, 0.2, 0.2, 0.12, 110), (r3, 38.6, 0.0, 0.1, 0.1, 150)):
        st.normal(group, "water_extract", we, 0.8, 1)
        for s in group:
            # chlorpyrifos: detections and non-detects at three LODs.
            if st.rng.random() < rate:
                st.row(s, "chlorpyrifos", f"{st.rng.uniform(0.005, 0.12):.3f}")
            else:
                kind = st.rng.choice(["ND", "lt", "col"])
                if kind == "ND":
                    st.row(s, "chlorpyrifos", "ND")
                elif kind == "lt":
                    st.row(s, "chlorpyrifos", st.rng.choice(["<0.02", "<0.005"]))
                else:
                    st.row(s, "chlorpyrifos", "ND", lod=st.rng.choice(["0.02", "0.05"]))
            st.row(s, "glyphosate", "ND")
            # lead: two replicates, either of which may be below the LOD.
            for rep in (1, 2):
                v = st.rng.gauss(pb, 0.2)
                st.row(s, "lead", "ND" if v < 0.05 else f"{v:.2f}", replicate=rep)
            v = st.rng.gauss(se, 0.1)
            st.row(s, "selenium", "ND" if v < 0.02 else f"{v:.3f}")
            v = st.rng.gauss(fl, 40)
            st.row(s, "fluoride", "ND" if v < 20 else f"{v:.0f}")
            v = st.rng.gauss(2.2, 0.9)
            st.row(s, "alkalinity", "ND" if v < 0.5 else f"{v:.2f}")
            v = st.rng.gauss(1.0, 0.6)
            st.row(s, "caffeine", "ND" if v < 0.5 else f"{v:.2f}")
    return st


def steel_negative():
    """Revision 2: signed values. Weight deviation of ribbed bar is negative
    when a bar is underweight; limits and targets are negative too; a
    lower-is-better indicator with negative values; a claim on a signed
    indicator."""
    st = Study("steel-negative", ["SC", "HB", "JS"], "SC", [
        indicator("weight_deviation", "range", method="GB/T 1499.2", target_min=-4.0, target_max=4.0,
                  limit_min=-6.0, limit_max=6.0, decimals=2),
        indicator("deviation_abs", "higher", method="GB/T 1499.2", limit_min=-5.0, decimals=2,
                  claim={"label": "精准", "min": -1.0, "max": 1.0}),
        indicator("impact_temp", "lower", unit="°C", method="GB/T 229", limit_max=-20.0, decimals=1),
        indicator("yield_strength", "higher", unit="MPa", method="GB/T 28900", limit_min=400, decimals=0),
    ], settings={"correction": "holm"}, seed=99)
    for region, n, dev, temp, ys in (("SC", 12, -2.8, -32.0, 445), ("HB", 10, -0.8, -27.0, 440),
                                     ("JS", 11, -1.2, -25.0, 450)):
        group = st.samples(region, n)
        st.normal(group, "weight_deviation", dev, 2.0, 2)
        st.normal(group, "deviation_abs", dev / 2, 1.2, 2)
        st.normal(group, "impact_temp", temp, 4.0, 1)
        st.normal(group, "yield_strength", ys, 9, 0)
    return st


def random_study(k):
    """A random design: 2–5 regions, 3–8 indicators of every direction,
    random settings, LODs, detection rates, claims, negative values,
    replicates and missing results."""
    st, rng = random_design(k)
    random_values(st, rng)
    return st


def random_design(k, name=None):
    """The design of random_study(k), without results, and its generator."""
    rng = random.Random(1000 + k)
    n_regions = rng.randint(2, 5)
    regions = [f"G{i}" for i in range(n_regions)]
    indicators = []
    for i in range(rng.randint(3, 8)):
        direction = rng.choice(["higher", "lower", "range", "none"])
        extra = {}
        if direction == "range":
            lo = rng.choice([-4.0, 0.0, 1.0])
            extra.update(target_min=lo, target_max=lo + rng.choice([1.0, 2.0, 5.0]))
        if rng.random() < 0.5:
            extra["lod"] = rng.choice([0.01, 0.05, 0.2])
        if rng.random() < 0.4:
            extra["limit_max"] = rng.choice([0.5, 1.0, 3.0])
        if rng.random() < 0.3:
            extra["limit_min"] = rng.choice([-1.0, 0.1, 0.3])
            if "limit_max" in extra and extra["limit_min"] > extra["limit_max"]:
                del extra["limit_min"]
        if rng.random() < 0.4:
            c = {"label": "声称"}
            if rng.random() < 0.6:
                c["min"] = rng.choice([0.2, 0.5, 1.0])
            if "min" not in c or rng.random() < 0.3:
                c["max"] = c.get("min", 0.0) + rng.choice([0.5, 2.0])
            extra["claim"] = c
        if rng.random() < 0.3:
            extra["weight"] = rng.choice([0.5, 2.0, 3.0])
        indicators.append(indicator(f"i{i}", direction, **extra))
    settings = {}
    for key, values in (("correction", ["bh", "holm", "none"]), ("test", ["welch", "mann-whitney"]),
                        ("nd_substitution", ["half", "zero", "lod"]), ("alpha", [0.05, 0.1]),
                        ("min_rel_diff", [0.0, 0.05, 0.2])):
        if rng.random() < 0.6:
            settings[key] = rng.choice(values)
    st = Study(name or f"random-{k}", regions, regions[rng.randrange(n_regions)], indicators,
               settings=settings, seed=2000 + k)
    for r in regions:
        st.samples(r, rng.randint(1, 12))
    return st, rng


def random_values(st, rng):
    """Random results for every sample of st."""
    regions = [r["code"] for r in st.design["regions"]]
    for r in regions:
        group = [smp["code"] for smp in st.design["samples"] if smp["region"] == r]
        for ind in st.design["indicators"]:
            if rng.random() < 0.08:
                continue  # this region was not tested for the indicator
            centre = rng.gauss(0.6, 0.5)
            spread = rng.choice([0.05, 0.3, 1.0])
            detect = rng.choice([1.0, 1.0, 0.8, 0.4, 0.0])
            reps = rng.choice([1, 1, 2, 3])
            for s in group:
                if rng.random() < 0.05:
                    continue  # this sample has no result
                for rep in range(1, reps + 1):
                    if ind.get("lod") is not None and rng.random() > detect:
                        lod = rng.choice(["", "", "0.1", "0.02"])
                        if rng.random() < 0.3:
                            st.row(s, ind["code"], f"<{rng.choice([0.01, 0.05, 0.3])}", replicate=rep)
                        else:
                            st.row(s, ind["code"], "ND", replicate=rep, lod=lod)
                    else:
                        st.row(s, ind["code"], f"{rng.gauss(centre, spread):.{rng.choice([1, 2, 3])}f}", replicate=rep)


def followup_tea():
    """METHOD §7: a shortfall closed (bifenthrin, censored), one persisting
    (moisture), a new one (powder), advantages kept, a method change
    (polyphenols: not comparable), a reference region dropped (MS) and one
    added (EM), indicators in one round only, different settings."""
    def indicators(polyphenols_method):
        return [
            indicator("water_extract", "higher", limit_min=34, decimals=1),
            indicator("moisture", "lower", limit_max=7.0, decimals=1),
            indicator("powder", "lower", limit_max=1.0),
            indicator("polyphenols", "higher", method=polyphenols_method, limit_min=11),
            indicator("bifenthrin", "lower", unit="mg/kg", limit_max=0.05, lod=0.005, decimals=3),
            indicator("selenium", "higher", unit="mg/kg", lod=0.02, decimals=3,
                      claim={"label": "富硒", "min": 0.25}),
            indicator("caffeine", "none"),
            indicator("alkalinity", "range", target_min=1.0, target_max=3.0),
        ]
    prev = Study("BZ-GT-2016", ["BZ", "YA", "MS"], "BZ",
                 indicators("GB/T 8313-2008") + [indicator("crude_fibre", "lower", limit_max=16.5)], seed=111)
    now = Study("BZ-GT-2017", ["BZ", "YA", "EM"], "BZ",
                indicators("GB/T 8313-2018") + [indicator("amino_acids", "higher")],
                settings={"correction": "holm", "nd_substitution": "lod"}, seed=222)
    now.design["predecessor"] = "BZ-GT-2016"
    for st, groups in ((prev, {"BZ": 10, "YA": 8, "MS": 7}), (now, {"BZ": 11, "YA": 8, "EM": 9})):
        for region, n in groups.items():
            group = st.samples(region, n)
            bz = region == "BZ"
            st.normal(group, "water_extract", 40.5 if bz else 38.8, 0.8, 1)
            st.normal(group, "moisture", 6.5 if bz else 5.7, 0.3, 1)
            st.normal(group, "powder", (0.85 if st is now else 0.55) if bz else 0.5, 0.1)
            st.normal(group, "polyphenols", 20.0, 1.0)
            st.pesticide(group, "bifenthrin", (0.7 if st is prev else 0.1) if bz else 0.1, 0.03)
            for s in group:
                v = st.rng.gauss(0.3 if bz else 0.08, 0.05)
                st.row(s, "selenium", "ND" if v < 0.02 else f"{v:.3f}")
            st.normal(group, "caffeine", 3.4, 0.1)
            st.normal(group, "alkalinity", 2.5 if st is now else 3.2, 0.5)
            if st is prev:
                st.normal(group, "crude_fibre", 11, 0.8, 1)
            else:
                st.normal(group, "amino_acids", 3.6 if bz else 3.4, 0.2)
    return prev, now


def followup_random(k):
    """A random pair: the same random design in two rounds with new values,
    this round with one method changed and, with three regions or more, its
    last reference region dropped."""
    prev, rng = random_design(k, name=f"PREV-{k}")
    random_values(prev, rng)
    now, _ = random_design(k, name=f"NOW-{k}")
    now.design["predecessor"] = f"PREV-{k}"
    now.design["indicators"][0]["method"] = "GB/T 9999"
    refs = [r["code"] for r in now.design["regions"] if r["code"] != now.design["focal_region"]]
    if len(now.design["regions"]) >= 3:
        dropped = refs[-1]
        now.design["regions"] = [r for r in now.design["regions"] if r["code"] != dropped]
        now.design["samples"] = [smp for smp in now.design["samples"] if smp["region"] != dropped]
    random_values(now, random.Random(5000 + k))
    return prev, now


def write_followup(name, prev, now):
    prev.write(os.path.join(name, "prev"))
    now.write(name)
    out = subprocess.run(
        [sys.executable, "analyze_ref.py", "--follow-up",
         os.path.join(name, "prev", "design.json"), os.path.join(name, "prev", "results.csv"),
         os.path.join(name, "design.json"), os.path.join(name, "results.csv")],
        check=True, capture_output=True).stdout
    with open(os.path.join(name, "followup.json"), "wb") as f:
        f.write(out)


def main():
    for make in (tea_defaults, zero_holm_mann_whitney, lod_none_one_sample, two_regions_zero_variance,
                 large_mann_whitney, composite_ties, steel_hrb400, residues_rev2, steel_negative):
        make().write()
    for k in range(6):
        random_study(k).write()
    write_followup("followup-tea", *followup_tea())
    for k in (1, 3, 5):
        write_followup(f"followup-random-{k}", *followup_random(k))


if __name__ == "__main__":
    main()
