"""Reference values for RLOO/GRPO (Tests/OptimizeTests/RLOOReferenceTests.swift), written with numpy
independently of the Swift code: advantages, KL-shaped rewards, and the clipped surrogate's loss and
gradient in the completion log-probs for both KL placements.

Run: python3 Tests/Fixtures/generate/online_group_reference.py  (writes Tests/Fixtures/online/group.json)
"""
import json
import os

import numpy as np

rng = np.random.default_rng(7)
k, groups, beta, clip, eps = 4, 3, 0.07, 0.2, 1e-4
rows = k * groups
lengths = rng.integers(1, 6, size=rows)
old = [rng.normal(-1.5, 0.6, size=n) for n in lengths]
ref = [o + rng.normal(0, 0.4, size=o.size) for o in old]
current = [o + rng.normal(0, 0.25, size=o.size) for o in old]  # moved: some ratios leave [0.8, 1.2]
reward = rng.normal(0, 1, size=rows)


def k1(p, r):
    return float(np.sum(p - r))


def k3(p, r):
    rho = p - r
    return float(np.sum(np.exp(-rho) - 1 + rho))


def rloo(R):
    R = R.reshape(groups, k)
    return (R - (R.sum(1, keepdims=True) - R) / (k - 1)).ravel()


def grpo(R):
    R = R.reshape(groups, k)
    return ((R - R.mean(1, keepdims=True)) / (R.std(1, ddof=1, keepdims=True) + eps)).ravel()


def loss_and_grad(A, placement, aggregation):
    total, grads = 0.0, []
    for i in range(rows):
        w = (1.0 / lengths[i] if aggregation == "token_mean" else 1.0) / rows
        ratio = np.exp(current[i] - old[i])
        clipped = np.clip(ratio, 1 - clip, 1 + clip)
        total += w * np.sum(-np.minimum(ratio * A[i], clipped * A[i]))
        g = np.where(clipped * A[i] < ratio * A[i], 0.0, -w * A[i] * ratio)
        if placement == "loss":
            rho = current[i] - ref[i]
            total += w * beta * np.sum(np.exp(-rho) - 1 + rho)
            g = g + w * beta * (1 - np.exp(-rho))
        grads.append(g.tolist())
    return total, grads


cases = []
for advantage, placement, estimator, aggregation in [("rloo", "reward", "k1", "sequence"), ("rloo", "reward", "k3", "sequence"),
                                                      ("grpo", "loss", "k3", "token_mean"), ("grpo", "reward", "k1", "token_mean")]:
    kl = np.array([(k1 if estimator == "k1" else k3)(old[i], ref[i]) for i in range(rows)])
    R = reward - (beta * kl if placement == "reward" else 0)
    A = rloo(R) if advantage == "rloo" else grpo(R)
    loss, grads = loss_and_grad(A, placement, aggregation)
    cases.append({"advantage": advantage, "kl_placement": placement, "kl_estimator": estimator, "loss_aggregation": aggregation,
                  "shaped_rewards": R.tolist(), "advantages": A.tolist(), "loss": loss, "gradient": grads})

out = {"samples_per_prompt": k, "kl_coefficient": beta, "clip_range": clip, "advantage_epsilon": eps,
       "policy_log_probs": [o.tolist() for o in old], "reference_log_probs": [r.tolist() for r in ref],
       "current_log_probs": [c.tolist() for c in current], "rewards": reward.tolist(), "cases": cases}
path = os.path.join(os.path.dirname(__file__), "..", "online", "group.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))
