#!/usr/bin/env python3
"""tiktoken's single-thread GPT-2 encode speed on a text file, for ceiling-bench's side-by-side figure.

Usage: python3 Benchmarks/tiktoken_encode.py --text FILE --ranks Tests/Fixtures/tokenizer/gpt2.tiktoken
Prints one JSON object: mb_per_s (best of --repeats), tokens, and checksum (h = h*1000003 + id mod 2^64
over the ids, so the caller can check that both implementations produced the same ids).
"""
import argparse, base64, json, time

import tiktoken

GPT2_PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--text", required=True)
    parser.add_argument("--ranks", required=True)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    ranks = {}
    with open(args.ranks, "rb") as f:
        for line in f.read().splitlines():
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    enc = tiktoken.Encoding(name="gpt2", pat_str=GPT2_PATTERN, mergeable_ranks=ranks,
                            special_tokens={"<|endoftext|>": 50256})
    with open(args.text, encoding="utf-8") as f:
        text = f.read()
    size_mb = len(text.encode("utf-8")) / 1e6
    best = float("inf")
    for _ in range(args.repeats):
        start = time.perf_counter()
        ids = enc.encode_ordinary(text)  # one thread
        best = min(best, time.perf_counter() - start)
    checksum = 0
    for i in ids:
        checksum = (checksum * 1000003 + i) % (1 << 64)
    print(json.dumps({"mb_per_s": size_mb / best, "tokens": len(ids), "checksum": checksum,
                      "tiktoken": tiktoken.__version__}))


if __name__ == "__main__":
    main()
