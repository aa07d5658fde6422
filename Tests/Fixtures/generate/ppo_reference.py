"""Reference values of the PPO pieces (DESIGN.md §2) with PyTorch, written the way TRL's PPOTrainer
computes them: right-padded (B, T) tensors with a mask, GAE by a reversed loop over columns,
masked whitening, the clipped surrogate and clipped value loss as masked means, gradients by autograd.

Writes Tests/Fixtures/ppo/reference.json.
Run: python3 Tests/Fixtures/generate/ppo_reference.py
"""
import json
import math
import pathlib

import torch

torch.manual_seed(11)
D = torch.float64


def masked_mean(x, mask):
    return (x * mask).sum() / mask.sum()


def masked_var(x, mask):
    mean = masked_mean(x, mask)
    centered = (x - mean) * mask
    n = mask.sum()
    return (centered ** 2).sum() / n * (n / (n - 1))


def masked_whiten(x, mask):
    mean, var = masked_mean(x, mask), masked_var(x, mask)
    return (x - mean) * torch.rsqrt(var + 1e-8)


def case(lengths, beta, gamma, lam, estimator, penalty, clip, vclip, ended):
    B, T = len(lengths), max(lengths)
    mask = torch.zeros(B, T, dtype=D)
    for b, n in enumerate(lengths):
        mask[b, :n] = 1
    old = -torch.rand(B, T, dtype=D) * 3 - 0.1          # log π_old
    ref = old + torch.randn(B, T, dtype=D) * 0.3         # log π_ref
    new = old + torch.randn(B, T, dtype=D) * 0.25        # log π_θ (some ratios leave 1 ± ε)
    old_values = torch.randn(B, T, dtype=D) * 0.7
    new_values = old_values + torch.randn(B, T, dtype=D) * 0.3
    scores = torch.randn(B, dtype=D)
    old, ref, new, old_values, new_values = [t * mask for t in (old, ref, new, old_values, new_values)]

    # Per-token rewards: −β·kl_t, plus the score (less the missing-EOS penalty) at the last token.
    rho = old - ref
    kl = rho if estimator == "k1" else (torch.exp(-rho) - 1 + rho)
    non_score = -beta * kl * mask
    rewards = non_score.clone()
    for b, n in enumerate(lengths):
        rewards[b, n - 1] += scores[b] - (0.0 if ended[b] else penalty)

    # GAE (TRL): values beyond the end are 0.
    values = old_values * mask
    last = torch.zeros(B, dtype=D)
    advantages_reversed = []
    for t in reversed(range(T)):
        next_values = values[:, t + 1] if t < T - 1 else torch.zeros(B, dtype=D)
        delta = rewards[:, t] + gamma * next_values - values[:, t]
        last = delta + gamma * lam * last
        advantages_reversed.append(last)
    advantages = torch.stack(advantages_reversed[::-1], dim=1) * mask
    returns = (advantages + values) * mask
    whitened = masked_whiten(advantages, mask) * mask

    # Clipped surrogate on the whitened advantages.
    logp = new.clone().requires_grad_()
    ratio = torch.exp(logp - old)
    pg1 = -whitened * ratio
    pg2 = -whitened * torch.clamp(ratio, 1 - clip, 1 + clip)
    pg_loss = masked_mean(torch.max(pg1, pg2), mask)
    pg_loss.backward()
    clipfrac = masked_mean((pg2 > pg1).to(D), mask)
    approx_kl = 0.5 * masked_mean((logp.detach() - old) ** 2, mask)

    # Clipped value loss.
    v = new_values.clone().requires_grad_()
    v_clipped = torch.clamp(v, values - vclip, values + vclip)
    vf1, vf2 = (v - returns) ** 2, (v_clipped - returns) ** 2
    vf_loss = 0.5 * masked_mean(torch.max(vf1, vf2), mask)
    vf_loss.backward()
    vf_clipfrac = masked_mean((vf2 > vf1).to(D), mask)

    resid = (returns - values)
    def pvar(x):
        return masked_mean((x - masked_mean(x, mask)) ** 2, mask)
    explained = 1 - pvar(resid) / pvar(returns)

    rows = lambda x: [x[b, :n].tolist() for b, n in enumerate(lengths)]
    return {
        "settings": {"beta": beta, "gamma": gamma, "lambda": lam, "estimator": estimator, "missing_eos_penalty": penalty,
                     "clip_range": clip, "value_clip_range": vclip},
        "old_log_probs": rows(old), "reference_log_probs": rows(ref), "new_log_probs": rows(new),
        "old_values": rows(old_values), "new_values": rows(new_values),
        "scores": scores.tolist(), "ended_with_end_of_text": ended,
        "rewards": rows(rewards), "non_score_rewards": rows(non_score),
        "advantages": rows(advantages), "returns": rows(returns), "whitened_advantages": rows(whitened),
        "policy_loss": pg_loss.item(), "policy_gradient": rows(logp.grad), "clip_fraction": clipfrac.item(),
        "approx_kl": approx_kl.item(),
        "value_loss": vf_loss.item(), "value_gradient": rows(v.grad), "value_clip_fraction": vf_clipfrac.item(),
        "explained_variance": explained.item(),
    }


def kl_controller(beta, target, horizon, kls, n):
    # Ziegler et al. 2019 (TRL's AdaptiveKLController).
    out = []
    for kl in kls:
        error = min(max(kl / target - 1, -0.2), 0.2)
        beta *= 1 + error * n / horizon
        out.append(beta)
    return out


out = {
    "cases": [
        case([4, 2, 5], 0.1, 1.0, 0.95, "k1", 0.5, 0.2, 0.2, [True, False, True]),
        case([3, 6, 1, 4], 0.05, 0.9, 0.8, "k3", 1.0, 0.1, 0.15, [False, True, True, False]),
    ],
    "kl_controller": {"beta": 0.1, "target": 1.0, "horizon": 100.0, "samples": 16,
                      "kls": [0.5, 1.1, 3.0, 0.95, 0.0],
                      "betas": kl_controller(0.1, 1.0, 100.0, [0.5, 1.1, 3.0, 0.95, 0.0], 16)},
}
path = pathlib.Path(__file__).resolve().parents[1] / "ppo" / "reference.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print("wrote", path)
