#!/usr/bin/env python3
"""Golden GPT-2 token ids for the Tokenizer tests (issue 4).

README
------
Reference: the `tiktoken` package (pip install tiktoken; 0.14.0 was used), an
independent Rust implementation of byte-level BPE.

Vocabulary: `gpt2.tiktoken` from the `openai-whisper` source distribution on
PyPI (MIT licence, Copyright (c) 2022 OpenAI). The script fetches it with
    pip download --no-deps --no-binary :all: openai-whisper==20250625
extracts `whisper/assets/gpt2.tiktoken`, checks its SHA-256 and copies it to
Tests/Fixtures/tokenizer/gpt2.tiktoken (the Swift tests load it). The
special token `<|endoftext|>` = 50256 is added here, as GPT-2 does.

Output: Tests/Fixtures/tokenizer/gpt2_golden.json, a list of cases
{name, input_b64, allowed_special, ids, pieces_b64} (pieces_b64: the GPT-2
pattern's split of the whole input, ignoring special tokens). Inputs are stored as base64 bytes
because some are deliberately invalid UTF-8.

Invalid UTF-8: Ceiling treats each byte that is not part of a valid UTF-8
sequence as one character of the "other" class of the GPT-2 pattern
(`[^\\s\\p{L}\\p{N}]`). The reference for such inputs decodes the bytes with
Python's `surrogateescape` (each invalid byte becomes a lone surrogate, which
is in no letter/number/space class), splits with the GPT-2 pattern using the
`regex` package, and encodes each piece with tiktoken's byte-level BPE
(`Encoding._encode_single_piece`). The script checks that this pipeline agrees
with `Encoding.encode` on every valid-UTF-8 case. (tiktoken's private
`_encode_bytes` re-encodes everything after the first invalid byte as one
piece, which it documents as possibly incorrect; it is printed for
information only.)

Run from the repository root:  python3 Tests/Fixtures/generate/tokenizer_gpt2_golden.py
"""
import base64, hashlib, io, json, os, random, subprocess, sys, tarfile, tempfile

import regex
import tiktoken

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
OUT_DIR = os.path.join(ROOT, "Tests", "Fixtures", "tokenizer")
VOCAB = os.path.join(OUT_DIR, "gpt2.tiktoken")
VOCAB_SHA256 = "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930"
GPT2_PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
ENDOFTEXT = "<|endoftext|>"


def fetch_vocabulary():
    if os.path.exists(VOCAB):
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                        "openai-whisper==20250625", "-d", tmp], check=True)
        archive = [f for f in os.listdir(tmp) if f.endswith(".tar.gz")][0]
        with tarfile.open(os.path.join(tmp, archive)) as tar:
            member = [m for m in tar.getmembers() if m.name.endswith("whisper/assets/gpt2.tiktoken")][0]
            data = tar.extractfile(member).read()
    with open(VOCAB, "wb") as f:
        f.write(data)


def load_encoding():
    with open(VOCAB, "rb") as f:
        data = f.read()
    assert hashlib.sha256(data).hexdigest() == VOCAB_SHA256, "unexpected gpt2.tiktoken"
    ranks = {}
    for line in data.splitlines():
        token, rank = line.split()
        ranks[base64.b64decode(token)] = int(rank)
    return tiktoken.Encoding(name="gpt2-whisper", pat_str=GPT2_PATTERN, mergeable_ranks=ranks,
                             special_tokens={ENDOFTEXT: 50256}, explicit_n_vocab=50257)


def reference_on_bytes(enc, data):
    """GPT-2 split over bytes, invalid bytes as 'other' characters, then byte-level BPE per piece."""
    text = data.decode("utf-8", "surrogateescape")
    ids = []
    for piece in regex.findall(GPT2_PATTERN, text):
        ids.extend(enc._encode_single_piece(piece.encode("utf-8", "surrogateescape")))
    return ids


def cases():
    prose = ("It was the best of times, it was the worst of times, it was the age of wisdom, "
             "it was the age of foolishness... \"Don't,\" she said; they'd've LOVED it. I'm sure we'll see.")
    code = ("func fib(_ n: Int) -> Int {\n    if n < 2 { return n }\n    return fib(n - 1) + fib(n - 2)\n}\n"
            "def f(x):\n\treturn {'a': [1, 2.5e-3, -7], \"b\": None}  # comment\n")
    rng = random.Random(20240604)
    yield "empty", b"", []
    yield "single_space", b" ", []
    yield "prose", prose.encode(), []
    yield "code", code.encode(), []
    yield "numbers", "3.14159 2024-06-04 1,000,000 0x1F 12345678901234567890 -42 +7 1e10 ١٢٣ Ⅻ ½".encode(), []
    yield "whitespace_runs", "a  b   c\n\n\nd \t e\t\t\n  f   \n".encode(), []
    yield "trailing_spaces", "end with spaces   ".encode(), []
    yield "leading_newlines", "\n\n  \n hello".encode(), []
    yield "unicode_spaces", "a\u00a0b\u3000c\u2028d\u0085e\x1cf \u00a0 g\u2003\u2003h".encode(), []
    yield "contractions", "I'm you're they've we'll he'd it's don't 'S 'LL ''s x's 's'".encode(), []
    yield "emoji", "Great job 👍🏽! 👨‍👩‍👧‍👦 family 🇫🇷 flag ❤️‍🔥 🎉🎉🎉".encode(), []
    yield "cjk", "東京は日本の首都です。我爱自然语言处理！한국어 텍스트 テスト".encode(), []
    yield "mixed_scripts", "naïve café e\u0301 Ελληνικά русский текст हिन्दी العربية עברית".encode(), []
    yield "long_word", ("a" * 3000).encode(), []
    yield "long_random_word", "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(2000)).encode(), []
    yield "long_punctuation", ("=-" * 700 + "!?").encode(), []
    yield "endoftext_not_allowed", f"Hello{ENDOFTEXT}world {ENDOFTEXT} end".encode(), []
    yield "endoftext_allowed", f"Hello{ENDOFTEXT}world {ENDOFTEXT} end{ENDOFTEXT}".encode(), [ENDOFTEXT]
    yield "endoftext_only_allowed", ENDOFTEXT.encode(), [ENDOFTEXT]
    yield "invalid_lone_bytes", b"abc\xff\xfe def \x80 ghi", []
    yield "invalid_truncated_sequence", "caf\u00e9".encode()[:-1] + b" ok \xe6\x97" + " 日本".encode(), []
    yield "invalid_overlong_and_surrogate", b"x \xc0\xaf y \xed\xa0\x80 z \xf4\x90\x80\x80!", []
    yield "invalid_in_word", b"hel\x80lo wor\xffld\xfe\xfe", []
    for i in range(6):
        yield f"random_bytes_{i}", bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300))), []
    ascii_soup = "".join(rng.choice("ab cd\n\t'sx0189.,!?-_()[]{}") for _ in range(1500))
    yield "ascii_soup", ascii_soup.encode(), []


def main():
    fetch_vocabulary()
    enc = load_encoding()
    out = []
    for name, data, allowed in cases():
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is not None:
            ids = enc.encode(text, allowed_special=set(allowed), disallowed_special=())
            if not allowed:
                assert ids == reference_on_bytes(enc, data), f"reference pipeline disagrees on {name}"
        else:
            assert not allowed
            ids = reference_on_bytes(enc, data)
            private = enc._encode_bytes(data)
            if private != ids:
                print(f"note: tiktoken _encode_bytes differs on {name} (expected, see README)")
        assert enc.decode_bytes(ids) == data, f"round trip failed on {name}"
        pieces = [base64.b64encode(p.encode("utf-8", "surrogateescape")).decode()
                  for p in regex.findall(GPT2_PATTERN, data.decode("utf-8", "surrogateescape"))]
        out.append({"name": name, "input_b64": base64.b64encode(data).decode(),
                    "allowed_special": allowed, "ids": ids, "pieces_b64": pieces})
    with open(os.path.join(OUT_DIR, "gpt2_golden.json"), "w") as f:
        json.dump({"source": "tiktoken " + tiktoken.__version__ + ", gpt2.tiktoken from openai-whisper 20250625",
                   "pattern": GPT2_PATTERN, "cases": out}, f, indent=1)
        f.write("\n")
    print(f"wrote {len(out)} cases")


if __name__ == "__main__":
    main()
