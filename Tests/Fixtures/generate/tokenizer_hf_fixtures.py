#!/usr/bin/env python3
"""Small Hugging Face tokenizer.json files and their ids, for the Tokenizer loading tests (issue 4).

README
------
Reference: the Python `tokenizers` package (pip install tokenizers; 0.23.3 was used).
It trains a tiny byte-level BPE on the inline corpus below, adds the special
token <|endoftext|> and the ordinary added token <sep-mark>, and saves:

  hf_pairs.json          merges in the ["a", "b"] pair form (what tokenizers saves)
  hf_strings.json        the same tokenizer with merges in the older "a b" string form
  hf_prefix_space.json   the same, with ByteLevel add_prefix_space = true
  hf_expected.json       for each file, the ids Python gives for each test string

Python matches added tokens (special or not) everywhere, so the Swift tests
allow <|endoftext|> when comparing. The script checks that both merge forms
load in Python and encode identically.

Run from the repository root:  python3 Tests/Fixtures/generate/tokenizer_hf_fixtures.py
"""
import json, os

import tokenizers
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

OUT_DIR = os.path.join(os.path.dirname(__file__), "..", "tokenizer")

CORPUS = [
    "The quick brown fox jumps over the lazy dog. The dog sleeps; the fox runs away.",
    "Tokenizers split text into pieces, and byte-level BPE merges the most frequent pairs first.",
    "Numbers like 2024, 3.14159 and 1,000,000 appear in text too.",
    "    def encode(self, text):\n        return [self.vocab[t] for t in text]\n",
    "Don't worry: we'll see they're fine, it's ok, I'm sure you've done it.",
    "Ünïcödé text: café, naïve, 東京, 日本語, emoji 👍 and more 👍.",
] * 3

TEST_STRINGS = [
    "The quick brown fox.",
    "the lazy dog sleeps   and the fox runs",
    "Unseen words: zyzzyva, quux, xylophone!",
    "Numbers 42 and 3.14159, 1,000,000.",
    "  leading spaces and trailing   ",
    "line one\nline two\n\n\ttabbed",
    "café 東京 👍 naïve",
    "Hello<|endoftext|>world <|endoftext|> again",
    "split<sep-mark>here <sep-mark> too",
    "it's they're we'll I'm you've",
    "",
]


def main():
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=420, special_tokens=["<|endoftext|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tokenizer.train_from_iterator(CORPUS, trainer=trainer)
    tokenizer.add_tokens(["<sep-mark>"])

    pairs = json.loads(tokenizer.to_str())
    assert all(isinstance(m, list) for m in pairs["model"]["merges"]), "expected pair-form merges"
    strings = json.loads(json.dumps(pairs))
    strings["model"]["merges"] = [" ".join(m) for m in pairs["model"]["merges"]]
    prefix = json.loads(json.dumps(pairs))
    prefix["pre_tokenizer"]["add_prefix_space"] = True

    files = {"hf_pairs.json": pairs, "hf_strings.json": strings, "hf_prefix_space.json": prefix}
    expected = {"tokenizers_version": tokenizers.__version__, "strings": TEST_STRINGS, "ids": {}}
    for name, content in files.items():
        path = os.path.join(OUT_DIR, name)
        with open(path, "w") as f:
            json.dump(content, f, ensure_ascii=False, indent=1)
            f.write("\n")
        loaded = Tokenizer.from_file(path)
        expected["ids"][name] = [loaded.encode(s, add_special_tokens=False).ids for s in TEST_STRINGS]
    assert expected["ids"]["hf_pairs.json"] == expected["ids"]["hf_strings.json"]
    with open(os.path.join(OUT_DIR, "hf_expected.json"), "w") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("wrote", ", ".join(files), "and hf_expected.json")


if __name__ == "__main__":
    main()
