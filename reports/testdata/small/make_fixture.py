#!/usr/bin/python3
"""Build the small report fixture: results.json (seeded, plausible lab
values for design.json) and profile.json (the analysis of docs/method.md,
computed independently of the Go code with scipy).

Run from this directory: /usr/bin/python3 make_fixture.py
Needs python3-scipy. The report tests only read the JSON files; this script
documents where they come from and can serve as a cross-check for
benchmark.Analyze.
"""
import json
import math
import random

from scipy import stats

design = json.load(open("design.json", encoding="utf-8"))
settings = {"alpha": 0.05, "min_rel_diff": 0.05, "correction": "bh",
            "test": "welch", "nd_substitution": "half"}
settings.update(design.get("settings") or {})
indicators = {i["code"]: i for i in design["indicators"]}
focal = design["focal_region"]
refs = [r["code"] for r in design["regions"] if r["code"] != focal]
region_of = {s["code"]: s["region"] for s in design["samples"]}

# ---------------------------------------------------------------- results

# Region means and SDs of the sample values.
PLAN = {
    "water_extract": {"BZ": (41.8, 1.0), "YA": (39.2, 1.0), "LS": (38.9, 1.1)},
    "polyphenols": {"BZ": (19.9, 1.2), "YA": (20.3, 1.1), "LS": (19.6, 1.2)},
    "amino_acids": {"BZ": (3.95, 0.15), "YA": (3.45, 0.15), "LS": (3.52, 0.18)},
    "caffeine": {"BZ": (3.42, 0.12), "YA": (3.50, 0.12), "LS": (3.47, 0.12)},
    "moisture": {"BZ": (6.6, 0.3), "YA": (5.9, 0.3), "LS": (6.0, 0.3)},
    "selenium": {"BZ": (0.30, 0.05), "YA": (0.12, 0.03), "LS": (0.14, 0.03)},
    "lead": {"BZ": (0.45, 0.2), "YA": (0.5, 0.2), "LS": (0.55, 0.2)},
    "alkalinity": {"BZ": (2.1, 0.4), "YA": (2.5, 0.6), "LS": (2.9, 0.5)},
}
FORCED = {  # values that make the fixture exercise special cases
    ("moisture", "BZ-02"): 7.3, ("moisture", "BZ-05"): 7.2,
    ("lead", "BZ-04"): "ND", ("lead", "YA-03"): "<0.02", ("lead", "BZ-01"): 5.2,
    ("bifenthrin", "YA-02"): 0.012, ("bifenthrin", "YA-05"): 0.008,
    ("bifenthrin", "LS-01"): 0.031, ("bifenthrin", "LS-04"): 0.009,
    ("bifenthrin", "BZ-03"): "<0.005",
}
MISSING = {("selenium", "BZ-06")}
ANALYSTS = ["李明", "王芳", "张伟"]


def make_results():
    rng = random.Random(2016)
    rows = []
    for n, s in enumerate(design["samples"]):
        for k, ind in enumerate(design["indicators"]):
            code = ind["code"]
            if (code, s["code"]) in MISSING:
                continue
            replicates = 2 if code == "moisture" else 1
            forced = FORCED.get((code, s["code"]))
            for rep in range(1, replicates + 1):
                if forced is not None:
                    v = forced
                    if isinstance(v, float) and rep == 2:
                        v = round(v + 0.1, ind["decimals"])
                elif code == "bifenthrin":
                    v = "ND"
                else:
                    mu, sd = PLAN[code][s["region"]]
                    v = round(rng.gauss(mu, sd), ind["decimals"])
                    if code == "lead" and v < ind["lod"]:
                        v = "ND"
                value = v if isinstance(v, str) else f"{v:.{ind['decimals']}f}"
                rows.append({
                    "sample": s["code"], "indicator": code, "value": value,
                    "unit": ind["unit"], "method": ind["method"], "lab": design["lab"]["code"],
                    "replicate": rep,
                    "tested_on": f"2016-05-{3 + (n + k) % 18:02d}",
                    "analyst": ANALYSTS[k % 3],
                })
    return rows


# --------------------------------------------------------------- analysis

def parse(row, ind):
    """(value after substitution, detected, lod) of one result."""
    raw = row["value"]
    if raw == "ND" or raw.startswith("<"):
        lod = float(raw[1:]) if raw.startswith("<") else (row.get("lod") or ind.get("lod"))
        sub = {"half": lod / 2, "zero": 0.0, "lod": lod}[settings["nd_substitution"]]
        return sub, False, lod
    return float(raw), True, None


def sample_values(rows, code):
    """sample -> (value, detected, max lod of the non-detects)."""
    ind = indicators[code]
    reps = {}
    for row in rows:
        if row["indicator"] == code:
            reps.setdefault(row["sample"], []).append(parse(row, ind))
    out = {}
    for sample, rs in reps.items():
        lods = [r[2] for r in rs if r[2] is not None]
        out[sample] = (sum(r[0] for r in rs) / len(rs), any(r[1] for r in rs), max(lods) if lods else None)
    return out


def compliant(ind, value, detected, lod):
    ok = True
    if ind.get("limit_max") is not None:
        ok = ok and ((value <= ind["limit_max"]) if detected else (lod <= ind["limit_max"]))
    if ind.get("limit_min") is not None:
        ok = ok and detected and value >= ind["limit_min"]
    return ok


def comparison_variable(ind, x):
    if ind["direction"] == "range":
        return max(ind["target_min"] - x, 0.0, x - ind["target_max"])
    return x


def mean(xs):
    return sum(xs) / len(xs)


def var(xs):
    m = mean(xs)
    return sum((x - m) ** 2 for x in xs) / (len(xs) - 1)


def summary(ind, vals):
    xs = sorted(v[0] for v in vals)
    n = len(xs)
    if n == 0:
        return {"n": 0, "mean": None, "sd": None, "median": None, "min": None, "max": None,
                "detected": 0, "compliant": 0 if has_limit(ind) else None}
    med = xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2
    return {"n": n, "mean": mean(xs), "sd": math.sqrt(var(xs)) if n >= 2 else None,
            "median": med, "min": xs[0], "max": xs[-1],
            "detected": sum(1 for v in vals if v[1]),
            "compliant": sum(1 for v in vals if compliant(ind, *v)) if has_limit(ind) else None}


def has_limit(ind):
    return ind.get("limit_min") is not None or ind.get("limit_max") is not None


def compare(ind, a_vals, b_vals):
    a = [comparison_variable(ind, v[0]) for v in a_vals]
    b = [comparison_variable(ind, v[0]) for v in b_vals]
    c = {"diff": None, "rel_diff": None, "t": None, "df": None, "p": None, "q": None,
         "p_mann_whitney": None, "hedges_g": None}
    if a and b:
        c["diff"] = mean(a) - mean(b)
        c["rel_diff"] = None if mean(b) == 0 else c["diff"] / abs(mean(b))
    if len(a) < 2 or len(b) < 2:
        c["verdict"] = "insufficient"
        return c
    na, nb, va, vb = len(a), len(b), var(a), var(b)
    if va == 0 and vb == 0:
        c["t"], c["p"] = (0.0, 1.0) if c["diff"] == 0 else (None, 0.0)
    else:
        se2 = va / na + vb / nb
        c["t"] = c["diff"] / math.sqrt(se2)
        c["df"] = se2 ** 2 / ((va / na) ** 2 / (na - 1) + (vb / nb) ** 2 / (nb - 1))
        c["p"] = 2 * stats.t.sf(abs(c["t"]), c["df"])
    if len(set(a + b)) == 1:
        c["p_mann_whitney"] = 1.0
    else:
        ties = len(set(a + b)) < na + nb
        method = "exact" if not ties and min(na, nb) <= 8 else "asymptotic"
        c["p_mann_whitney"] = float(stats.mannwhitneyu(a, b, alternative="two-sided", method=method).pvalue)
    sp2 = ((na - 1) * va + (nb - 1) * vb) / (na + nb - 2)
    if sp2 > 0:
        c["hedges_g"] = (1 - 3 / (4 * (na + nb) - 9)) * c["diff"] / math.sqrt(sp2)
    return c


def adjust(ps):
    m = len(ps)
    order = sorted(range(m), key=lambda i: ps[i])
    q = [0.0] * m
    if settings["correction"] == "none":
        return list(ps)
    if settings["correction"] == "holm":
        run = 0.0
        for rank, i in enumerate(order):
            run = max(run, min(1.0, (m - rank) * ps[i]))
            q[i] = run
        return q
    run = 1.0
    for rank in range(m - 1, -1, -1):
        i = order[rank]
        run = min(run, ps[i] * m / (rank + 1))
        q[i] = min(run, 1.0)
    return q


def analyze(rows):
    alpha, min_rel = settings["alpha"], settings["min_rel_diff"]
    profiles = []
    values = {}
    for ind in design["indicators"]:
        code = ind["code"]
        sv = sample_values(rows, code)
        values[code] = sv
        by_region = {r["code"]: [sv[s] for s in sorted(sv) if region_of[s] == r["code"]] for r in design["regions"]}
        pooled = [v for r in refs for v in by_region[r]]
        comps = []
        for ref in ["pooled"] + refs:
            b = pooled if ref == "pooled" else by_region[ref]
            c = compare(ind, by_region[focal], b)
            c["reference"] = ref
            if has_limit(ind) and by_region[focal] and b:
                fa = sum(1 for v in by_region[focal] if compliant(ind, *v))
                fb = sum(1 for v in b if compliant(ind, *v))
                lhs, rhs = fa * len(b), fb * len(by_region[focal])
                c["compliance"] = "shortfall" if lhs < rhs else "advantage" if lhs > rhs else "parity"
            else:
                c["compliance"] = "none"
            comps.append(c)
        profiles.append({"code": code, "direction": ind["direction"],
                         "regions": {r: summary(ind, by_region[r]) for r in by_region},
                         "pooled": summary(ind, pooled), "comparisons": comps})

    drive = "p" if settings["test"] == "welch" else "p_mann_whitney"
    for k in range(len(refs) + 1):
        family = [p["comparisons"][k] for p in profiles
                  if p["direction"] != "none" and p["comparisons"][k].get("verdict") != "insufficient"]
        for c, q in zip(family, adjust([c[drive] for c in family])):
            c["q"] = q
    for p in profiles:
        for c in p["comparisons"]:
            if c.get("verdict") == "insufficient":
                continue
            if p["direction"] == "none":
                c["q"] = c[drive]
            sig = c["q"] <= alpha and (c["rel_diff"] is None or abs(c["rel_diff"]) >= min_rel)
            if p["direction"] == "none":
                c["verdict"] = ("higher" if c["diff"] > 0 else "lower") if sig else "similar"
            else:
                fav = c["diff"] > 0 if p["direction"] == "higher" else c["diff"] < 0
                c["verdict"] = ("advantage" if fav else "shortfall") if sig else "parity"

    def entries(pred):
        out = []
        for k, ref in enumerate(["pooled"] + refs):
            group = []
            for p in profiles:
                c = p["comparisons"][k]
                if pred(c):
                    group.append({"indicator": p["code"], "reference": ref, "diff": c["diff"],
                                  "rel_diff": c["rel_diff"], "hedges_g": c["hedges_g"], "q": c["q"],
                                  "verdict": c["verdict"], "compliance": c["compliance"]})
            group.sort(key=lambda e: (e["hedges_g"] is None, -abs(e["hedges_g"] or 0),
                                      e["rel_diff"] is None, -abs(e["rel_diff"] or 0), e["indicator"]))
            out += group
        return out

    # Composite score and radar over the comparison variable.
    sign = {"higher": 1, "lower": -1, "range": -1}
    z = {r["code"]: [] for r in design["regions"]}
    radar = []
    for ind in design["indicators"]:
        if ind["direction"] == "none":
            continue
        sv = values[ind["code"]]
        ys = {s: comparison_variable(ind, v[0]) for s, v in sv.items()}
        region_means = {}
        for r in design["regions"]:
            rv = [y for s, y in ys.items() if region_of[s] == r["code"]]
            if rv:
                region_means[r["code"]] = mean(rv)
        s_i = sign[ind["direction"]]
        if len(ys) >= 2:
            m_i, sd_i = mean(list(ys.values())), math.sqrt(var(list(ys.values())))
            if sd_i > 0:
                w = ind.get("weight", 1)
                for r, rm in region_means.items():
                    z[r].append((w, s_i * (rm - m_i) / sd_i))
        v = {r: s_i * rm for r, rm in region_means.items()}
        lo, hi = min(v.values()), max(v.values())
        radar.append({"indicator": ind["code"],
                      "values": {r: (50.0 if hi == lo else 100 * (x - lo) / (hi - lo)) for r, x in v.items()}})
    scores = {r: (sum(w * s for w, s in zs) / sum(w for w, _ in zs) if zs else None) for r, zs in z.items()}
    ranked = sorted([r for r in scores if scores[r] is not None], key=lambda r: -scores[r])
    composite = [{"region": r, "score": scores[r], "rank": i + 1} for i, r in enumerate(ranked)]
    composite += [{"region": r, "score": None, "rank": None} for r in scores if scores[r] is None]

    return {"study": design["code"], "focal_region": focal, "references": refs, "settings": settings,
            "indicators": profiles,
            "advantages": entries(lambda c: c["verdict"] == "advantage"),
            "shortfalls": entries(lambda c: c["verdict"] == "shortfall" or c["compliance"] == "shortfall"),
            "composite": composite, "radar": radar}


if __name__ == "__main__":
    results = make_results()
    with open("results.json", "w", encoding="utf-8") as f:
        json.dump({"results": results}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    with open("profile.json", "w", encoding="utf-8") as f:
        json.dump(analyze(results), f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote results.json ({len(results)} results) and profile.json")
