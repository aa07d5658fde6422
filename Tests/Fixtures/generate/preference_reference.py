#!/usr/bin/env python3
"""Independent reference for `ceiling feedback stats`: reads the preference fixtures with
Python's json module and writes, for each, the validation report and label statistics that the
Swift implementation must reproduce (Tests/FeedbackTests/PreferenceValidationTests.swift).

Rules (docs/preference-data.md): format by keys; characters = len(str) (code points); words =
len(str.split()); blank = empty after str.strip(); rankings count as their k(k-1)/2 implied pairs.

Run from the repository root:  python3 Tests/Fixtures/generate/preference_reference.py
"""
import json
import os
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "preferences")
CASES = {"validation.jsonl": 50, "mixed.jsonl": 10_000}
LINE_LIMIT = 10


def text_of(value):
    """(characters, words, blank) of a string or a list of messages."""
    if isinstance(value, str):
        return len(value), len(value.split()), value.strip() == ""
    contents = [m["content"] for m in value]
    return (sum(len(c) for c in contents), sum(len(c.split()) for c in contents),
            all(c.strip() == "" for c in contents))


def detect(record):
    if "completions" in record:
        return "ranking"
    if "completion" in record:
        return "unpaired"
    values = [record.get("prompt"), record["chosen"], record["rejected"]]
    if any(isinstance(v, list) for v in values):
        return "conversational"
    return "standard" if "prompt" in record else "implicit"


KNOWN = ["prompt", "chosen", "rejected", "completion", "label", "completions", "ranking",
         "annotator", "family", "scores"]


def issue():
    return {"count": 0, "lines": []}


def note(summary, line, earlier=None):
    summary["count"] += 1
    if len(summary["lines"]) < LINE_LIMIT:
        summary["lines"].append(line)
        if earlier is not None:
            summary.setdefault("earlierLines", []).append(earlier)


def group():
    return {"records": 0, "countsByFormat": defaultdict(int), "comparedPairs": 0, "chosenLonger": 0,
            "sameLength": 0, "chosenCharacters": 0, "rejectedCharacters": 0, "chosenWords": 0,
            "rejectedWords": 0, "unpaired": 0, "unpairedGood": 0}


def add_to_group(g, record, fmt):
    g["records"] += 1
    g["countsByFormat"][fmt] += 1
    pairs = []
    if fmt == "unpaired":
        g["unpaired"] += 1
        g["unpairedGood"] += 1 if record["label"] else 0
    elif fmt == "ranking":
        ordered = [record["completions"][i] for i in record["ranking"]]
        pairs = [(ordered[i], ordered[j]) for i in range(len(ordered)) for j in range(i + 1, len(ordered))]
    else:
        pairs = [(record["chosen"], record["rejected"])]
    for chosen, rejected in pairs:
        c_chars, c_words, _ = text_of(chosen)
        r_chars, r_words, _ = text_of(rejected)
        g["comparedPairs"] += 1
        g["chosenCharacters"] += c_chars
        g["rejectedCharacters"] += r_chars
        g["chosenWords"] += c_words
        g["rejectedWords"] += r_words
        g["chosenLonger"] += c_chars > r_chars
        g["sameLength"] += c_chars == r_chars


def finish_group(g):
    n, u = g["comparedPairs"], g["unpaired"]
    mean = lambda total, count: total / count if count else 0.0
    return {
        "records": g["records"], "countsByFormat": dict(g["countsByFormat"]),
        "comparedPairs": n, "chosenLonger": g["chosenLonger"], "sameLength": g["sameLength"],
        "chosenLongerShare": mean(g["chosenLonger"], n),
        "meanChosenCharacters": mean(g["chosenCharacters"], n),
        "meanRejectedCharacters": mean(g["rejectedCharacters"], n),
        "meanChosenWords": mean(g["chosenWords"], n), "meanRejectedWords": mean(g["rejectedWords"], n),
        "unpaired": u, "unpairedGood": g["unpairedGood"], "goodLabelShare": mean(g["unpairedGood"], u),
    }


def summarize(path, max_characters):
    report = {"records": 0, "countsByFormat": defaultdict(int), "maxCharacters": max_characters,
              "duplicates": issue(), "emptyFields": {}, "identicalCompletions": issue(),
              "contradictions": issue(), "overLong": issue()}
    overall, by_family, by_annotator = group(), defaultdict(group), defaultdict(group)
    seen_records, seen_pairs = {}, {}
    with open(path, encoding="utf-8-sig") as f:
        for line_number, line in enumerate(f, start=1):
            if line.strip(" \t\r\n") == "":
                continue
            record = json.loads(line)
            fmt = detect(record)
            report["records"] += 1
            report["countsByFormat"][fmt] += 1
            canonical = json.dumps({k: record[k] for k in KNOWN if k in record}, sort_keys=True)
            if canonical in seen_records:
                note(report["duplicates"], line_number, seen_records[canonical])
            else:
                seen_records[canonical] = line_number
            texts = []

            def check(field, value):
                if value is None:
                    return
                texts.append(value)
                if text_of(value)[2]:
                    note(report["emptyFields"].setdefault(field, issue()), line_number)

            check("prompt", record.get("prompt"))
            if fmt == "unpaired":
                check("completion", record["completion"])
            elif fmt == "ranking":
                completions = record["completions"]
                texts.extend(completions)
                if any(text_of(c)[2] for c in completions):
                    note(report["emptyFields"].setdefault("completions", issue()), line_number)
                keys = [json.dumps(c, sort_keys=True) for c in completions]
                if len(set(keys)) < len(keys):
                    note(report["identicalCompletions"], line_number)
            else:
                check("chosen", record["chosen"])
                check("rejected", record["rejected"])
                chosen, rejected = record["chosen"], record["rejected"]
                if chosen == rejected:
                    note(report["identicalCompletions"], line_number)
                else:
                    key = lambda c, r: json.dumps([record.get("prompt"), c, r], sort_keys=True)
                    if key(rejected, chosen) in seen_pairs:
                        note(report["contradictions"], line_number, seen_pairs[key(rejected, chosen)])
                    seen_pairs.setdefault(key(chosen, rejected), line_number)
            if sum(text_of(t)[0] for t in texts) > max_characters:
                note(report["overLong"], line_number)
            for g in (overall, by_family[record.get("family", "(none)")],
                      by_annotator[record.get("annotator", "(none)")]):
                add_to_group(g, record, fmt)
    report["countsByFormat"] = dict(report["countsByFormat"])
    statistics = {"overall": finish_group(overall),
                  "byFamily": {k: finish_group(v) for k, v in by_family.items()},
                  "byAnnotator": {k: finish_group(v) for k, v in by_annotator.items()}}
    return {"validation": report, "statistics": statistics}


def main():
    out_dir = os.path.join(FIXTURES, "expected")
    os.makedirs(out_dir, exist_ok=True)
    for name, max_characters in CASES.items():
        summary = summarize(os.path.join(FIXTURES, name), max_characters)
        out = os.path.join(out_dir, name.replace(".jsonl", ".summary.json"))
        with open(out, "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=1, sort_keys=True)
            f.write("\n")
        print("wrote", os.path.relpath(out))


if __name__ == "__main__":
    main()
