#!/usr/bin/env python3
"""Splits written stance batches into Data/stance/{train,dev,test}.tsv (70/15/15).

Usage: scripts/split-corpus.py OUT_DIR BATCH.tsv [BATCH.tsv ...]

Stratified by (batch, label): each batch covers its own topics, so every topic group and
every label is spread over the three splits in the same proportions. The shuffle uses a
fixed seed (random.Random(20261129)), so the split is reproducible. Run once when the corpus
was written; the split files are the corpus from then on. A later batch (600 sentences of
neutral reporting with loaded vocabulary and stance without the usual verbs) was split the same
way on its own and appended to the three files, so the earlier splits were not reshuffled.
"""
import random
import sys
from collections import defaultdict


def main(out_dir, paths):
    rng = random.Random(20261129)
    groups = defaultdict(list)
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if line:
                    groups[(path, line.split("\t", 1)[0])].append(line)
    splits = {"train": [], "dev": [], "test": []}
    for key in sorted(groups):
        lines = groups[key]
        rng.shuffle(lines)
        n = len(lines)
        n_test = round(n * 0.15)
        n_dev = round(n * 0.15)
        splits["test"] += lines[:n_test]
        splits["dev"] += lines[n_test:n_test + n_dev]
        splits["train"] += lines[n_test + n_dev:]
    for name, lines in splits.items():
        rng.shuffle(lines)
        with open(f"{out_dir}/{name}.tsv", "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        print(name, len(lines))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
