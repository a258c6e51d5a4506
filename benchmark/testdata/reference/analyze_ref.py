#!/usr/bin/python3
"""An independent reference implementation of docs/method.md, revision 2.

Usage (Debian's Python, SciPy 1.10.1 and NumPy 1.24.2 when the expected
profiles were last written; `apt install python3-scipy`):

    /usr/bin/python3 analyze_ref.py DESIGN.json RESULTS.csv > PROFILE.json
    /usr/bin/python3 analyze_ref.py --follow-up PREV_DESIGN.json PREV_RESULTS.csv \
        DESIGN.json RESULTS.csv > FOLLOWUP.json

It reads a study design (docs/formats.md "Study design") and a lab results
file ("Lab results") and writes the profile JSON ("Profile"). It was written
from METHOD.md and the choices of benchmark/METHOD_NOTES.md, not from the Go
code, and leans on SciPy for the tests: scipy.stats.ttest_ind(equal_var=False),
scipy.stats.mannwhitneyu(method='auto') and scipy.stats.fisher_exact. The Go
test TestAnalyzeMatchesReference compares Analyze with the profiles it wrote.

Revision 2 in brief: values may be negative; every sample has bounds x_lb and
x_ub; a region with a non-detect sample has no mean, SD, median or minimum;
limits list their violations; claims are counted and compared; a comparison
where a side has a non-detect sample (not for range) compares ranks after
re-censoring at the highest LOD, and detection rates with Fisher's exact
test; the composite leaves out indicators with non-detects; the radar shows
T-scores.

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


NON_DETECT = {"ND", "N.D.", "未检出"}


def read_results(path, indicators):
    """{(sample, indicator): [(replicate, value or None, lod or None)]}"""
    cells = defaultdict(list)
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            ind = indicators[row["indicator"]]
            raw = row["value"].strip()
            lod_col = (row.get("lod") or "").strip()
            replicate = int(row.get("replicate") or 1)
            key = (row["sample"], row["indicator"])
            if raw.upper() in NON_DETECT or raw in NON_DETECT:
                cells[key].append((replicate, None, float(lod_col) if lod_col else ind.get("lod")))
            elif raw.startswith("<"):
                cells[key].append((replicate, None, float(raw[1:])))
            else:
                cells[key].append((replicate, float(raw), None))
    return cells


def derived(v):
    """A value computed from reported decimals, as the decimal it stands for
    (15 significant digits; METHOD §1.5)."""
    return float(f"{v:.15g}")


def average(values):
    """A sample's value from its replicates: one as is, several averaged."""
    return values[0] if len(values) == 1 else derived(np.mean(values))


def meets_upper(rec, bound):
    return rec["L"] <= bound if rec["nd"] else rec["x"] <= bound


def meets_lower(rec, bound):
    return (not rec["nd"]) and rec["x"] >= bound


def sample_record(ind, code, region, reps, nd_rule):
    """One sample of one indicator: METHOD §1 and the per-sample part of §2."""
    reps = sorted(reps)  # by replicate number
    subst = SUBSTITUTE[nd_rule]
    rec = {"sample": code, "region": region,
           "x": average([v if v is not None else subst(lod) for _, v, lod in reps]),
           "lb": average([v if v is not None else 0.0 for _, v, lod in reps]),
           "ub": average([v if v is not None else lod for _, v, lod in reps]),
           "nd": all(v is None for _, v, _ in reps)}
    nd_lods = [lod for _, v, lod in reps if v is None]
    rec["L"] = max(nd_lods) if nd_lods else None
    broken = None
    if ind.get("limit_max") is not None and not meets_upper(rec, ind["limit_max"]):
        broken = "max"
    elif ind.get("limit_min") is not None and not meets_lower(rec, ind["limit_min"]):
        broken = "min"
    rec["broken"] = broken
    claim = ind.get("claim")
    rec["claim"] = bool(claim) and \
        (claim.get("min") is None or meets_lower(rec, claim["min"])) and \
        (claim.get("max") is None or meets_upper(rec, claim["max"]))
    return rec


def comparison_variable(ind, x):
    if ind["direction"] != "range":
        return x
    return derived(max(ind["target_min"] - x, 0.0, x - ind["target_max"]))


def has_limit(ind):
    return ind.get("limit_min") is not None or ind.get("limit_max") is not None


def constant(v):
    return len(v) > 0 and bool(np.all(np.asarray(v) == v[0]))


def mean_of(values):
    return float(np.mean(np.sort(np.array(values, dtype=float))))


def summary(ind, recs):
    """METHOD §2, revision 2."""
    n = len(recs)
    detected = [r for r in recs if not r["nd"]]
    out = {"n": n, "mean": None, "sd": None, "median": None, "min": None, "max": None,
           "mean_lb": None, "mean_ub": None, "detected": len(detected),
           "compliant": sum(1 for r in recs if r["broken"] is None) if has_limit(ind) else None,
           "claim_met": sum(1 for r in recs if r["claim"]) if ind.get("claim") else None}
    if n:
        out["mean_lb"] = mean_of([r["lb"] for r in recs])
        out["mean_ub"] = mean_of([r["ub"] for r in recs])
    if n and len(detected) == n:  # no non-detect sample: every number is measured
        x = np.sort(np.array([r["x"] for r in recs], dtype=float))
        out.update(mean=float(np.mean(x)), median=float(np.median(x)), min=float(x[0]), max=float(x[-1]))
        if n >= 2:
            out["sd"] = 0.0 if constant(x) else float(np.std(x, ddof=1))
    elif detected:
        out["max"] = max(r["x"] for r in detected)
    return out


def welch(a, b):
    """(t, df, p) of METHOD §3, with its rule for two zero variances."""
    if constant(a) and constant(b):
        return (0.0, None, 1.0) if a[0] == b[0] else (None, None, 0.0)
    res = st.ttest_ind(a, b, equal_var=False)
    va, vb = np.var(a, ddof=1) / len(a), np.var(b, ddof=1) / len(b)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    return float(res.statistic), float(df), float(res.pvalue)


def mann_whitney(a, b):
    """(p, rank_biserial) from scipy.stats.mannwhitneyu; p = 1 when every
    value ties (SciPy answers NaN there)."""
    res = st.mannwhitneyu(a, b, alternative="two-sided", method="auto")
    rb = 2 * float(res.statistic) / (len(a) * len(b)) - 1
    p = 1.0 if constant(np.concatenate([a, b])) else float(res.pvalue)
    return p, rb


def hedges_g(a, b):
    na, nb = len(a), len(b)
    if constant(a) and constant(b):
        return None  # s_p = 0
    sp = math.sqrt(((na - 1) * np.var(a, ddof=1) + (nb - 1) * np.var(b, ddof=1)) / (na + nb - 2))
    j = 1 - 3 / (4 * (na + nb) - 9)
    return float(j * (np.mean(a) - np.mean(b)) / sp)


def rate_verdict(applies, fs, rs, key):
    if not applies or fs["n"] == 0 or rs["n"] == 0:
        return "none"
    fr, rr = Fraction(fs[key], fs["n"]), Fraction(rs[key], rs["n"])
    return "shortfall" if fr < rr else "advantage" if fr > rr else "parity"


def compare(ind, ref, A, B, fs, rs):
    """One comparison (records A focal, B reference) without q, significant
    and verdict, which need the whole family."""
    censored = ind["direction"] != "range" and any(r["nd"] for r in A + B)
    c = {"reference": ref, "diff": None, "rel_diff": None, "t": None, "df": None,
         "p": None, "q": None, "p_mann_whitney": None, "hedges_g": None,
         "rank_biserial": None, "p_detection": None, "censored": censored,
         "significant": None, "verdict": None,
         "compliance": rate_verdict(has_limit(ind), fs, rs, "compliant"),
         "claim": rate_verdict(bool(ind.get("claim")), fs, rs, "claim_met")}
    a = np.sort(np.array([comparison_variable(ind, r["x"]) for r in A], dtype=float))
    b = np.sort(np.array([comparison_variable(ind, r["x"]) for r in B], dtype=float))
    if not censored and len(a) and len(b):
        mb = float(np.mean(b))
        diff = float(np.mean(a)) - mb
        if constant(a) and constant(b):
            diff = float(a[0] - b[0])  # identical values: the means are the values
        c["diff"] = diff
        c["rel_diff"] = diff / abs(mb) if mb != 0 else None
    if len(a) < 2 or len(b) < 2:
        c["verdict"] = "insufficient"
        return c
    if censored:
        # §3a: re-censor at the highest LOD of the non-detect samples; the
        # censored values tie below every other value (any number below L_c
        # stands for them: only ranks matter).
        lc = max(r["L"] for r in A + B if r["nd"])
        low = lc - 1.0

        def censor(recs):
            return np.array([low if r["nd"] or r["x"] < lc else r["x"] for r in recs], dtype=float)

        c["p_mann_whitney"], c["rank_biserial"] = mann_whitney(censor(A), censor(B))
        da, db = sum(not r["nd"] for r in A), sum(not r["nd"] for r in B)
        c["p_detection"] = float(st.fisher_exact([[da, len(A) - da], [db, len(B) - db]],
                                                 alternative="two-sided")[1])
        return c
    c["t"], c["df"], c["p"] = welch(a, b)
    c["p_mann_whitney"], c["rank_biserial"] = mann_whitney(a, b)
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


def decide(direction, c, s):
    """significant and verdict of METHOD §3 / §3a."""
    if c["verdict"] == "insufficient":
        return
    c["significant"] = c["q"] <= s["alpha"]
    if c["censored"]:
        sig, effect = c["significant"], c["rank_biserial"]
    else:
        rel = c["rel_diff"]
        sig = c["significant"] and (rel is None or abs(rel) >= s["min_rel_diff"])
        effect = c["diff"]
    sign = 0 if not sig or effect == 0 else (1 if effect > 0 else -1)
    if direction == "none":
        c["verdict"] = {1: "higher", -1: "lower", 0: "similar"}[sign]
        return
    favourable = sign if direction == "higher" else -sign
    c["verdict"] = {1: "advantage", -1: "shortfall", 0: "parity"}[favourable]


def effect_order(entry):
    key = []
    for f in ("hedges_g", "rank_biserial", "rel_diff"):
        v = entry[f]
        key += [v is None, -abs(v) if v is not None else 0]
    return tuple(key) + (entry["indicator"],)


SIGN = {"higher": 1.0, "lower": -1.0, "range": -1.0}


def analyze(design, cells):
    s = dict(DEFAULTS, **(design.get("settings") or {}))
    focal = design["focal_region"]
    region_codes = [r["code"] for r in design["regions"]]
    refs = [c for c in region_codes if c != focal]
    region_of = {smp["code"]: smp["region"] for smp in design["samples"]}

    profile = {"study": design["code"], "focal_region": focal, "references": refs,
               "settings": s, "indicators": []}
    region_means = {}   # indicator -> {region: mean of the comparison variable}
    all_values = {}     # indicator -> comparison values of every sample of every region
    any_nd = {}         # indicator -> a non-detect sample in some region
    for ind in design["indicators"]:
        records = {r: [] for r in region_codes}
        for smp in design["samples"]:
            reps = cells.get((smp["code"], ind["code"]))
            if reps:
                records[region_of[smp["code"]]].append(
                    sample_record(ind, smp["code"], smp["region"], reps, s["nd_substitution"]))
        pooled = [rec for r in refs for rec in records[r]]
        summaries = {r: summary(ind, records[r]) for r in region_codes}
        pooled_summary = summary(ind, pooled)
        comparisons = [compare(ind, "pooled", records[focal], pooled, summaries[focal], pooled_summary)]
        for r in refs:
            comparisons.append(compare(ind, r, records[focal], records[r], summaries[focal], summaries[r]))
        violations = []
        for r in region_codes:
            for rec in sorted(records[r], key=lambda rec: rec["sample"]):
                if rec["broken"]:
                    violations.append({"sample": rec["sample"], "region": r,
                                       "value": None if rec["nd"] else rec["x"],
                                       "lod": rec["L"] if rec["nd"] else None, "limit": rec["broken"]})
        profile["indicators"].append({"code": ind["code"], "direction": ind["direction"],
                                      "regions": summaries, "pooled": pooled_summary,
                                      "comparisons": comparisons, "violations": violations})

        def y(recs):
            return np.sort(np.array([comparison_variable(ind, rec["x"]) for rec in recs], dtype=float))

        region_means[ind["code"]] = {r: float(np.mean(y(records[r]))) for r in region_codes if records[r]}
        all_values[ind["code"]] = y([rec for r in region_codes for rec in records[r]])
        any_nd[ind["code"]] = any(rec["nd"] for r in region_codes for rec in records[r])

    # Multiple comparisons, one family per reference, then the verdicts.
    adjust = {"bh": bh, "holm": holm, "none": lambda p: list(p)}[s["correction"]]

    def driving(c):
        return c["p_mann_whitney"] if c["censored"] or s["test"] == "mann-whitney" else c["p"]

    for k in range(len(refs) + 1):
        family = []
        for ip in profile["indicators"]:
            c = ip["comparisons"][k]
            if c["verdict"] == "insufficient":
                continue
            if ip["direction"] == "none":
                c["q"] = driving(c)
            else:
                family.append(c)
        for c, q in zip(family, adjust([driving(c) for c in family])):
            c["q"] = q
        for ip in profile["indicators"]:
            decide(ip["direction"], ip["comparisons"][k], s)

    # Advantage and shortfall profiles.
    profile["advantages"], profile["shortfalls"] = [], []
    for k in range(len(refs) + 1):
        adv, short = [], []
        for ip in profile["indicators"]:
            c = ip["comparisons"][k]
            entry = {"indicator": ip["code"], "reference": c["reference"], "diff": c["diff"],
                     "rel_diff": c["rel_diff"], "hedges_g": c["hedges_g"], "q": c["q"],
                     "rank_biserial": c["rank_biserial"], "verdict": c["verdict"],
                     "compliance": c["compliance"], "claim": c["claim"]}
            if "advantage" in (c["verdict"], c["claim"]):
                adv.append(entry)
            if "shortfall" in (c["verdict"], c["compliance"], c["claim"]):
                short.append(entry)
        profile["advantages"] += sorted(adv, key=effect_order)
        profile["shortfalls"] += sorted(short, key=effect_order)

    # Composite scores and ranks, over indicators without non-detects; the
    # radar's T-scores on the same indicators.
    total, weights = defaultdict(float), defaultdict(float)
    used, radar = [], []
    for ind in design["indicators"]:
        if ind["direction"] == "none" or any_nd[ind["code"]]:
            continue
        v = all_values[ind["code"]]
        if len(v) < 2 or constant(v):
            continue
        used.append(ind["code"])
        m, sd = float(np.mean(v)), float(np.std(v, ddof=1))
        w = ind.get("weight", 1.0)
        axis = {}
        for r, mean in region_means[ind["code"]].items():
            z = SIGN[ind["direction"]] * (mean - m) / sd
            total[r] += w * z
            weights[r] += w
            axis[r] = min(100.0, max(0.0, 50 + 10 * z))
        radar.append({"indicator": ind["code"], "values": axis})
    scored = {r: total[r] / weights[r] for r in region_codes if weights[r] > 0}
    ranked = sorted(scored, key=lambda r: (-scored[r], region_codes.index(r)))
    composite = []
    for r in ranked:
        rank = 1 + sum(1 for o in scored.values() if o > scored[r])  # 1, 2, 2, 4
        composite.append({"region": r, "score": scored[r], "rank": rank})
    composite += [{"region": r, "score": None, "rank": None} for r in region_codes if r not in scored]
    profile["composite"] = composite
    profile["composite_indicators"] = used
    profile["radar"] = radar
    return profile


def focal_records(design, cells, ind):
    """The focal region's sample records of one indicator, valued with the
    design's own settings and indicator (METHOD §1)."""
    nd_rule = dict(DEFAULTS, **(design.get("settings") or {}))["nd_substitution"]
    out = []
    for smp in design["samples"]:
        reps = cells.get((smp["code"], ind["code"]))
        if reps and smp["region"] == design["focal_region"]:
            out.append(sample_record(ind, smp["code"], smp["region"], reps, nd_rule))
    return out


CHANGE = {"advantage": "improved", "shortfall": "worsened", "parity": "unchanged",
          "insufficient": "insufficient"}


def follow_up(prev_design, prev_cells, design, cells):
    """METHOD §7: the study against its predecessor."""
    before_profile, now_profile = analyze(prev_design, prev_cells), analyze(design, cells)
    s = dict(DEFAULTS, **(design.get("settings") or {}))
    prev_refs = before_profile["references"]
    refs = [(0, 0)] + [(prev_refs.index(r) + 1, k + 1)
                       for k, r in enumerate(now_profile["references"]) if r in prev_refs]
    prev_index = {ind["code"]: k for k, ind in enumerate(prev_design["indicators"])}

    def shortfall(c):
        return "shortfall" in (c["verdict"], c["compliance"], c["claim"])

    def advantage(c):
        return "advantage" in (c["verdict"], c["claim"])

    def status(b, n, names):
        return names[0] if b and not n else names[1] if b and n else names[2] if n else "none"

    out = {"study": design["code"], "predecessor": prev_design["code"],
           "focal_region": design["focal_region"], "indicators": []}
    changes = []
    for k, ind in enumerate(design["indicators"]):
        if ind["code"] not in prev_index:
            continue
        pk = prev_index[ind["code"]]
        pind = prev_design["indicators"][pk]
        entry = {"code": ind["code"], "comparable": False, "references": [], "change": None}
        out["indicators"].append(entry)
        if pind["unit"] != ind["unit"] or pind["method"] != ind["method"]:
            continue
        entry["comparable"] = True
        for pi, ci in refs:
            b = before_profile["indicators"][pk]["comparisons"][pi]
            n = now_profile["indicators"][k]["comparisons"][ci]
            entry["references"].append({
                "reference": n["reference"],
                "before": {f: b[f] for f in ("verdict", "compliance", "claim")},
                "now": {f: n[f] for f in ("verdict", "compliance", "claim")},
                "shortfall_status": status(shortfall(b), shortfall(n), ("closed", "persisting", "new")),
                "advantage_status": status(advantage(b), advantage(n), ("lost", "kept", "gained"))})
        # This round's focal samples against the previous round's, each valued
        # by its own design, compared under this round's indicator and rules.
        empty = {"n": 0}
        c = compare(ind, "before", focal_records(design, cells, ind),
                    focal_records(prev_design, prev_cells, pind), empty, empty)
        changes.append((ind, entry, c))

    def driving(c):
        return c["p_mann_whitney"] if c["censored"] or s["test"] == "mann-whitney" else c["p"]

    adjust = {"bh": bh, "holm": holm, "none": lambda p: list(p)}[s["correction"]]
    family = []
    for ind, _, c in changes:
        if c["verdict"] == "insufficient":
            continue
        if ind["direction"] == "none":
            c["q"] = driving(c)
        else:
            family.append(c)
    for c, q in zip(family, adjust([driving(c) for c in family])):
        c["q"] = q
    summary = {"closed": 0, "persisting": 0, "new": 0, "improved": 0, "worsened": 0}
    for ind, entry, c in changes:
        decide(ind["direction"], c, s)
        change = CHANGE.get(c["verdict"], c["verdict"])
        entry["change"] = {f: c[f] for f in ("censored", "diff", "rel_diff", "p", "p_mann_whitney", "q",
                                             "rank_biserial")}
        entry["change"]["change"] = change
        if change in ("improved", "worsened"):
            summary[change] += 1
        st_pooled = entry["references"][0]["shortfall_status"]
        if st_pooled in ("closed", "persisting", "new"):
            summary[st_pooled] += 1
    out["summary"] = summary
    return out


def load(design_path, results_path):
    with open(design_path, encoding="utf-8") as f:
        design = json.load(f)
    indicators = {ind["code"]: ind for ind in design["indicators"]}
    return design, read_results(results_path, indicators)


def main():
    if sys.argv[1] == "--follow-up":
        prev_design, prev_cells = load(*sys.argv[2:4])
        design, cells = load(*sys.argv[4:6])
        result = follow_up(prev_design, prev_cells, design, cells)
    else:
        design, cells = load(*sys.argv[1:3])
        result = analyze(design, cells)
    json.dump(result, sys.stdout, indent=1, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
