#!/usr/bin/env python3
"""Reference DPO / IPO losses, implicit rewards and parameter gradients on the committed tiny GPT-2
fixture (Tests/Fixtures/gpt2-tiny/model), from transformers + PyTorch autograd in float64.

For a fixed small batch of (prompt, chosen, rejected) token ids, each sequence scored on its own
(no padding), with fixed reference sequence log-probabilities standing in for the cached π_ref:
  log π(y) = Σ_t log softmax(logits)[y_t] over the completion tokens
  h = (log π(y_c) − log π_ref(y_c)) − (log π(y_r) − log π_ref(y_r))
  loss_type sigmoid (DPO): −log σ(β h);  ipo: (h − 1/(2β))²;  length-normalized: every log π and log π_ref / token count
  L = mean over pairs; gradients of L with respect to every parameter.

Writes Tests/Fixtures/dpo/:
  reference.json          inputs, per-case loss, implicit rewards, accuracy, margins, sequence log-probs
  gradients.safetensors   per case, the full gradients of a few tensors (GPT-2 names, no `transformer.`)

Run:  pip install torch transformers safetensors && python3 Tests/Fixtures/generate/dpo_reference.py
"""
import json
import os

import torch
import torch.nn.functional as F
from safetensors.torch import save_file
from transformers import GPT2LMHeadModel

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "..", "gpt2-tiny", "model")
OUT = os.path.join(HERE, "..", "dpo")
EOT = 63

# (prompt, chosen, rejected): completions end with end-of-text, lengths differ so padding matters.
PAIRS = [
    ([5, 17, 42], [8, 9, EOT], [11, EOT]),
    ([1], [2, 3, 4, 5, 6, EOT], [7, 8, 9, EOT]),
    ([30, 31, 32, 33, 34], [40, EOT], [41, 42, 43, 44, 45, 46, 47, EOT]),
]
# Offsets from the initial policy's own log-probs, so that h is not zero at the start.
REF_CHOSEN_OFFSET = [0.5, -1.0, 2.0]
REF_REJECTED_OFFSET = [-0.3, 0.8, -1.5]
CASES = [
    {"name": "sigmoid", "loss_type": "sigmoid", "beta": 0.1, "length_normalized": False},
    {"name": "ipo", "loss_type": "ipo", "beta": 0.5, "length_normalized": False},
    {"name": "sigmoid-normalized", "loss_type": "sigmoid", "beta": 0.5, "length_normalized": True},
    {"name": "ipo-normalized", "loss_type": "ipo", "beta": 0.1, "length_normalized": True},
]
GRADIENT_TENSORS = ["wte.weight", "wpe.weight", "h.0.attn.c_attn.weight", "h.1.mlp.c_proj.weight", "ln_f.weight", "ln_f.bias"]

model = GPT2LMHeadModel.from_pretrained(MODEL, attn_implementation="eager").double()
model.eval()


def sequence_logprob(prompt, completion):
    tokens = torch.tensor([prompt + completion])
    logits = model(tokens).logits[0, :-1]  # position p predicts token p + 1
    logps = F.log_softmax(logits, dim=-1)
    targets = tokens[0, 1:]
    per_token = logps.gather(1, targets[:, None])[:, 0]
    return per_token[len(prompt) - 1:].sum()  # the completion tokens only


with torch.no_grad():
    initial = [(sequence_logprob(p, c).item(), sequence_logprob(p, r).item()) for p, c, r in PAIRS]
ref_chosen = [c - o for (c, _), o in zip(initial, REF_CHOSEN_OFFSET)]
ref_rejected = [r - o for (_, r), o in zip(initial, REF_REJECTED_OFFSET)]

results = []
tensors = {}
for case in CASES:
    model.zero_grad()
    beta = case["beta"]
    losses, chosen_rewards, rejected_rewards, chosen_logps, rejected_logps = [], [], [], [], []
    for (p, c, r), rc, rr in zip(PAIRS, ref_chosen, ref_rejected):
        pc, pr = sequence_logprob(p, c), sequence_logprob(p, r)
        if case["length_normalized"]:
            pc, pr, rc, rr = pc / len(c), pr / len(r), rc / len(c), rr / len(r)
        h = (pc - rc) - (pr - rr)
        loss = -F.logsigmoid(beta * h) if case["loss_type"] == "sigmoid" else (h - 1 / (2 * beta)) ** 2
        losses.append(loss)
        chosen_rewards.append(beta * (pc.item() - rc))
        rejected_rewards.append(beta * (pr.item() - rr))
        chosen_logps.append(pc.item())
        rejected_logps.append(pr.item())
    total = torch.stack(losses).mean()
    total.backward()
    n = len(PAIRS)
    results.append({
        **case,
        "loss": total.item(),
        "rewards/chosen": sum(chosen_rewards) / n,
        "rewards/rejected": sum(rejected_rewards) / n,
        "rewards/accuracies": sum(1.0 for a, b in zip(chosen_rewards, rejected_rewards) if a > b) / n,
        "rewards/margins": (sum(chosen_rewards) - sum(rejected_rewards)) / n,
        "logps/chosen": sum(chosen_logps) / n,
        "logps/rejected": sum(rejected_logps) / n,
    })
    parameters = dict(model.named_parameters())
    for name in GRADIENT_TENSORS:
        grad = parameters["transformer." + name].grad
        tensors[f"{case['name']}/{name}"] = grad.float().contiguous().clone()

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "reference.json"), "w") as f:
    json.dump({
        "pairs": [{"prompt": p, "chosen": c, "rejected": r} for p, c, r in PAIRS],
        "reference_chosen": ref_chosen,
        "reference_rejected": ref_rejected,
        "policy_chosen": [c for c, _ in initial],
        "policy_rejected": [r for _, r in initial],
        "gradient_tensors": GRADIENT_TENSORS,
        "cases": results,
    }, f, indent=1, sort_keys=True)
    f.write("\n")
save_file(tensors, os.path.join(OUT, "gradients.safetensors"))
print("wrote", OUT)
