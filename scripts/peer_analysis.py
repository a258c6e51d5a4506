#!/usr/bin/python3
"""The peer of `qbench analyze`: the same comparison written the way an
analyst would write it with pandas and SciPy, for scripts/bench-intake to
time against qbench on the same study (issue 15: qbench must be at least
12 times as fast).

    /usr/bin/python3 scripts/peer_analysis.py design.json results.csv > profile.json

It reads the long results CSV with pandas, substitutes non-detects (LOD/2,
or 0 / LOD as the design's nd_substitution says), averages replicates per
sample, turns range indicators into the distance to their target, and per
indicator summarises each region and compares the focal region with each
reference: relative difference of means, Welch's t-test and Mann-Whitney U
(scipy.stats), Hedges' g, and Benjamini-Hochberg across indicators per
reference (by hand, without statsmodels). It is the analysis of
qbench's method revision 1; the censored comparisons of revision 2 are
left out, as most analysts' scripts would leave them out.
"""
import json
import sys

import numpy as np
import pandas as pd
from scipy import stats


def bh(p):
    """Benjamini-Hochberg adjusted p-values (NaN stays NaN)."""
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    q = p[ok]
    n = len(q)
    if n == 0:
        return out
    order = np.argsort(q)
    ranked = q[order] * n / np.arange(1, n + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    adj = np.empty(n)
    adj[order] = np.minimum(ranked, 1)
    out[ok] = adj
    return out


def num(x):
    return None if x is None or (isinstance(x, float) and not np.isfinite(x)) else float(x)


def main(design_path, results_path):
    with open(design_path, encoding="utf-8") as f:
        design = json.load(f)
    settings = design.get("settings") or {}
    subst = settings.get("nd_substitution", "half")
    indicators = pd.DataFrame(design["indicators"]).set_index("code")
    if "lod" not in indicators:
        indicators["lod"] = np.nan
    samples = pd.DataFrame(design["samples"]).set_index("code")
    focal = design["focal_region"]
    references = [r["code"] for r in design["regions"] if r["code"] != focal]

    df = pd.read_csv(results_path, dtype={"value": str, "sample": str, "indicator": str})
    value = df["value"].str.strip()
    less = value.str.startswith("<")
    nd = less | value.str.upper().isin(["ND", "N.D.", "未检出"])
    lod = pd.to_numeric(value.str.lstrip("<"), errors="coerce").where(less)
    lod = lod.fillna(pd.to_numeric(df["lod"], errors="coerce"))
    lod = lod.fillna(df["indicator"].map(indicators["lod"]))
    factor = {"half": 0.5, "zero": 0.0, "lod": 1.0}[subst]
    df["x"] = pd.to_numeric(value, errors="coerce").where(~nd, lod * factor)
    df["region"] = df["sample"].map(samples["region"])

    # replicates -> one value per sample
    per_sample = df.groupby(["indicator", "region", "sample"], sort=True)["x"].mean().reset_index()

    out = {"study": design["code"], "indicators": []}
    pvalues = {ref: [] for ref in references}
    for code, g in per_sample.groupby("indicator", sort=False):
        ind = indicators.loc[code]
        y = g["x"]
        if ind["direction"] == "range":
            y = np.maximum(np.maximum(ind["target_min"] - y, 0), y - ind["target_max"])
        g = g.assign(y=y)
        entry = {"code": code, "regions": {}, "comparisons": []}
        for region, h in g.groupby("region"):
            x = h["x"]
            entry["regions"][region] = {
                "n": int(x.count()), "mean": num(x.mean()), "sd": num(x.std(ddof=1)),
                "median": num(x.median()), "min": num(x.min()), "max": num(x.max()),
            }
        f = g.loc[g["region"] == focal, "y"].to_numpy()
        for ref in references:
            r = g.loc[g["region"] == ref, "y"].to_numpy()
            c = {"reference": ref, "n_focal": len(f), "n_reference": len(r)}
            if len(f) >= 2 and len(r) >= 2:
                t = stats.ttest_ind(f, r, equal_var=False)
                u = stats.mannwhitneyu(f, r, alternative="two-sided")
                mf, mr = f.mean(), r.mean()
                sp = np.sqrt(((len(f) - 1) * f.var(ddof=1) + (len(r) - 1) * r.var(ddof=1)) / (len(f) + len(r) - 2))
                d = (mf - mr) / sp if sp > 0 else np.nan
                j = 1 - 3 / (4 * (len(f) + len(r)) - 9)
                c.update({
                    "diff": num(mf - mr), "rel_diff": num((mf - mr) / abs(mr)) if mr != 0 else None,
                    "p_welch": num(t.pvalue), "p_mwu": num(u.pvalue), "hedges_g": num(d * j),
                })
                pvalues[ref].append((entry, len(entry["comparisons"]), t.pvalue if settings.get("test", "welch") == "welch" else u.pvalue))
            entry["comparisons"].append(c)
        out["indicators"].append(entry)
    for ref, items in pvalues.items():
        adj = bh([p for _, _, p in items])
        for (entry, i, _), q in zip(items, adj):
            entry["comparisons"][i]["p_adj"] = num(q)
    json.dump(out, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
