#!/usr/bin/env python3
"""Print the held-out evaluation rows of an online run's metrics.jsonl, and the ceiling figures."""
import json, sys
for path in sys.argv[1:]:
    rows = [json.loads(l) for l in open(path + "/metrics.jsonl")]
    ev = [r for r in rows if "eval/gold_reward" in r]
    print(path)
    print(" step    KL   proxy    gold    se   len  refuse  falseref harmful  acc")
    for r in ev:
        print("%5d %5.2f %7.3f %7.3f %5.3f %5.1f %6.3f %7.3f %7.3f %6.3f" % (r["step"], r["eval/kl"], r["eval/proxy_reward"],
              r["eval/gold_reward"], r["eval/gold_reward_se"], r["eval/response_length"], r["eval/refusal_rate"],
              r.get("eval/false_refusal_rate", float("nan")), r.get("eval/harmful_compliance_rate", float("nan")),
              r.get("eval/task_accuracy", float("nan"))))
    if ev:
        p = max(ev, key=lambda r: r["eval/gold_reward"]); e = ev[-1]
        se = e["eval/gold_reward_se"]
        print("peak %.3f at step %d (KL %.2f); end %.3f; end-peak %.3f = %.1f SE(unpaired); proxy %.3f -> %.3f" % (
            p["eval/gold_reward"], p["step"], p["eval/kl"], e["eval/gold_reward"], e["eval/gold_reward"] - p["eval/gold_reward"],
            (e["eval/gold_reward"] - p["eval/gold_reward"]) / se, ev[0]["eval/proxy_reward"], e["eval/proxy_reward"]))
