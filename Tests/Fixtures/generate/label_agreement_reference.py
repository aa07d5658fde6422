#!/usr/bin/env python3
"""Independent reference for Sources/Label/Agreement.swift and SHA256.swift.

Percent agreement and the generalized Fleiss' kappa are computed with numpy from a
units x categories count table; Cohen's kappa with statsmodels (cohens_kappa on the 2-rater
contingency table); Fleiss' kappa is also checked against statsmodels where every unit has the same
number of raters; Krippendorff's alpha with the `krippendorff` package (nominal).
SHA-256 vectors come from hashlib.

Writes Tests/Fixtures/label/agreement.json and Tests/Fixtures/label/sha256.json.
Requires: pip install numpy statsmodels krippendorff"""
import hashlib
import json
import os

import krippendorff
import numpy as np
from statsmodels.stats.inter_rater import cohens_kappa, fleiss_kappa

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "label")


def dataset(rng, units, raters, categories, rate_probability, bias):
    """units x raters matrix of category ids or NaN (missing); raters share a latent truth."""
    truth = rng.integers(0, categories, size=units)
    data = np.full((raters, units), np.nan)
    for r in range(raters):
        for u in range(units):
            if rng.random() < rate_probability:
                data[r, u] = truth[u] if rng.random() < bias else rng.integers(0, categories)
    return data


def count_table(data, categories):
    table = np.zeros((data.shape[1], categories))
    for u in range(data.shape[1]):
        for value in data[:, u]:
            if not np.isnan(value):
                table[u, int(value)] += 1
    return table


def percent_and_fleiss(table):
    n = table.sum(axis=1)
    keep = n >= 2
    table, n = table[keep], n[keep]
    p_i = (table * (table - 1)).sum(axis=1) / (n * (n - 1))
    p_bar = p_i.mean()
    p_j = table.sum(axis=0) / table.sum()
    p_e = (p_j ** 2).sum()
    return float(p_bar), float((p_bar - p_e) / (1 - p_e)), table


def main():
    rng = np.random.default_rng(11)
    rater_names = ["ann", "bob", "cy", "dee", "eve"]
    cases = []
    specs = [
        ("two raters, every unit", 40, 2, 2, 1.0, 0.8),
        ("two raters, missing ratings", 60, 2, 2, 0.8, 0.7),
        ("three raters, every unit", 50, 3, 2, 1.0, 0.75),
        ("five raters, missing ratings", 80, 5, 2, 0.6, 0.7),
        ("four raters, three categories", 45, 4, 3, 0.85, 0.6),
        ("near chance", 70, 3, 2, 0.9, 0.1),
    ]
    for name, units, raters, categories, probability, bias in specs:
        data = dataset(rng, units, raters, categories, probability, bias)
        table = count_table(data, categories)
        percent, fleiss, kept = percent_and_fleiss(table)
        case = {
            "name": name,
            "units": [[[rater_names[r], int(data[r, u])] for r in range(raters) if not np.isnan(data[r, u])]
                      for u in range(units)],
            "percent_agreement": percent,
            "fleiss_kappa": fleiss,
            "krippendorff_alpha": float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")),
        }
        if raters == 2:
            both = ~np.isnan(data).any(axis=0)
            contingency = np.zeros((categories, categories))
            for a, b in zip(data[0, both].astype(int), data[1, both].astype(int)):
                contingency[a, b] += 1
            case["cohen_kappa"] = {"a": rater_names[0], "b": rater_names[1],
                                   "kappa": float(cohens_kappa(contingency, return_results=False)),
                                   "units": int(both.sum())}
        if (kept.sum(axis=1) == kept.sum(axis=1)[0]).all():
            statsmodels_fleiss = float(fleiss_kappa(kept, method="fleiss"))
            assert abs(statsmodels_fleiss - fleiss) < 1e-12, (name, statsmodels_fleiss, fleiss)
            case["fleiss_checked_by_statsmodels"] = True
        cases.append(case)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "agreement.json"), "w") as f:
        json.dump({"cases": cases}, f, indent=1, sort_keys=True)
        f.write("\n")
    messages = ["", "abc", "a" * 55, "a" * 56, "a" * 64, "a" * 119, "The quick brown fox jumps over the lazy dog",
                "clt_" + "0" * 64, "ünïcödé ✓", "x" * 1000]
    with open(os.path.join(OUT, "sha256.json"), "w") as f:
        json.dump([{"message": m, "sha256": hashlib.sha256(m.encode()).hexdigest()} for m in messages], f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
