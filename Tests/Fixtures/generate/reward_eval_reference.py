"""Independent reference for the reward-eval figures (ECE, AUROC, within-gold-bin correlation).
Writes Tests/Fixtures/reward-eval/reference.json. Run: python3 reward_eval_reference.py"""
import json, math, os
import numpy as np

rng = np.random.default_rng(11)
margins = rng.normal(0, 2, 200)
p = 1 / (1 + np.exp(-margins))
probs = np.concatenate([p, 1 - p]); won = np.concatenate([np.ones(200), np.zeros(200)])
idx = np.minimum((probs * 10).astype(int), 9)
ece = sum((idx == b).sum() / len(probs) * abs(won[idx == b].mean() - probs[idx == b].mean()) for b in range(10) if (idx == b).any())
logloss = float(np.mean(np.log1p(np.exp(-margins))))

scores = np.round(rng.normal(0, 1, 150), 1)  # rounded: ties
positives = rng.random(150) < 0.3
pos, neg = scores[positives], scores[~positives]
auroc = float(((pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()) / (len(pos) * len(neg)))

gold = np.round(rng.normal(0, 1, 120), 2); words = rng.integers(1, 30, 120); reward = gold + 0.05 * words + rng.normal(0, 0.3, 120)
bins = np.floor(gold / 0.1).astype(int)
rx, ry = [], []
for b in np.unique(bins):
    m = bins == b
    if m.sum() >= 2:
        rx.append(reward[m] - reward[m].mean()); ry.append(words[m] - words[m].mean())
rx, ry = np.concatenate(rx), np.concatenate(ry)
within = float((rx * ry).sum() / math.sqrt((rx ** 2).sum() * (ry ** 2).sum()))

out = dict(margins=margins.tolist(), ece=float(ece), log_loss=logloss, scores=scores.tolist(), positives=positives.tolist(), auroc=auroc,
           gold=gold.tolist(), words=words.tolist(), reward=reward.tolist(), within_gold_bin_correlation=within)
path = os.path.join(os.path.dirname(__file__), "..", "reward-eval", "reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=0, sort_keys=True)
print(out["ece"], out["auroc"], out["within_gold_bin_correlation"])
