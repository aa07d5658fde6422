#!/usr/bin/env python3
"""Power of the demo's paired tests, from a demo folder's paired sample files (numpy only).

For each seed: each re-evaluated difference (rise, fall, proxy, UWO − single) paired by prompt, its z,
the per-prompt sd of the difference, and how many samples per prompt the test would need to reach its
threshold if the effect stayed what was measured (n ≈ (z·s/δ)², DESIGN.md §2, with the within-prompt
variance scaling as 1/k). Used to choose `paired_eval_samples_per_prompt` on calibration seeds.

    scripts/experiments/power.py runs/calib18
"""
import json
import os
import sys

import numpy as np


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f]


def per_prompt(a, b, key):
    groups = {}
    for x, y in zip(a, b):
        assert x["prompt"] == y["prompt"] and x["sample"] == y["sample"]
        groups.setdefault(x["prompt"], []).append(x[key] - y[key])
    return groups


def analyse(groups):
    means = np.array([np.mean(v) for v in groups.values()])
    k = len(next(iter(groups.values())))
    value, se = means.mean(), means.std(ddof=1) / np.sqrt(len(means))
    # Split the per-prompt variance into a between-prompt part and a within-prompt part (one-way ANOVA).
    within = np.mean([np.var(v, ddof=1) for v in groups.values()]) if k > 1 else float("nan")
    between = max(means.var(ddof=1) - within / k, 0.0) if k > 1 else float("nan")
    return value, se, k, len(means), within, between


def needed_k(value, threshold, prompts, within, between):
    """Samples per prompt for |z| to reach |threshold|, or None when no k can (the between-prompt part alone is too large)."""
    if value == 0 or np.isnan(within) or np.sign(value) != np.sign(threshold):
        return None
    target_var = (value / threshold) ** 2 * prompts
    if target_var <= between:
        return None
    return int(np.ceil(within / (target_var - between)))


def main(folder):
    # Seeds whose paired evaluation is complete, with or without the demo's summary.json yet.
    seeds = sorted(int(name[5:]) for name in os.listdir(folder) if name.startswith("seed-")
                   and os.path.isdir(os.path.join(folder, name, "paired")))
    tests = [("rise", "peak", "start", "gold_reward", 2), ("fall", "single-final", "peak", "gold_reward", -3),
             ("proxy", "single-final", "peak", "proxy_reward", 2), ("uwo", "uwo-final", "single-final", "gold_reward", 2)]
    for seed in seeds:
        base = os.path.join(folder, "seed-%d" % seed, "paired")
        for condition in sorted(os.listdir(base)):
            for name, a, b, key, threshold in tests:
                pa, pb = os.path.join(base, condition, a + ".jsonl"), os.path.join(base, condition, b + ".jsonl")
                if not (os.path.exists(pa) and os.path.exists(pb)):
                    continue
                value, se, k, prompts, within, between = analyse(per_prompt(load(pa), load(pb), key))
                need = needed_k(value, threshold, prompts, within, between)
                print("seed %d %-6s %-5s %+.4f ± %.4f  z %+5.1f  (%d prompts × %d; sd within %.3f, between-prompt var %.4f)  k for |z| ≥ %d: %s"
                      % (seed, condition, name, value, se, value / se, prompts, k, np.sqrt(within), between, abs(threshold),
                         need if need else "none"))


if __name__ == "__main__":
    main(sys.argv[1])
