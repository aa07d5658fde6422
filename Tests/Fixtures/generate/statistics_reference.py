"""Reference figures for Mismatch's statistics layer (Sources/Mismatch/Statistics), computed with numpy
and scipy independently of the Swift code: differences paired by prompt (per-prompt means, then
sd/sqrt(prompts)), paired by sample, independent; Student-t quantiles; 95% intervals over seeds.

    python3 Tests/Fixtures/generate/statistics_reference.py   # rewrites Tests/Fixtures/statistics/statistics.json
"""
import json
import os

import numpy as np
from scipy import stats

OUT = os.path.join(os.path.dirname(__file__), "..", "statistics", "statistics.json")
rng = np.random.default_rng(18)

# Two policies on 40 prompts x 3 samples: a prompt effect shared by both, a small true difference.
prompts = [f"prompt {p}" for p in range(40) for _ in range(3)]
effect = np.repeat(rng.normal(0, 0.8, 40), 3)
a = effect + 0.05 + rng.normal(0, 0.6, 120)
b = effect + rng.normal(0, 0.6, 120)
d = a - b
per_prompt = d.reshape(40, 3).mean(axis=1)
paired_by_prompt = {"value": per_prompt.mean(), "se": per_prompt.std(ddof=1) / np.sqrt(40), "units": 40}
paired = {"value": d.mean(), "se": d.std(ddof=1) / np.sqrt(len(d)), "units": len(d)}
# Means by prompt of one policy (what each policy's gold estimate is).
a_by_prompt = a.reshape(40, 3).mean(axis=1)
mean_by_prompt = {"mean": a_by_prompt.mean(), "se": a_by_prompt.std(ddof=1) / np.sqrt(40)}

quantiles = [{"p": p, "df": df, "t": float(stats.t.ppf(p, df))}
             for df in (1, 2, 3, 4, 9, 29, 200) for p in (0.6, 0.9, 0.975, 0.995, 0.025)]
cdfs = [{"t": t, "df": df, "cdf": float(stats.t.cdf(t, df))} for df in (1, 4, 12) for t in (-3.0, -0.5, 0.0, 0.7, 2.5)]

seed_sets = [[0.074, 0.034, -0.013], [0.015, -0.008, 0.02, 0.031, 0.002], [0.05, 0.061]]
seed_means = []
for values in seed_sets:
    v = np.array(values)
    se = v.std(ddof=1) / np.sqrt(len(v))
    t = stats.t.ppf(0.975, len(v) - 1)
    seed_means.append({"values": values, "mean": v.mean(), "se": se, "interval_95": [v.mean() - t * se, v.mean() + t * se]})

with open(OUT, "w") as f:
    json.dump({"a": a.tolist(), "b": b.tolist(), "prompts": prompts, "paired_by_prompt": paired_by_prompt, "paired": paired,
               "mean_by_prompt": mean_by_prompt, "t_quantiles": quantiles, "t_cdfs": cdfs, "seed_means": seed_means},
              f, indent=1, sort_keys=True, default=float)
    f.write("\n")
