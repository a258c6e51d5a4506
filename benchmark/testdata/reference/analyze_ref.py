#!/usr/bin/python3
"""An independent reference implementation of shared/METHOD.md.

Usage (Debian's Python, SciPy 1.10.1 and NumPy 1.24.2 when the expected
profiles were last written):

    /usr/bin/python3 analyze_ref.py DESIGN.json RESULTS.csv > PROFILE.json

It reads a study design (shared/FORMATS.md "Study design") and a lab results
file ("Lab results") and writes the profile JSON ("Profile"). It was written
from METHOD.md and the choices of benchmark/METHOD_NOTES.md, not from the Go
code, and leans on SciPy for the tests: scipy.stats.ttest_ind(equal_var=False)
and scipy.stats.mannwhitneyu(method='auto'). The Go test
TestAnalyzeMatchesReference compares Analyze with the profiles it wrote.

The input is assumed to be valid (the Go side validates); this script checks
only what it needs to compute.
"""

import csv
import json
import math
import sys
from collections import defaultdict
from fractions import Fraction

import numpy as np
import scipy.stats as st

DEFAULTS = {"alpha": 0.05, "min_rel_diff": 0.05, "correction": "bh",
            "test": "welch", "nd_substitution": "half"}
SUBSTITUTE = {"half": lambda lod: lod / 2, "zero": lambda lod: 0.0, "lod": lambda lod: lod}


def read_results(path, indicators):
    """{(sample, indicator): [(replicate, value or None, lod or None)]}"""
    cells = defaultdict(list)
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            ind = indicators[row["indicator"]]
            raw = row["value"].strip()
            lod_col = row.get("lod", "").strip()
            replicate = int(row.get("replicate") or 1)
            if raw.upper() == "ND":
                lod = float(lod_col) if lod_col else ind.get("lod")
                cells[(row["sample"], row["indicator"])].append((replicate, None, lod))
            elif raw.startswith("<"):
                cells[(row["sample"], row["indicator"])].append((replicate, None, float(raw[1:])))
            else:
                cells[(row["sample"], row["indicator"])].append((replicate, float(raw), None))
    return cells


def sample_record(ind, reps, nd):
    """(x, detected, compliant) of one sample: METHOD §1 and §2."""
    reps = sorted(reps)  # by replicate number
    values = [v if v is not None else SUBSTITUTE[nd](lod) for _, v, lod in reps]
    x = values[0] if len(values) == 1 else derived(np.mean(values))
    detected = any(v is not None for _, v, _ in reps)
    compliant = True
    if ind.get("limit_max") is not None:
        if detected:
            compliant = x <= ind["limit_max"]
        else:  # a non-detect meets limit_max when L <= limit_max, for every replicate
            compliant = all(lod <= ind["limit_max"] for _, _, lod in reps)
    if ind.get("limit_min") is not None:
        compliant = compliant and detected and x >= ind["limit_min"]
    return x, detected, compliant


def derived(v):
    """A value computed from reported decimals, as the decimal it stands for
    (15 significant digits; METHOD_NOTES.md "Derived values")."""
    return float(f"{v:.15g}")


def comparison_variable(ind, x):
    if ind["direction"] != "range":
        return x
    return derived(max(ind["target_min"] - x, 0.0, x - ind["target_max"]))


def has_limit(ind):
    return ind.get("limit_min") is not None or ind.get("limit_max") is not None


def summary(ind, records):
    x = np.sort(np.array([r[0] for r in records], dtype=float))
    n = len(x)
    out = {"n": n, "mean": None, "sd": None, "median": None, "min": None, "max": None,
           "detected": sum(1 for r in records if r[1]),
           "compliant": sum(1 for r in records if r[2]) if has_limit(ind) else None}
    if n:
        out.update(mean=float(np.mean(x)), median=float(np.median(x)),
                   min=float(x.min()), max=float(x.max()))
    if n >= 2:
        out["sd"] = 0.0 if constant(x) else float(np.std(x, ddof=1))
    return out


def constant(v):
    return len(v) > 0 and bool(np.all(v == v[0]))


def welch(a, b):
    """(t, df, p) of METHOD §3, with its rule for two zero variances."""
    if constant(a) and constant(b):
        return (0.0, None, 1.0) if a[0] == b[0] else (None, None, 0.0)
    res = st.ttest_ind(a, b, equal_var=False)
    va, vb = np.var(a, ddof=1) / len(a), np.var(b, ddof=1) / len(b)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    return float(res.statistic), float(df), float(res.pvalue)


def mann_whitney_p(a, b):
    both = np.concatenate([a, b])
    if constant(both):
        return 1.0
    return float(st.mannwhitneyu(a, b, alternative="two-sided", method="auto").pvalue)


def hedges_g(a, b):
    na, nb = len(a), len(b)
    if constant(a) and constant(b):
        return None  # s_p = 0
    sp = math.sqrt(((na - 1) * np.var(a, ddof=1) + (nb - 1) * np.var(b, ddof=1)) / (na + nb - 2))
    j = 1 - 3 / (4 * (na + nb) - 9)
    return float(j * (np.mean(a) - np.mean(b)) / sp)


def compliance(ind, fs, rs):
    if not has_limit(ind) or fs["n"] == 0 or rs["n"] == 0:
        return "none"
    fr, rr = Fraction(fs["compliant"], fs["n"]), Fraction(rs["compliant"], rs["n"])
    return "shortfall" if fr < rr else "advantage" if fr > rr else "parity"


def compare(ind, ref, a, b, fs, rs):
    """One comparison without q and verdict (both need the whole family)."""
    c = {"reference": ref, "diff": None, "rel_diff": None, "t": None, "df": None,
         "p": None, "q": None, "p_mann_whitney": None, "hedges_g": None,
         "verdict": None, "compliance": compliance(ind, fs, rs)}
    if len(a) and len(b):
        mb = float(np.mean(b))
        diff = float(np.mean(a)) - mb
        if constant(a) and constant(b):
            diff = float(a[0] - b[0])  # identical values: the means are the values
        c["diff"] = diff
        c["rel_diff"] = diff / abs(mb) if mb != 0 else None
    if len(a) < 2 or len(b) < 2:
        c["verdict"] = "insufficient"
        return c
    c["t"], c["df"], c["p"] = welch(a, b)
    c["p_mann_whitney"] = mann_whitney_p(a, b)
    c["hedges_g"] = hedges_g(a, b)
    return c


def bh(p):
    """Benjamini–Hochberg by its definition: q_(i) = min_{k>=i} m p_(k) / k."""
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    q = [None] * m
    for pos, i in enumerate(order):
        q[i] = min(1.0, min(m * p[order[k]] / (k + 1) for k in range(pos, m)))
    return q


def holm(p):
    """Holm by its definition: q_(i) = max_{k<=i} min(1, (m-k+1) p_(k))."""
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    q = [None] * m
    for pos, i in enumerate(order):
        q[i] = max(min(1.0, (m - k) * p[order[k]]) for k in range(pos + 1))
    return q


def verdict(direction, c, s):
    if c["verdict"] == "insufficient":
        return "insufficient"
    rel = c["rel_diff"]
    significant = c["q"] <= s["alpha"] and (rel is None or abs(rel) >= s["min_rel_diff"])
    diff = c["diff"]
    if direction == "none":
        if not significant or diff == 0:
            return "similar"
        return "higher" if diff > 0 else "lower"
    if not significant or diff == 0:
        return "parity"
    favourable = diff > 0 if direction == "higher" else diff < 0
    return "advantage" if favourable else "shortfall"


def effect_order(entry):
    g, rel = entry["hedges_g"], entry["rel_diff"]
    return (g is None, -abs(g) if g is not None else 0,
            rel is None, -abs(rel) if rel is not None else 0,
            entry["indicator"])


SIGN = {"higher": 1.0, "lower": -1.0, "range": -1.0}


def analyze(design, cells):
    s = dict(DEFAULTS, **(design.get("settings") or {}))
    focal = design["focal_region"]
    region_codes = [r["code"] for r in design["regions"]]
    refs = [c for c in region_codes if c != focal]
    region_of = {smp["code"]: smp["region"] for smp in design["samples"]}

    profile = {"study": design["code"], "focal_region": focal, "references": refs,
               "settings": s, "indicators": []}
    region_means = {}  # indicator -> {region: mean of the comparison variable}
    all_values = {}    # indicator -> comparison values of every sample of every region
    for ind in design["indicators"]:
        records = {r: [] for r in region_codes}
        for smp in design["samples"]:
            reps = cells.get((smp["code"], ind["code"]))
            if reps:
                records[region_of[smp["code"]]].append(sample_record(ind, reps, s["nd_substitution"]))
        pooled = [rec for r in refs for rec in records[r]]
        summaries = {r: summary(ind, records[r]) for r in region_codes}
        pooled_summary = summary(ind, pooled)

        def y(recs):
            return np.sort(np.array([comparison_variable(ind, rec[0]) for rec in recs], dtype=float))

        a = y(records[focal])
        comparisons = [compare(ind, "pooled", a, y(pooled), summaries[focal], pooled_summary)]
        for r in refs:
            comparisons.append(compare(ind, r, a, y(records[r]), summaries[focal], summaries[r]))
        profile["indicators"].append({"code": ind["code"], "direction": ind["direction"],
                                      "regions": summaries, "pooled": pooled_summary,
                                      "comparisons": comparisons})
        region_means[ind["code"]] = {r: float(np.mean(y(records[r]))) for r in region_codes if records[r]}
        all_values[ind["code"]] = y([rec for r in region_codes for rec in records[r]])

    # Multiple comparisons, one family per reference, then the verdicts.
    driving = "p_mann_whitney" if s["test"] == "mann-whitney" else "p"
    adjust = {"bh": bh, "holm": holm, "none": lambda p: list(p)}[s["correction"]]
    for k in range(len(refs) + 1):
        family = []
        for ip in profile["indicators"]:
            c = ip["comparisons"][k]
            if c["verdict"] == "insufficient":
                continue
            if ip["direction"] == "none":
                c["q"] = c[driving]
            else:
                family.append(c)
        for c, q in zip(family, adjust([c[driving] for c in family])):
            c["q"] = q
        for ip in profile["indicators"]:
            c = ip["comparisons"][k]
            c["verdict"] = verdict(ip["direction"], c, s)

    # Advantage and shortfall profiles.
    profile["advantages"], profile["shortfalls"] = [], []
    for k in range(len(refs) + 1):
        adv, short = [], []
        for ip in profile["indicators"]:
            c = ip["comparisons"][k]
            entry = {"indicator": ip["code"], "reference": c["reference"], "diff": c["diff"],
                     "rel_diff": c["rel_diff"], "hedges_g": c["hedges_g"], "q": c["q"],
                     "verdict": c["verdict"], "compliance": c["compliance"]}
            if c["verdict"] == "advantage":
                adv.append(entry)
            if "shortfall" in (c["verdict"], c["compliance"]):
                short.append(entry)
        profile["advantages"] += sorted(adv, key=effect_order)
        profile["shortfalls"] += sorted(short, key=effect_order)

    # Composite scores and ranks.
    total, weights = defaultdict(float), defaultdict(float)
    for ind in design["indicators"]:
        if ind["direction"] == "none":
            continue
        v = all_values[ind["code"]]
        if len(v) < 2 or constant(v):
            continue
        m, sd = float(np.mean(v)), float(np.std(v, ddof=1))
        w = ind.get("weight", 1.0)
        for r, mean in region_means[ind["code"]].items():
            total[r] += w * SIGN[ind["direction"]] * (mean - m) / sd
            weights[r] += w
    scored = {r: total[r] / weights[r] for r in region_codes if weights[r] > 0}
    ranked = sorted(scored, key=lambda r: (-scored[r], region_codes.index(r)))
    composite = []
    for r in ranked:
        rank = 1 + sum(1 for o in scored.values() if o > scored[r])  # 1, 2, 2, 4
        composite.append({"region": r, "score": scored[r], "rank": rank})
    composite += [{"region": r, "score": None, "rank": None} for r in region_codes if r not in scored]
    profile["composite"] = composite

    # Radar.
    radar = []
    for ind in design["indicators"]:
        if ind["direction"] == "none":
            continue
        v = {r: SIGN[ind["direction"]] * m for r, m in region_means[ind["code"]].items()}
        lo, hi = min(v.values(), default=0.0), max(v.values(), default=0.0)
        radar.append({"indicator": ind["code"],
                      "values": {r: 50.0 if hi == lo else 100 * (x - lo) / (hi - lo) for r, x in v.items()}})
    profile["radar"] = radar
    return profile


def main():
    design_path, results_path = sys.argv[1:3]
    with open(design_path, encoding="utf-8") as f:
        design = json.load(f)
    indicators = {ind["code"]: ind for ind in design["indicators"]}
    profile = analyze(design, read_results(results_path, indicators))
    json.dump(profile, sys.stdout, indent=1, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
