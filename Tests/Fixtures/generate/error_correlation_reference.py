"""Reference for Mismatch.MemberErrorCorrelation: numpy least squares and corrcoef.

Writes Tests/Fixtures/mismatch/error_correlation.json: a small ensemble (3 members, 6 prompts × 5
samples) whose members share part of their error, the inputs and every figure the Swift type reports.
Run from the repository root: python3 Tests/Fixtures/generate/error_correlation_reference.py
"""
import json
import numpy as np

rng = np.random.default_rng(7)
prompts = np.repeat(np.arange(6), 5)
prompt_offset = rng.normal(0, 1, 6)[prompts]          # what every member gets wrong about a prompt
gold = rng.normal(0, 1, prompts.size) + 0.5 * rng.normal(0, 1, 6)[prompts]
shared = rng.normal(0, 1, prompts.size)               # errors all members share
members = np.stack([0.8 * gold + 0.7 * shared + prompt_offset + 0.5 * rng.normal(0, 1, prompts.size) for _ in range(3)], axis=1)


def residuals(y, x):
    slope, intercept = np.polyfit(x, y, 1)
    return y - (slope * x + intercept)


def error_matrix(columns, x):
    return np.corrcoef(np.stack([residuals(c, x) for c in columns]))


def mean_off_diagonal(m):
    k = m.shape[0]
    return float(np.mean([m[i, j] for i in range(k) for j in range(i + 1, k)]))


def centered(v):
    return v - np.array([v[prompts == p].mean() for p in prompts])


columns = [members[:, k] for k in range(members.shape[1])]
matrix = error_matrix(columns, gold)
within = error_matrix([centered(c) for c in columns], centered(gold))
expected = {
    "member_rewards": members.tolist(), "gold": gold.tolist(), "prompts": prompts.tolist(),
    "matrix": matrix.tolist(), "mean": mean_off_diagonal(matrix), "within_prompt_mean": mean_off_diagonal(within),
    "member_gold_correlation": [float(np.corrcoef(c, gold)[0, 1]) for c in columns],
    "ensemble_mean_gold_correlation": float(np.corrcoef(members.mean(axis=1), gold)[0, 1]),
}
with open("Tests/Fixtures/mismatch/error_correlation.json", "w") as f:
    json.dump(expected, f, indent=1)
print("mean", expected["mean"], "within", expected["within_prompt_mean"])
