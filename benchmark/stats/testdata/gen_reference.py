#!/usr/bin/python3
"""Reference values for package stats, computed with SciPy and NumPy.

Run with Debian's Python (SciPy 1.10.1, NumPy 1.24.2 when reference.json was
last written), from this directory:

    /usr/bin/python3 gen_reference.py > reference.json

Mean, SD and median come from Python's `statistics` module, which computes
with exact fractions, so the reference is the correctly rounded value (a
constant sample has SD exactly 0). Welch's t and its
Welch–Satterthwaite df come from exact moments and p from SciPy's t
distribution, as scipy.stats.ttest_ind(equal_var=False) computes it (see
welch); the zero-variance cases follow docs/method.md §3, where SciPy
answers NaN. Mann–Whitney comes from scipy.stats.mannwhitneyu(a, b,
alternative='two-sided', method='auto'). Hedges' g and the Benjamini–Hochberg
and Holm adjustments are written out below in NumPy, as R's p.adjust defines
them. Fisher's exact test is scipy.stats.fisher_exact(table,
alternative='two-sided').

Undefined values are written as null. Cases with "published" also carry the
values printed in the cited source, checked at the precision printed.
"""

import json
import statistics
import sys
import warnings
from fractions import Fraction

import numpy as np
import scipy
import scipy.stats as st
from scipy import special

# Student (1908), "The probable error of a mean", Biometrika 6(1):1-25,
# table II: extra hours of sleep under two drugs (Cushny & Peebles, 1905);
# R's `sleep` data set.
SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]

# Shier, R. (2004), "Statistics: 2.3 The Mann-Whitney U test", Mathematics
# Learning Support Centre, Loughborough University: age at diagnosis of type
# II diabetes (the example of scipy.stats.mannwhitneyu's documentation).
SHIER_MALES = [19, 22, 16, 29, 24]
SHIER_FEMALES = [20, 11, 17, 12]

# Benjamini & Hochberg (1995), "Controlling the false discovery rate",
# J. R. Statist. Soc. B 57(1):289-300, section 4: 15 p-values of a
# myocardial infarction study. At 0.05 their procedure rejects 4 hypotheses
# (as the paper shows); Holm's rejects 3 (by hand: 13·0.0019 <= 0.05 < 12·0.0095).
BH_1995 = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
           0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.0000]


def num(v):
    """A JSON number, or None for an undefined (NaN) value."""
    v = float(v)
    return None if np.isnan(v) else v


def describe(name, x):
    exact = [Fraction(float(v)) for v in x]
    n = len(exact)
    return {
        "name": name,
        "x": [float(v) for v in x],
        "mean": float(statistics.mean(exact)) if n else None,
        "sd": float(statistics.stdev(exact)) if n >= 2 else None,
        "median": float(statistics.median(exact)) if n else None,
    }


def welch(name, a, b, published=None):
    """t and df from exact moments, p from SciPy's t distribution.

    The exact moments make the reference the correctly rounded t (SciPy's
    floating-point moments lose digits on data with a large offset); the
    result is checked against scipy.stats.ttest_ind at 1e-6.
    """
    case = {"name": name, "a": [float(v) for v in a], "b": [float(v) for v in b]}
    xa, xb = [Fraction(v) for v in case["a"]], [Fraction(v) for v in case["b"]]
    na, nb = len(xa), len(xb)
    if na < 2 or nb < 2:
        case.update(t=None, df=None, p=None)
        return case
    diff = statistics.mean(xa) - statistics.mean(xb)
    sea, seb = statistics.variance(xa) / na, statistics.variance(xb) / nb
    if sea + seb == 0:
        # METHOD.md §3: both variances 0.
        case.update(t=0.0 if diff == 0 else None, df=None, p=1.0 if diff == 0 else 0.0)
    else:
        t = float(diff) / np.sqrt(float(sea + seb))
        df = float((sea + seb) ** 2 / (sea ** 2 / (na - 1) + seb ** 2 / (nb - 1)))
        p = 2 * special.stdtr(df, -abs(t))
        with warnings.catch_warnings():  # SciPy's precision warning is the point
            warnings.simplefilter("ignore", RuntimeWarning)
            check = st.ttest_ind(case["a"], case["b"], equal_var=False)
        assert np.isclose(check.statistic, t, rtol=1e-6) and np.isclose(check.pvalue, p, rtol=1e-6), name
        case.update(t=t, df=df, p=float(p))
    if published:
        case["published"] = published
    return case


def mann_whitney(name, a, b, published=None):
    res = st.mannwhitneyu(a, b, alternative="two-sided", method="auto")
    case = {"name": name, "a": list(map(float, a)), "b": list(map(float, b)),
            "u": num(res.statistic), "p": num(res.pvalue)}
    if published:
        case["published"] = published
    return case


def hedges_g(name, a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    na, nb = len(a), len(b)
    g = None
    if na >= 2 and nb >= 2:
        sp = np.sqrt(((na - 1) * a.var(ddof=1) + (nb - 1) * b.var(ddof=1)) / (na + nb - 2))
        if sp > 0 and not (np.ptp(a) == 0 and np.ptp(b) == 0):
            j = 1 - 3 / (4 * (na + nb) - 9)
            g = float(j * (a.mean() - b.mean()) / sp)
    return {"name": name, "a": a.tolist(), "b": b.tolist(), "g": g}


def adjust(name, p, published=None):
    p = np.asarray(p, float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    rank = np.arange(1, m + 1)
    bh = np.empty(m)
    bh[order] = np.minimum(1, np.minimum.accumulate((p[order] * m / rank)[::-1])[::-1])
    holm = np.empty(m)
    holm[order] = np.maximum.accumulate(np.minimum(1, p[order] * (m - rank + 1)))
    case = {"name": name, "p": p.tolist(), "bh": bh.tolist(), "holm": holm.tolist()}
    if published:
        case["published"] = published
    return case


def fisher(name, table, published=None):
    """scipy.stats.fisher_exact(table, alternative='two-sided')."""
    case = {"name": name, "table": table, "p": num(st.fisher_exact(table, alternative="two-sided")[1])}
    if published:
        case["published"] = published
    return case


def distinct(r, n, loc=0.0, scale=1.0):
    """n normal values, rounded to 6 decimals and free of ties."""
    x = np.round(r.normal(loc, scale, n), 6)
    assert len(np.unique(x)) == n
    return x


def main():
    r = np.random.RandomState(20160503)  # legacy generator: stable streams
    big = r.normal(38.5, 1.2, 1000)
    cases = {
        "describe": [
            describe("empty", []),
            describe("one value", [3.5]),
            describe("two values", [1.0, 2.0]),
            describe("odd n", [2.5, 7.1, 3.3, 9.0, 4.4]),
            describe("even n", [0.31, 0.05, 0.44, 0.12, 0.27, 0.18]),
            describe("constant", [0.1] * 7),
            describe("large offset", (1e9 + np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])).tolist()),
            describe("negative and zero", [-1.5, 0.0, 1.5, -0.3, 0.0]),
            describe("1000 normal values", big.tolist()),
        ],
        "welch": [
            welch("Student's sleep data", SLEEP_1, SLEEP_2,
                  published={"source": "Student (1908) Biometrika 6:1-25, table II; "
                                       "R t.test(extra ~ group, data = sleep)",
                             "t": -1.8608, "df": 17.776, "p": 0.07939, "rel": 1e-4}),
            welch("unequal variances and sizes",
                  [19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0],
                  [28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7,
                   23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3, 20.4, 23.9, 13.3]),
            welch("two values each", [3.1, 3.4], [2.2, 2.9]),
            welch("one side constant", [5.0, 5.0, 5.0], [4.0, 6.0, 7.0]),
            welch("both constant, equal", [2.0, 2.0, 2.0], [2.0, 2.0]),
            welch("both constant, different", [2.0, 2.0], [3.0, 3.0, 3.0]),
            welch("identical samples", [1.0, 2.0, 3.0], [3.0, 1.0, 2.0]),
            welch("one value", [1.0], [1.0, 2.0]),
            welch("extreme t", (100 + r.normal(0, 0.5, 30)).tolist(), r.normal(0, 0.5, 30).tolist()),
            welch("tiny p, small df", [10.0, 10.1, 10.2], [0.0, 0.1, 0.05]),
            welch("large n, small shift", r.normal(20.0, 1.0, 2000).tolist(), r.normal(20.05, 1.3, 1500).tolist()),
            # A difference of 0.01 between means of 1e4 is known to about 1e-12
            # relative in float64 means (an offset of 1e6 would leave 1e-8,
            # beyond the test's 1e-9 for any float64 implementation, SciPy's
            # included).
            welch("large offset", (1e4 + r.normal(0, 0.01, 12)).tolist(), (1e4 + r.normal(0.01, 0.02, 9)).tolist()),
        ],
        "mann_whitney": [
            mann_whitney("Shier's diabetes ages (exact)", SHIER_MALES, SHIER_FEMALES,
                         published={"source": "Shier (2004), Mann-Whitney U test; scipy.stats.mannwhitneyu docs",
                                    "u": 17, "p": 0.1111, "rel": 1e-3}),
            mann_whitney("Student's sleep data (ties)", SLEEP_1, SLEEP_2,
                         published={"source": "Student (1908) table II; R wilcox.test(extra ~ group, data = sleep)",
                                    "u": 25.5, "p": 0.06933, "rel": 1e-3}),
            mann_whitney("one value each", [1.0], [2.0]),
            mann_whitney("complete separation, exact", [1.1, 2.3, 0.5], [3.4, 4.5, 5.6, 6.1]),
            mann_whitney("U at the centre, exact (p capped)", [1.0, 4.0, 5.0, 8.0], [2.0, 3.0, 6.0, 7.0]),
            mann_whitney("8 and 8, exact", distinct(r, 8).tolist(), distinct(r, 8, 0.8).tolist()),
            mann_whitney("3 and 40, exact", distinct(r, 3, 0.9).tolist(), distinct(r, 40).tolist()),
            mann_whitney("40 and 3, exact", distinct(r, 40).tolist(), distinct(r, 3, -0.7).tolist()),
            mann_whitney("8 and 300, exact, near the centre", distinct(r, 8, 0.1).tolist(), distinct(r, 300).tolist()),
            mann_whitney("8 and 300, exact, far tail", distinct(r, 8, 2.5).tolist(), distinct(r, 300).tolist()),
            mann_whitney("9 and 9, normal approximation", distinct(r, 9).tolist(), distinct(r, 9, 1.0).tolist()),
            mann_whitney("small with ties", [1.0, 2.0, 2.0, 3.0], [2.0, 3.0, 4.0, 4.0, 5.0]),
            mann_whitney("all identical", [3.0, 3.0, 3.0], [3.0, 3.0]),
            mann_whitney("one side constant", [3.0, 3.0, 3.0], [1.0, 2.0, 4.0]),
            mann_whitney("200 and 150 with ties", np.round(r.normal(3.4, 0.2, 200), 1).tolist(),
                         np.round(r.normal(3.45, 0.2, 150), 1).tolist()),
            mann_whitney("500 and 500 separated", distinct(r, 500).tolist(), distinct(r, 500, 50).tolist()),
        ],
        "hedges_g": [
            hedges_g("Student's sleep data", SLEEP_1, SLEEP_2),
            hedges_g("two values each", [3.1, 3.4], [2.2, 2.9]),
            hedges_g("one side constant", [5.0, 5.0, 5.0], [4.0, 6.0, 7.0]),
            hedges_g("both constant", [2.0, 2.0], [3.0, 3.0, 3.0]),
            hedges_g("one value", [1.0], [1.0, 2.0]),
            hedges_g("1000 against 800", big.tolist(), r.normal(38.0, 1.5, 800).tolist()),
        ],
        "adjust": [
            adjust("Benjamini & Hochberg (1995) example", BH_1995,
                   published={"source": "Benjamini & Hochberg (1995) JRSS B 57:289-300, section 4 "
                                        "(Holm's count by hand)",
                              "alpha": 0.05, "bh_rejected": 4, "holm_rejected": 3}),
            adjust("empty", []),
            adjust("one p", [0.03]),
            adjust("ties", [0.04, 0.01, 0.2, 0.04, 0.01, 0.03]),
            adjust("ones", [1.0, 1.0, 0.5, 0.001]),
            adjust("zeros", [0.0, 0.0, 0.3]),
            adjust("unsorted uniform", r.uniform(0, 1, 20).tolist()),
            adjust("tiny and large", [1e-300, 0.9, 1e-12, 0.049, 0.051]),
        ],
        "fisher": [
            fisher("lady tasting tea", [[3, 1], [1, 3]],
                   published={"source": "Fisher (1935) The Design of Experiments, section 2: 34/70",
                              "p": 34 / 70, "rel": 1e-12}),
            fisher("scipy documentation example", [[6, 2], [1, 4]]),
            fisher("both tails, asymmetric", [[2, 7], [8, 2]]),
            fisher("both tails, asymmetric, upper side", [[8, 2], [2, 7]]),
            fisher("lower tail only", [[0, 10], [6, 4]]),
            fisher("zero cell", [[0, 5], [5, 0]]),
            fisher("one zero cell", [[0, 12], [7, 5]]),
            fisher("all detected against none", [[12, 0], [0, 24]]),
            fisher("empty row", [[0, 0], [3, 4]]),
            fisher("empty column", [[5, 0], [3, 0]]),
            fisher("observed at the mode", [[5, 5], [5, 5]]),
            fisher("two modes", [[3, 4], [4, 3]]),
            fisher("one sample each", [[1, 0], [0, 1]]),
            fisher("detection 7/12 against 20/24", [[7, 5], [20, 4]]),
            fisher("large, symmetric, both tails", [[4990, 5010], [5010, 4990]]),
            fisher("large, far apart", [[10000, 0], [0, 10000]]),
            fisher("large, shifted", [[9000, 1000], [8900, 1100]]),
            fisher("large, rare event", [[1, 9999], [10, 9990]]),
            fisher("large against small", [[3, 2], [15000, 5000]]),
        ] + [fisher(f"random {i}", t) for i, t in enumerate(
            [[int(v) for v in r.randint(0, 40, 2)], [int(v) for v in r.randint(0, 40, 2)]] for _ in range(12))],
    }
    out = {
        "generated_by": "benchmark/stats/testdata/gen_reference.py",
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        **cases,
    }
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
