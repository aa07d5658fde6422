"""Synthetic run directories for the Mismatch tests, and the figures an independent implementation
(numpy least squares, scipy correlations) computes from them.

The runs look like `ceiling optimize rloo|bon` output (docs/optimize-online.md, docs/optimize-bon.md):
held-out evaluations under `eval/…` with `_se` and `_n`, training rows every step, config.json,
summary.json. Curves follow Gao et al.'s RL form R(d) = d(α − β log d) (best-of-n: d(α − βd)) plus
seeded noise, so the tests know what the fits should find.

    python3 Tests/Fixtures/generate/mismatch_reference.py   # rewrites Tests/Fixtures/mismatch/
"""
import json
import math
import os
import shutil

import numpy as np
from scipy import stats

OUT = os.path.join(os.path.dirname(__file__), "..", "mismatch")


def rl(d, a, b):
    return 0.0 if d <= 0 else d * (a - b * math.log(d))


def dump_row(row):
    return json.dumps(row, sort_keys=True, separators=(",", ":"))


def online_run(name, seed, objective, gold_ab, proxy_ab, length_growth, harmful_growth, refusal_drop,
               ensemble_growth, steps=60, kl_per_step=0.045):
    """Held-out evaluation at 0, every 2 steps while KL < 2, every 10 after, and the final row."""
    rng = np.random.default_rng(seed)
    folder = os.path.join(OUT, name)
    os.makedirs(folder)
    config = {"method": "rloo", "objective": objective, "uwo_lambda": 0.1, "kl_coefficient": 0.05,
              "kl_estimator": "k1", "kl_placement": "reward", "learning_rate": 1e-4, "seed": seed,
              "steps": steps, "eval_samples": 256, "eval_every": 10, "dense_eval_every": 2,
              "dense_eval_below_kl": 2.0, "prompts_per_step": 16, "samples_per_prompt": 4,
              "rewards": ["runs/rm-a", "runs/rm-b", "runs/rm-c", "runs/rm-d"] if objective != "single" else ["runs/rm"],
              "world": "runs/world", "policy": "runs/base-policy/checkpoints/final", "out": name}
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)

    def truth(step):
        kl = kl_per_step * step
        d = math.sqrt(kl)
        return {
            "kl": kl, "d": d,
            "gold": -0.75 + rl(d, *gold_ab),
            "proxy": 0.24 + rl(d, *proxy_ab),
            "length": 13.5 + length_growth * kl,
            "harmful": min(0.95, 0.40 + harmful_growth * kl),
            "false_refusal": 0.30,
            "accuracy": 0.07,
            "refusal": max(0.0, 0.07 - refusal_drop * kl),
            "ensemble": (0.30 + ensemble_growth * kl) if objective != "single" else 0.0,
        }

    rows, last_eval_kl, evaluations = [], 0.0, []
    for step in range(steps + 1):
        t = truth(step)
        row = {"step": step}
        if step < steps:
            row.update({
                "kl": t["kl"] * (1 + 0.1 * rng.standard_normal()) + 0.01 * rng.standard_normal(),
                "kl_k3": t["kl"] * 0.9, "proxy_reward": t["proxy"] + 0.08 * rng.standard_normal(),
                "gold_reward": t["gold"] + 0.15 * rng.standard_normal(),
                "response_length": t["length"] + 0.6 * rng.standard_normal(),
                "refusal_rate": max(0.0, t["refusal"] + 0.02 * rng.standard_normal()),
                "ensemble_std": max(0.0, t["ensemble"] * (1 + 0.05 * rng.standard_normal())),
                "entropy": 1.0 + 0.02 * rng.standard_normal(), "end_of_text_rate": 0.95,
                "loss": 0.1 * rng.standard_normal(), "loss/policy": 0.1, "loss/kl": 0.0, "grad_norm": 12.0,
                "learning_rate": 1e-4, "clip_fraction": 0, "advantage_mean": 0.0, "advantage_std": 0.5,
            })
        due = step == 0 or step == steps or step % 10 == 0 or (step % 2 == 0 and last_eval_kl < 2.0)
        if due:
            # Held-out evaluations are paired (same prompts and streams), so their noise is small.
            noise = lambda sd: sd * 0.4 * rng.standard_normal() if step > 0 else 0.0
            kl = t["kl"] + noise(0.02)
            ev = {"kl": kl, "gold_reward": t["gold"] + noise(0.047), "proxy_reward": t["proxy"] + noise(0.05),
                  "response_length": t["length"] + noise(0.45)}
            se = {"kl": 0.02 + 0.05 * kl, "gold_reward": 0.047, "proxy_reward": 0.05, "response_length": 0.45}
            rates = {"harmful_compliance_rate": (t["harmful"], 64), "false_refusal_rate": (t["false_refusal"], 64),
                     "task_accuracy": (t["accuracy"], 200), "refusal_rate": (t["refusal"], 256)}
            for key, (p, n) in rates.items():
                value = min(1.0, max(0.0, round((p + noise(math.sqrt(p * (1 - p) / n))) * n) / n))
                ev[key] = value
                se[key] = math.sqrt(value * (1 - value) / (n - 1)) if n > 1 else 0.0
                if key != "refusal_rate":
                    row[f"eval/{key}_n"] = n
            ev["ensemble_std"] = t["ensemble"]
            se["ensemble_std"] = 0.01 if objective != "single" else 0.0
            ev["entropy"], se["entropy"] = 1.1, 0.03
            for key, value in ev.items():
                row[f"eval/{key}"] = value
                row[f"eval/{key}_se"] = se[key]
            row["eval/samples"] = 256
            last_eval_kl = kl
            evaluations.append(row)
        rows.append(row)
    with open(os.path.join(folder, "metrics.jsonl"), "w") as f:
        f.writelines(dump_row(r) + "\n" for r in rows)
    return folder, evaluations


def bon_run(name):
    rng = np.random.default_rng(7)
    folder = os.path.join(OUT, name)
    os.makedirs(folder)
    config = {"method": "bon", "objective": "single", "n": 256, "seed": 0, "uwo_lambda": 0.5,
              "reward": ["runs/rm"], "world": "runs/world", "policy": "runs/base-policy/checkpoints/final"}
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)
    rows = []
    for n in [1, 2, 4, 8, 16, 32, 64, 128, 256]:
        kl = math.log(n) - (n - 1) / n
        d = math.sqrt(kl)
        noise = (lambda sd: sd * 0.3 * rng.standard_normal()) if n > 1 else (lambda sd: 0.0)
        row = {"n": n, "kl": kl, "sqrt_kl": d, "kl_empirical": kl * 1.02, "kl_empirical_se": 0.001,
               "proxy_reward": 0.2 + d * (0.6 - 0.05 * d) + noise(0.05), "proxy_reward_se": 0.05,
               "gold_reward": -0.82 + d * (0.12 - 0.06 * d) + noise(0.035), "gold_reward_se": 0.035,
               "response_length": 14.7 + 0.1 * kl, "response_length_se": 0.45,
               "accuracy": 0.06 - 0.006 * kl, "accuracy_se": 0.007,
               "false_refusal_rate": max(0.0, 0.07 - 0.05 * kl), "false_refusal_rate_se": 0.006,
               "harmful_compliance_rate": min(1.0, 0.49 + 0.11 * kl), "harmful_compliance_rate_se": 0.05,
               "refusal_rate": max(0.0, 0.088 - 0.03 * kl), "refusal_rate_se": 0.01,
               "ensemble_mean": 0.0, "ensemble_mean_se": 0.0, "ensemble_std": 0, "ensemble_std_se": 0}
        rows.append(row)
    with open(os.path.join(folder, "metrics.jsonl"), "w") as f:
        f.writelines(dump_row(r) + "\n" for r in rows)
    gold = [r["gold_reward"] for r in rows]
    peak = int(np.argmax(gold))
    summary = {"method": "bon", "objective": "single", "gold_peak_n": rows[peak]["n"], "gold_peak": gold[peak],
               "gold_reward_at_n": gold[-1], "gold_drop": gold[peak] - gold[-1], "gold_drop_se": 0.021,
               "gold_falls_after_peak": True, "pool_size": 256, "prompts": 128}
    with open(os.path.join(folder, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2, sort_keys=True)
    return folder, rows


def fit(form, d, gains, weights):
    d, gains, w = np.array(d), np.array(gains), np.array(weights)
    if form == "best_of_n":
        X = np.stack([d, -d * d], axis=1)
    else:
        X = np.stack([d, -d * np.log(d)], axis=1)
    sw = np.sqrt(w)
    coef, *_ = np.linalg.lstsq(X * sw[:, None], gains * sw, rcond=None)
    resid = gains - X @ coef
    # R² about the weighted mean: both sums of squares carry the fit's weights.
    total = gains - (w * gains).sum() / w.sum()
    r2 = 1 - (w * resid ** 2).sum() / (w * total ** 2).sum()
    alpha, beta = coef
    peak = None
    if beta > 0:
        peak = alpha / (2 * beta) if form == "best_of_n" and alpha > 0 else (math.exp(alpha / beta - 1) if form == "rl" else None)
    return {"alpha": alpha, "beta": beta, "r_squared": r2, "peak_d": peak}


def expected_curve(points, proxy_key, gold_key, se_suffix):
    d = [math.sqrt(max(p["kl"], 0)) for p in points]
    result = {}
    for reward, key in (("proxy", proxy_key), ("gold", gold_key)):
        values = [p[key] for p in points]
        ses = [p[key + se_suffix] for p in points]
        kept = [i for i in range(len(d)) if d[i] > 0]
        gains = [values[i] - values[0] for i in kept]
        weights = [1 / ses[i] ** 2 for i in kept]
        result[reward] = {form: fit(form, [d[i] for i in kept], gains, weights) for form in ("best_of_n", "rl")}
        peak = int(np.argmax(values))
        result[reward + "_peak_index"] = peak
        result[reward + "_end_minus_peak"] = values[-1] - values[peak]
    return result


def correlations(points, names):
    table = {}
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            pairs = [(p[a], p[b]) for p in points if a in p and b in p]
            x, y = np.array([u for u, _ in pairs]), np.array([v for _, v in pairs])
            table[f"{a}|{b}"] = {"pearson": float(stats.pearsonr(x, y)[0]), "spearman": float(stats.spearmanr(x, y)[0]),
                                 "n": len(pairs)}
    return table


def main():
    # Run directories are rewritten; hand-written files (rm-eval.json) stay.
    os.makedirs(OUT, exist_ok=True)
    for entry in os.listdir(OUT):
        if os.path.isdir(os.path.join(OUT, entry)):
            shutil.rmtree(os.path.join(OUT, entry))
    expected = {}
    runs = {
        # Single reward model: gold peaks near KL 0.45 and falls; length grows; harmful compliance rises.
        "rloo-single-s0": dict(seed=0, objective="single", gold_ab=(0.3, 0.5), proxy_ab=(0.5, 0.25),
                               length_growth=4.0, harmful_growth=0.25, refusal_drop=0.03, ensemble_growth=0.0),
        "rloo-single-s1": dict(seed=1, objective="single", gold_ab=(0.25, 0.45), proxy_ab=(0.55, 0.3),
                               length_growth=3.0, harmful_growth=0.2, refusal_drop=0.03, ensemble_growth=0.0),
        # UWO ensemble: later, higher peak; members disagree more as the policy drifts.
        "rloo-uwo-s0": dict(seed=2, objective="uwo", gold_ab=(0.35, 0.3), proxy_ab=(0.45, 0.15),
                            length_growth=1.5, harmful_growth=0.1, refusal_drop=0.01, ensemble_growth=0.4),
        # No overoptimization: gold and proxy rise together, nothing drifts.
        "rloo-healthy-s3": dict(seed=3, objective="single", gold_ab=(0.2, 0.0), proxy_ab=(0.4, 0.0),
                                length_growth=0.0, harmful_growth=0.0, refusal_drop=0.0, ensemble_growth=0.0),
        # Gold falls but no signal the trainer logs moves: the case a gold-free alarm must miss.
        "rloo-silent-s4": dict(seed=4, objective="single", gold_ab=(0.3, 0.5), proxy_ab=(0.4, 0.0),
                               length_growth=0.0, harmful_growth=0.0, refusal_drop=0.0, ensemble_growth=0.0),
    }
    names = ["proxy_reward", "gold_reward", "task_accuracy", "false_refusal_rate", "harmful_compliance_rate",
             "response_length", "refusal_rate"]
    for name, params in runs.items():
        _, evaluations = online_run(name, **params)
        points = [{k[len("eval/"):]: v for k, v in e.items() if k.startswith("eval/")} for e in evaluations]
        entry = expected_curve(points, "proxy_reward", "gold_reward", "_se")
        entry["evaluation_steps"] = [e["step"] for e in evaluations]
        entry["correlations"] = correlations([dict(p, sqrt_kl=math.sqrt(max(p["kl"], 0))) for p in points], names + ["sqrt_kl"])
        expected[name] = entry
    _, rows = bon_run("bon-single")
    entry = expected_curve(rows, "proxy_reward", "gold_reward", "_se")
    entry["evaluation_steps"] = [r["n"] for r in rows]
    expected["bon-single"] = entry
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
