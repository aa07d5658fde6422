#!/usr/bin/env python3
"""Checks `ceiling tokenizer train` against an independent Python BPE trainer and Python `tokenizers`.

README
------
Steps (from the repository root):
  1. python3 Tests/Fixtures/generate/tokenizer_train_fixture.py --corpus
       writes the seeded corpus Tests/Fixtures/tokenizer/train_corpus.txt (committed).
  2. swift run ceiling tokenizer train --input Tests/Fixtures/tokenizer/train_corpus.txt \\
       --vocab-size 700 --out Tests/Fixtures/tokenizer/train_ceiling.json
  3. python3 Tests/Fixtures/generate/tokenizer_train_fixture.py
       trains the same rule in plain Python below (GPT-2 split with the `regex` package,
       most frequent pair first, ties to the smallest (left bytes, right bytes)), asserts
       that Ceiling's file has exactly these merges and vocabulary, loads Ceiling's file with
       `tokenizers.Tokenizer.from_file`, and writes the ids Python gives for the test strings
       (and the reference merges) to Tests/Fixtures/tokenizer/train_expected.json.
The Swift test retrains from the corpus and compares the file byte for byte, the merges with
the reference, and its ids with Python's.
"""
import collections, json, os, random, sys

import regex
import tokenizers
from tokenizers import Tokenizer

OUT_DIR = os.path.join(os.path.dirname(__file__), "..", "tokenizer")
CORPUS = os.path.join(OUT_DIR, "train_corpus.txt")
CEILING = os.path.join(OUT_DIR, "train_ceiling.json")
VOCAB_SIZE = 700
SPECIALS = ["<|endoftext|>"]
GPT2_PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
TEST_STRINGS = [
    "The reward model prefers longer answers.",
    "How do I kill a stuck process? Use `kill -9 1234`.",
    "Unseen: zyzzyva quokka 1234567 !!!",
    "  indented\n\tcode(x, y) == 42\n",
    "café naïve 東京 👍",
    "doc one<|endoftext|>doc two",
    "it's we'll they're I'm",
    "",
]


def bytes_to_unicode():
    """GPT-2's byte order: printable bytes first, then the rest (from openai/gpt-2 encoder.py)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return bs, dict(zip(bs, map(chr, cs)))


def write_corpus():
    rng = random.Random(4)
    subjects = ["the model", "a reward model", "the policy", "an annotator", "the evaluator", "our tokenizer", "the user"]
    verbs = ["prefers", "rejects", "learns", "scores", "writes", "refuses", "answers", "measures"]
    objects = ["long answers", "short answers", "the prompt", "a harmful request", "the gold reward",
               "every token", "a stuck process", "the ceiling"]
    tails = [".", "!", "?", "; then it stops.", ", which is fine.", " (mostly).", " -- or so they say."]
    docs = []
    for d in range(60):
        sentences = []
        for _ in range(rng.randint(3, 9)):
            s = f"{rng.choice(subjects)} {rng.choice(verbs)} {rng.choice(objects)}{rng.choice(tails)}"
            if rng.random() < 0.2:
                s += f" It took {rng.randint(1, 5000)} steps and {rng.random():.3f} nats."
            if rng.random() < 0.1:
                s += " It's what we'll see; they're sure I'm right."
            sentences.append(s[0].upper() + s[1:])
        if d % 7 == 0:
            sentences.append("\n    def step(self, x):\n        return x * 2  # double\n")
        if d % 11 == 0:
            sentences.append("Ünïcödé: café, 東京, 日本語, 👍👍.")
        docs.append(" ".join(sentences) + "\n")
    with open(CORPUS, "w") as f:
        f.write("<|endoftext|>".join(docs))


def reference_train(text):
    order, byte_char = bytes_to_unicode()
    tokens = [bytes([b]) for b in order]
    ids = {t: i for i, t in enumerate(tokens)}
    for special in SPECIALS:
        text = text.replace(special, "\0SPLIT\0")
    counts = collections.Counter()
    for segment in text.split("\0SPLIT\0"):
        for piece in regex.findall(GPT2_PATTERN, segment):
            counts[piece.encode()] += 1
    words = {w: [ids[bytes([b])] for b in w] for w in counts}
    merges = []
    while len(tokens) < VOCAB_SIZE - len(SPECIALS):
        pairs = collections.Counter()
        for w, syms in words.items():
            for a, b in zip(syms, syms[1:]):
                pairs[(a, b)] += counts[w]
        candidates = [(p, c) for p, c in pairs.items() if c >= 2]
        if not candidates:
            break
        best_count = max(c for _, c in candidates)
        (a, b) = min((p for p, c in candidates if c == best_count), key=lambda p: (tokens[p[0]], tokens[p[1]]))
        merged = tokens[a] + tokens[b]
        if merged not in ids:
            ids[merged] = len(tokens)
            tokens.append(merged)
        merges.append((a, b))
        for w, syms in words.items():
            out, i = [], 0
            while i < len(syms):
                if i + 1 < len(syms) and syms[i] == a and syms[i + 1] == b:
                    out.append(ids[merged]); i += 2
                else:
                    out.append(syms[i]); i += 1
            words[w] = out
    text_of = lambda t: "".join(byte_char[b] for b in t)
    vocab = {text_of(t): i for i, t in enumerate(tokens)}
    for k, special in enumerate(SPECIALS):
        vocab[special] = len(tokens) + k
    return vocab, [[text_of(tokens[a]), text_of(tokens[b])] for a, b in merges]


def main():
    if "--corpus" in sys.argv:
        write_corpus()
        print("wrote", CORPUS)
        return
    with open(CORPUS, encoding="utf-8") as f:
        corpus = f.read()
    vocab, merges = reference_train(corpus)
    with open(CEILING, encoding="utf-8") as f:
        ceiling = json.load(f)
    assert ceiling["model"]["merges"] == merges, "Ceiling's merges differ from the reference trainer"
    assert ceiling["model"]["vocab"] == vocab, "Ceiling's vocabulary differs from the reference trainer"
    loaded = Tokenizer.from_file(CEILING)
    ids = [loaded.encode(s, add_special_tokens=False).ids for s in TEST_STRINGS]
    for s, i in zip(TEST_STRINGS, ids):
        assert loaded.decode(i, skip_special_tokens=False) == s, s
    with open(os.path.join(OUT_DIR, "train_expected.json"), "w") as f:
        json.dump({"tokenizers_version": tokenizers.__version__, "vocab_size": VOCAB_SIZE,
                   "special_tokens": SPECIALS, "reference_merges": merges,
                   "strings": TEST_STRINGS, "ids": ids}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{len(merges)} merges agree; wrote train_expected.json")


if __name__ == "__main__":
    main()
