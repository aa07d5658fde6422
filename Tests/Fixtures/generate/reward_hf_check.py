"""Checks that a Ceiling reward model directory loads in Hugging Face and scores as Ceiling does.

Usage: python3 Tests/Fixtures/generate/reward_hf_check.py MODEL_DIR INPUT.jsonl SCORES.jsonl
where SCORES.jsonl is `ceiling reward score --model MODEL_DIR --input INPUT.jsonl --raw`.
Loads MODEL_DIR with GPT2ForSequenceClassification.from_pretrained (no missing or unexpected
keys allowed), formats each line with the template in reward_config.json plus <|endoftext|>,
and compares the logits with Ceiling's raw rewards.
"""
import json
import pathlib
import sys

import torch
from tokenizers import Tokenizer
from transformers import GPT2ForSequenceClassification

model_dir, input_path, scores_path = map(pathlib.Path, sys.argv[1:4])
model, info = GPT2ForSequenceClassification.from_pretrained(model_dir, output_loading_info=True)
assert not info["missing_keys"] and not info["unexpected_keys"], info
model.eval()
settings = json.loads((model_dir / "reward_config.json").read_text())
template = settings["format"]["template"]
tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
eot = tokenizer.token_to_id("<|endoftext|>")
worst = 0.0
for line, scored in zip(input_path.read_text().splitlines(), scores_path.read_text().splitlines()):
    item = json.loads(line)
    completion = item["completion"].split("<|endoftext|>")[0].strip()
    text = template.replace("{prompt}", item["prompt"]).replace("{completion}", completion)
    ids = tokenizer.encode(text).ids + [eot]
    ids = ids[-model.config.n_positions:]
    with torch.no_grad():
        logit = model(torch.tensor([ids])).logits[0, 0].item()
    worst = max(worst, abs(logit - json.loads(scored)["reward"]))
print(f"max |hf - ceiling| = {worst:.2e}")
assert worst < 1e-4
