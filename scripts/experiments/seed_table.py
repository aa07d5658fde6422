#!/usr/bin/env python3
"""One markdown row per (seed, online run, best-of-n run): the ceiling figures of docs/calibration.md §5.
Usage: seed_table.py SEED AGREEMENT_JSON RM_EVAL_JSON ONLINE_RUN BON_RUN"""
import json, sys
seed, agreement, rm_eval, online, bon = sys.argv[1:6]
a = json.load(open(agreement))["gold_agreement"]["rate"]
e = json.load(open(rm_eval))
rows = [json.loads(l) for l in open(online + "/metrics.jsonl")]
ev = [r for r in rows if "eval/gold_reward" in r]
first, last = ev[0], ev[-1]
peak = max(ev, key=lambda r: r["eval/gold_reward"])
se = last["eval/gold_reward_se"]
b = json.load(open(bon + "/summary.json"))
print("| %s | %.1f%% | %.1f%% / %.1f%% | %.3f → %.3f (step %d, KL %.2f) → %.3f (KL %.1f) | %+.3f (%.1f se) | %.3f → %.3f → %.3f | %.2f → %.2f | n = %d; %.3f → %.3f at 64, drop %.3f ± %.3f |" % (
    seed, 100 * a, 100 * e["accuracy"]["accuracy"], 100 * e["gold_agreement"]["reward_gold_agreement"],
    first["eval/gold_reward"], peak["eval/gold_reward"], peak["step"], peak["eval/kl"], last["eval/gold_reward"], last["eval/kl"],
    last["eval/gold_reward"] - peak["eval/gold_reward"], (last["eval/gold_reward"] - peak["eval/gold_reward"]) / se,
    first["eval/proxy_reward"], peak["eval/proxy_reward"], last["eval/proxy_reward"],
    first.get("eval/harmful_compliance_rate", float("nan")), last.get("eval/harmful_compliance_rate", float("nan")),
    b["gold_peak_n"], b["gold_peak"], b["gold_reward_at_n"], b["gold_drop"], b["gold_drop_se"]))
