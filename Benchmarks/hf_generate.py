"""Hugging Face `generate` throughput on CPU, next to `ceiling-bench --only generate`.

A randomly initialized GPT2LMHeadModel (fp32) samples `--new-tokens` tokens for each of `--batch`
random prompts of `--prompt-len` tokens (do_sample, top-k, KV cache on); min_new_tokens equals
max_new_tokens so every sequence generates the same count. Prints one JSON line:
{"tokens_per_second": …, "seconds": …, "threads": …, "torch": …, "transformers": …}.
"""
import argparse
import json
import time

import torch
import transformers
from transformers import GPT2Config, GPT2LMHeadModel

parser = argparse.ArgumentParser()
parser.add_argument("--layers", type=int, default=4)
parser.add_argument("--width", type=int, default=256)
parser.add_argument("--heads", type=int, default=4)
parser.add_argument("--vocab", type=int, default=8192)
parser.add_argument("--context", type=int, default=256)
parser.add_argument("--batch", type=int, default=16)
parser.add_argument("--prompt-len", type=int, default=16)
parser.add_argument("--new-tokens", type=int, default=128)
parser.add_argument("--top-k", type=int, default=50)
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--repeats", type=int, default=2)
args = parser.parse_args()

torch.set_num_threads(args.threads)
torch.manual_seed(0)
config = GPT2Config(vocab_size=args.vocab, n_positions=args.context, n_embd=args.width, n_layer=args.layers,
                    n_head=args.heads, bos_token_id=0, eos_token_id=0)
model = GPT2LMHeadModel(config).eval()
prompts = torch.randint(1, args.vocab, (args.batch, args.prompt_len))
attention_mask = torch.ones_like(prompts)


def run():
    with torch.inference_mode():
        out = model.generate(prompts, attention_mask=attention_mask, do_sample=True, top_k=args.top_k,
                             max_new_tokens=args.new_tokens, min_new_tokens=args.new_tokens, pad_token_id=0)
    assert out.shape == (args.batch, args.prompt_len + args.new_tokens)


run()  # warm-up
best = float("inf")
for _ in range(args.repeats):
    start = time.perf_counter()
    run()
    best = min(best, time.perf_counter() - start)
print(json.dumps({"tokens_per_second": args.batch * args.new_tokens / best, "seconds": best, "threads": args.threads,
                  "torch": torch.__version__, "transformers": transformers.__version__}))
