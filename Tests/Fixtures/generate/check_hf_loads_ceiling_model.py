#!/usr/bin/env python3
"""Checks that a model directory written by Ceiling loads in Hugging Face transformers and gives
the same logits as `ceiling model logits`.

  ceiling model logits --model DIR --ids 5,17,300,2 --output logits.safetensors
  python3 Tests/Fixtures/generate/check_hf_loads_ceiling_model.py DIR 5,17,300,2 logits.safetensors
"""
import sys

import torch
from safetensors.torch import load_file
from transformers import GPT2LMHeadModel

directory, ids, logits_file = sys.argv[1], [int(x) for x in sys.argv[2].split(",")], sys.argv[3]
model = GPT2LMHeadModel.from_pretrained(directory).eval()
with torch.no_grad():
    reference = model(torch.tensor([ids])).logits[0]
ceiling = load_file(logits_file)["logits"]
difference = (reference - ceiling).abs().max().item()
print(f"max |transformers - ceiling| = {difference:.3e}")
sys.exit(0 if difference < 1e-4 else 1)
