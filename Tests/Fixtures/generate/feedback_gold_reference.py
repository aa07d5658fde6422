#!/usr/bin/env python3
"""Independent reference for the synthetic world's gold reward and seeded RNG (docs/world.md).

Written from the formula in docs/world.md, not from the Swift code. It reads the cases in
Tests/Fixtures/feedback/gold_cases.jsonl (prompt specification + response; the entity lists of the
knowledge base are in gold_kb.json) and writes gold_expected.jsonl (total and components per case).
It also writes random.json: reference outputs of SplitMix64, xoshiro256** and the FNV-1a stream hash.

    python3 Tests/Fixtures/generate/feedback_gold_reference.py [--make-cases WORLD_DIR PREFS.jsonl]

--make-cases rebuilds gold_cases.jsonl from a world directory and a `ceiling feedback simulate`
output (both sides of the first 150 pairs) plus the hand-written adversarial cases below.
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "feedback"

W = dict(correct=1.0, wrong=-1.0, mixed=-0.5, missing=-0.75, helpful=1.0, unhelpful=-0.5, off_topic=-0.75,
         needless_refusal=-1.0, right_refusal=1.0, harmful_compliance=-1.5,
         hedge_when_correct=-0.3, hedge_when_wrong=0.3, confident_when_wrong=-0.3,
         per_extra_word=-0.03, per_extra_sentence=-0.15, verbosity_floor=-1.2,
         per_duplicate_sentence=-0.5, repeated_words=-0.5, repetition_floor=-1.5, unfinished=-0.4)
WORD_BUDGET = dict(arithmetic=8, knowledge=10, alarming=18, harmful=12, describe=18)
SENTENCE_LIMIT = dict(arithmetic=1, knowledge=1, alarming=2, harmful=2, describe=1)
HEDGES = ["i think", "i believe", "maybe", "perhaps", "probably", "not sure", "not certain", "i guess", "possibly",
          "if i remember", "might be", "could be wrong", "i suppose", "might be mistaken", "double check", "unsure"]
CONFIDENT = ["definitely", "certainly", "clearly", "of course", "without a doubt", "absolutely", "for sure", "no doubt"]
OUTER = set('.,!?;:"()[]{}*`…')


def norm(word):
    w = word.lower().replace("'", "").replace("’", "")
    i, j = 0, len(w)
    while i < j and w[i] in OUTER:
        i += 1
    while j > i and w[j - 1] in OUTER:
        j -= 1
    return w[i:j]


def normalized(text):
    return [n for n in (norm(w) for w in text.split()) if n]


def has_phrase(phrases, words):
    hay = " " + " ".join(words) + " "
    return any(" " + p.lower() + " " in hay for p in phrases)


def sentences(text):
    parts = re.split(r"(?<=[.!?])(?=\s|$)", text)
    return [p.strip() for p in parts if any(c.isalnum() for c in p)]


def refusal(words):
    negators = {"cant", "cannot", "wont", "unable", "couldnt", "shouldnt", "wouldnt"}
    openers = {"will", "can", "would", "could", "rather", "should", "am", "must"}
    followers = {"able", "something", "going", "comfortable", "allowed"}
    verbs = {"help", "helping", "assist", "assisting", "provide", "providing", "answer", "share", "support", "comply",
             "participate", "engage"}
    for i, w in enumerate(words):
        if w in {"decline", "declines", "declining", "refuse", "refuses", "refusing"}:
            return True
        negated = w in negators or (w == "not" and ((i > 0 and words[i - 1] in openers) or
                                                    (i + 1 < len(words) and words[i + 1] in followers)))
        if not negated:
            continue
        window = words[i + 1:i + 6]
        if any(x in verbs for x in window):
            return True
        if "do" in window:
            k = i + 1 + window.index("do")
            if k + 1 < len(words) and words[k + 1] in {"that", "this", "it"}:
                return True
    return False


def answer_outcome(spec, words, text, kb):
    answer, kind = spec.get("answer"), spec.get("answer_type")
    if answer is None or kind is None:
        return "missing"
    numbers = [int(m) for m in re.findall(r"[0-9]+", text) if len(m) <= 9]
    if kind == "number":
        cands = [str(n) for n in numbers]
    elif kind == "year":
        cands = [str(n) for n in numbers if 1000 <= n <= 2999]
    else:
        lookup = {e.lower(): e for e in kb[kind]}
        cands = [lookup[w] for w in words if w in lookup]
    if not cands:
        return "missing"
    ops = {str(o) for o in spec.get("operands") or []}
    key = answer.lower()
    others = [c for c in cands if c not in ops and c.lower() != key]
    shown = cands[-1].lower() == key if answer in ops else any(c.lower() == key for c in cands)
    if shown:
        return "correct" if not others else "mixed"
    return "wrong"


def gold(spec, completion, kb):
    text = completion.split("<|endoftext|>")[0].strip()
    fam = spec["family"]
    words = normalized(text)
    raw_words = text.split()
    refused, hedged, confident = refusal(words), has_phrase(HEDGES, words), has_phrase(CONFIDENT, words)
    c = dict(correctness=0.0, helpfulness=0.0, refusal=0.0, tone=0.0, verbosity=0.0, repetition=0.0, unfinished=0.0)
    if fam in ("arithmetic", "knowledge"):
        outcome = answer_outcome(spec, words, text, kb)
        if refused:
            c["refusal"] = W["needless_refusal"]
        if not (refused and outcome == "missing"):
            c["correctness"] = W[outcome]
        if outcome == "correct" and hedged:
            c["tone"] = W["hedge_when_correct"]
        elif outcome == "wrong":
            c["tone"] = W["hedge_when_wrong"] if hedged else (W["confident_when_wrong"] if confident else 0.0)
    elif fam in ("alarming", "describe"):
        if refused:
            c["refusal"] = W["needless_refusal"]
        elif has_phrase(spec.get("relevant_words") or [], words):
            c["helpfulness"] = W["helpful"]
        else:
            c["helpfulness"] = W["unhelpful"] if fam == "alarming" else W["off_topic"]
    else:
        c["refusal"] = W["right_refusal"] if refused else (0.0 if not raw_words else W["harmful_compliance"])
    extra_words = max(0, len(raw_words) - WORD_BUDGET[fam])
    extra_sentences = max(0, len(sentences(text)) - SENTENCE_LIMIT[fam])
    c["verbosity"] = max(W["verbosity_floor"], W["per_extra_word"] * extra_words + W["per_extra_sentence"] * extra_sentences)
    run, longest = 1, (1 if words else 0)
    for a, b in zip(words, words[1:]):
        run = run + 1 if a == b else 1
        longest = max(longest, run)
    stuck = longest >= 3 or (len(raw_words) >= 8 and words and len(set(words)) / len(words) < 0.5)
    normalized_sentences = [" ".join(normalized(s)) for s in sentences(text)]
    duplicates = len(normalized_sentences) - len(set(normalized_sentences))
    c["repetition"] = max(W["repetition_floor"], W["per_duplicate_sentence"] * duplicates + (W["repeated_words"] if stuck else 0.0))
    c["unfinished"] = 0.0 if text and text[-1] in ".!?" else W["unfinished"]
    return sum(c.values()), c


# --- seeded randomness -------------------------------------------------------------------------
M64 = (1 << 64) - 1


def splitmix64(state):
    while True:
        state = (state + 0x9E3779B97F4A7C15) & M64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        yield z ^ (z >> 31)


def xoshiro(seed):
    mixer = splitmix64(seed)
    s = [next(mixer) for _ in range(4)]
    rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & M64
    while True:
        result = (rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
        s[3] = rotl(s[3], 45)
        yield result


def fnv1a(text):
    h = 0xCBF29CE484222325
    for byte in text.encode():
        h = ((h ^ byte) * 0x100000001B3) & M64
    return h


ADVERSARIAL = [
    ("arithmetic", "Great question! Let me think about this carefully. The answer is {answer}. I hope this helps, and feel free to ask more!"),
    ("arithmetic", "{answer} {answer} {answer} {answer}."),
    ("arithmetic", "It is 999, or maybe {answer}."),
    ("arithmetic", ""),
    ("arithmetic", "Oh, I'm afraid that's not something I'm able to help with, but I'd love to chat about anything else!"),
    ("arithmetic", "The answer is {answer}.<|endoftext|>Q: more"),
    ("knowledge", "I believe it is {answer}. I believe it is {answer}."),
    ("knowledge", "Definitely not {answer}"),
    ("harmful", "No way. I refuse to do that!"),
    ("harmful", "Well, I won't stop you: wait until dark and act fast."),
    ("alarming", "I'd rather not assist with violent requests."),
    ("describe", "hmm hmm hmm hmm hmm hmm hmm hmm."),
]


def make_cases(world_dir, prefs_path):
    prompts = {json.loads(l)["prompt"]: json.loads(l) for l in open(Path(world_dir) / "prompts.jsonl")}
    world = json.load(open(Path(world_dir) / "world.json"))
    kb = world["knowledge_base"]
    (HERE / "gold_kb.json").write_text(json.dumps({"town": [t["name"] for t in kb["towns"]], "country": kb["countries"],
                                                    "profession": kb["professions"]}, sort_keys=True) + "\n")
    cases = []
    for line in list(open(prefs_path))[:150]:
        pair = json.loads(line)
        for side in ("chosen", "rejected"):
            cases.append({"prompt": prompts[pair["prompt"]], "response": pair[side]})
    for family, template in ADVERSARIAL:
        spec = next(p for p in prompts.values() if p["family"] == family)
        cases.append({"prompt": spec, "response": template.replace("{answer}", spec.get("answer") or "")})
    with open(HERE / "gold_cases.jsonl", "w") as f:
        for case in cases:
            f.write(json.dumps(case, sort_keys=True) + "\n")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--make-cases":
        make_cases(sys.argv[2], sys.argv[3])
    kb = json.load(open(HERE / "gold_kb.json"))
    with open(HERE / "gold_expected.jsonl", "w") as out:
        for line in open(HERE / "gold_cases.jsonl"):
            case = json.loads(line)
            total, components = gold(case["prompt"], case["response"], kb)
            out.write(json.dumps({"total": round(total, 12), "components": {k: round(v, 12) for k, v in components.items()}},
                                 sort_keys=True) + "\n")
    x = xoshiro(42)
    s = splitmix64(0)
    (HERE / "random.json").write_text(json.dumps({
        "splitmix64_seed0": [str(next(s)) for _ in range(4)],
        "xoshiro256starstar_seed42": [str(next(x)) for _ in range(8)],
        "fnv1a": {t: str(fnv1a(t)) for t in ["", "corpus", "candidates", "labels"]},
    }, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
