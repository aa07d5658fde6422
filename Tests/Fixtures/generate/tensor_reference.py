#!/usr/bin/env python3
"""Small references for the Tensor module, written to Tests/Fixtures/tensor/:

  dtypes.safetensors   the same values stored as F32, F16 and BF16 by the `safetensors` package
  rng.json             the first outputs of xoshiro256** seeded through SplitMix64, computed here
                       independently of the Swift code (Blackman & Vigna's reference algorithm)

Run:  pip install numpy torch safetensors && python3 Tests/Fixtures/generate/tensor_reference.py
"""
import json
import os

import torch
from safetensors.torch import save_file

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tensor")
os.makedirs(OUT, exist_ok=True)
MASK = (1 << 64) - 1

values = torch.tensor([[0.0, 1.0, -2.5], [3.140625, -0.0078125, 65504.0]])
save_file({"f32": values.float(), "f16": values.half(), "bf16": values.bfloat16(), "scalar": torch.tensor(7.0)},
          os.path.join(OUT, "dtypes.safetensors"))

def splitmix64_words(seed, n):
    words = []
    for _ in range(n):
        seed = (seed + 0x9E3779B97F4A7C15) & MASK
        z = seed
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        words.append(z ^ (z >> 31))
    return words

def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK

def xoshiro256starstar(state, n):
    s = list(state)
    out = []
    for _ in range(n):
        out.append((rotl((s[1] * 5) & MASK, 7) * 9) & MASK)
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
        s[3] = rotl(s[3], 45)
    return out

with open(os.path.join(OUT, "rng.json"), "w") as f:
    json.dump({"seed": 42, "outputs": [str(x) for x in xoshiro256starstar(splitmix64_words(42, 4), 8)]}, f, indent=1)
print("wrote", os.path.normpath(OUT))
