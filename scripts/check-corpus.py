#!/usr/bin/env python3
"""Checks stance corpus files (label<TAB>sentence) against the corpus rules.

Usage: scripts/check-corpus.py FILE [FILE ...]

Rules (the Swift test `StanceCorpusTests` checks the same on the shipped splits):
  1. Format: every line is `label<TAB>sentence`, label in {condemnation, support, analysis},
     sentence non-empty, no tab inside it, no leading/trailing space.
  2. Balance: no class under 25% of the lines.
  3. Near duplicates: for any two sentences with lower-cased word sets A and B,
     |A & B| / min(|A|, |B|) <= 0.8.
  4. Verb cues: a word stem is a cue for class c when at least 60% of the sentences that
     contain it are in class c; no cue stem (outside the stop list) may occur in more
     than 10% of the sentences of class c.
Exit 0 when all hold, 1 otherwise; each violation is printed as FILE:LINE: message.
"""
import re
import sys
from collections import defaultdict

LABELS = ("condemnation", "support", "analysis")
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
STOP = set("""a an the and or but of to in on at for by with from as is are was were be been being
it its this that these those he she they them his her their we our you your i not no nor than then
so such has have had do does did will would could should may might can about after before over
under into out up down off again further also more most other some any each both all few own same
very just only said says say saying while when where which who whom whose what why how there here
because until against between through during above below per new one two three""".split())


def stem(word: str) -> str:
    w = word.split("'")[0]
    for suffix in ("ing", "ed", "es", "s", "d"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def main(paths):
    rows = []  # (path, line, label, words)
    ok = True
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n")
                parts = line.split("\t")
                if len(parts) != 2 or parts[0] not in LABELS or not parts[1].strip() \
                        or parts[1] != parts[1].strip():
                    print(f"{path}:{n}: expected 'label<TAB>sentence' with label in {LABELS}")
                    ok = False
                    continue
                words = set(WORD.findall(parts[1].lower()))
                rows.append((path, n, parts[0], words))
    total = len(rows)
    counts = defaultdict(int)
    for r in rows:
        counts[r[2]] += 1
    for label in LABELS:
        share = counts[label] / total if total else 0
        print(f"{label}: {counts[label]} ({share:.1%})")
        if share < 0.25:
            print(f"balance: {label} is under 25%")
            ok = False
    # near duplicates, via an inverted index on rare-ish words
    index = defaultdict(list)
    for i, r in enumerate(rows):
        for w in r[3]:
            index[w].append(i)
    dups = 0
    for i, r in enumerate(rows):
        shared = defaultdict(int)
        for w in r[3]:
            for j in index[w]:
                if j > i:
                    shared[j] += 1
        for j, s in shared.items():
            denom = min(len(r[3]), len(rows[j][3]))
            if denom and s / denom > 0.8:
                o = rows[j]
                print(f"{r[0]}:{r[1]}: shares {s}/{denom} words with {o[0]}:{o[1]}")
                dups += 1
                ok = False
    # verb cues
    df = defaultdict(lambda: defaultdict(int))
    for r in rows:
        for s in {stem(w) for w in r[3] if w not in STOP}:
            df[s][r[2]] += 1
    for s, per in df.items():
        n = sum(per.values())
        for label, c in per.items():
            if c / n >= 0.6 and counts[label] and c / counts[label] > 0.10:
                print(f"cue: '{s}' in {c} of {counts[label]} {label} sentences "
                      f"({c / counts[label]:.1%} > 10%)")
                ok = False
    print(f"{total} sentences, {dups} near-duplicate pairs: {'OK' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
