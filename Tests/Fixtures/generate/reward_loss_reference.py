"""Reference values of the reward losses (DESIGN.md §2) with PyTorch autograd.

Writes Tests/Fixtures/reward/losses.json: Bradley–Terry (with margin and centering) and
Plackett–Luce (with centering) cases, each with the loss and its gradient.
Run: python3 Tests/Fixtures/generate/reward_loss_reference.py
"""
import json
import pathlib

import torch
import torch.nn.functional as F

torch.manual_seed(7)
out = {"bradley_terry": [], "plackett_luce": []}
for _ in range(8):
    r = (torch.randn(2, dtype=torch.float64) * 3).requires_grad_()
    margin = float(torch.rand(1) * 2) if _ % 2 else 0.0
    centering = 0.05 if _ % 3 == 0 else 0.0
    loss = -F.logsigmoid(r[0] - r[1] - margin) + centering * (r[0] + r[1]) ** 2
    loss.backward()
    out["bradley_terry"].append({"chosen": r[0].item(), "rejected": r[1].item(), "margin": margin, "centering": centering,
                                 "loss": loss.item(), "d_chosen": r.grad[0].item(), "d_rejected": r.grad[1].item()})
for k in [2, 3, 4, 6]:
    for centering in [0.0, 0.1]:
        r = (torch.randn(k, dtype=torch.float64) * 2).requires_grad_()
        # best first: stage i is a softmax over items i..k-1
        loss = -sum(r[i] - torch.logsumexp(r[i:], dim=0) for i in range(k)) + centering * r.sum() ** 2
        loss.backward()
        out["plackett_luce"].append({"rewards": r.tolist(), "centering": centering, "loss": loss.item(), "gradient": r.grad.tolist()})
path = pathlib.Path(__file__).resolve().parents[1] / "reward" / "losses.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print("wrote", path)
