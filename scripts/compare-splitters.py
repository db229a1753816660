#!/usr/bin/env python3
"""Compare stance's SentenceSplitter with NLTK Punkt and pySBD on the shared case table.

The table is Tests/StanceKitTests/Text/splitter-cases.json, the same file the Swift tests read.
For each case the script prints whether each splitter returns exactly the expected sentences
(each output sentence stripped of surrounding white space, empty ones dropped), then totals per
group and overall.

stance's sentences come from the Swift test `SentenceSplitterTests/export`, which writes them to
$STANCE_SPLITTER_DUMP when that variable is set; this script runs it with `swift test` unless
--stance-json names a file written earlier, or --no-stance skips stance.

Punkt uses NLTK's trained English model (`punkt_tab`) when its data is installed. Without it the
script falls back to an untrained `PunktSentenceTokenizer()` (it knows no abbreviations) and says
so; --download tries `nltk.download("punkt_tab")` first, which needs network access.

Usage:
    /work/venv/bin/python scripts/compare-splitters.py [--stance-json FILE | --no-stance]
        [--download] [--show-wrong] [--group NAME]
Needs: pip install nltk pysbd
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import OrderedDict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "Tests" / "StanceKitTests" / "Text" / "splitter-cases.json"


def load_punkt(download):
    """Returns (tokenize, label)."""
    import nltk
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    def have_model():
        try:
            nltk.data.find("tokenizers/punkt_tab/english/")
            return True
        except LookupError:
            return False

    if not have_model() and download:
        try:
            nltk.download("punkt_tab", quiet=True)
        except Exception as error:  # no network: fall back below
            print(f"note: nltk.download('punkt_tab') failed: {error}", file=sys.stderr)
    if have_model():
        return (lambda text: nltk.tokenize.sent_tokenize(text, language="english")), "punkt"
    untrained = PunktSentenceTokenizer()
    return untrained.tokenize, "punkt*"


def load_pysbd():
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    return segmenter.segment


def stance_sentences(args):
    """Returns {case id: [sentences]} from stance, or None when skipped."""
    if args.no_stance:
        return None
    if args.stance_json:
        path = Path(args.stance_json)
    else:
        handle, name = tempfile.mkstemp(suffix=".json", prefix="stance-split-")
        os.close(handle)
        path = Path(name)
        env = dict(os.environ, STANCE_SPLITTER_DUMP=str(path))
        command = ["swift", "test", "--filter", "SentenceSplitterTests/export"]
        print("running:", " ".join(command), file=sys.stderr)
        done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if done.returncode != 0 or path.stat().st_size == 0:
            print(done.stdout[-4000:], file=sys.stderr)
            sys.exit(f"swift test failed (exit {done.returncode}); use --stance-json FILE or --no-stance")
    rows = json.loads(path.read_text(encoding="utf-8"))
    return {row["name"][0]: row["sentences"] for row in rows}


def normalise(sentences):
    return [s.strip() for s in sentences if s.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stance-json", help="stance's sentences written earlier by the export test")
    parser.add_argument("--no-stance", action="store_true", help="compare Punkt and pySBD only")
    parser.add_argument("--download", action="store_true", help="try nltk.download('punkt_tab') first")
    parser.add_argument("--show-wrong", action="store_true", help="print the wrong outputs under each case")
    parser.add_argument("--group", help="only cases of this group")
    args = parser.parse_args()

    try:
        punkt, punkt_label = load_punkt(args.download)
        pysbd_segment = load_pysbd()
    except ImportError as error:
        sys.exit(f"{error}; install the peers with: pip install nltk pysbd")

    cases = json.loads(CASES.read_text(encoding="utf-8"))
    if args.group:
        cases = [c for c in cases if c["group"] == args.group]
    stance = stance_sentences(args)

    splitters = OrderedDict()
    if stance is not None:
        splitters["stance"] = lambda case: stance.get(f'{case["group"]}: {case["name"]}', ["<missing>"])
    splitters[punkt_label] = lambda case: punkt(case["input"])
    splitters["pysbd"] = lambda case: pysbd_segment(case["input"])

    names = list(splitters)
    width = max(len(f'{c["group"]}: {c["name"]}') for c in cases) if cases else 10
    print(f'{"case":<{width}}  ' + "  ".join(f"{n:>7}" for n in names))
    totals = {n: 0 for n in names}
    by_group = OrderedDict()
    for case in cases:
        label = f'{case["group"]}: {case["name"]}'
        outputs = {n: normalise(split(case)) for n, split in splitters.items()}
        right = {n: outputs[n] == case["expected"] for n in names}
        print(f"{label:<{width}}  " + "  ".join(f'{"ok" if right[n] else "WRONG":>7}' for n in names))
        if args.show_wrong:
            for n in names:
                if not right[n]:
                    print(f"    {n}: {json.dumps(outputs[n], ensure_ascii=False)}")
            if not all(right.values()):
                print(f'    expected: {json.dumps(case["expected"], ensure_ascii=False)}')
        group = by_group.setdefault(case["group"], {n: 0 for n in names} | {"cases": 0})
        group["cases"] += 1
        for n in names:
            totals[n] += right[n]
            group[n] += right[n]

    print()
    print(f'{"group":<22}{"cases":>6}  ' + "  ".join(f"{n:>7}" for n in names))
    for name, counts in by_group.items():
        print(f'{name:<22}{counts["cases"]:>6}  ' + "  ".join(f"{counts[n]:>7}" for n in names))
    print(f'{"all":<22}{len(cases):>6}  ' + "  ".join(f"{totals[n]:>7}" for n in names))
    if punkt_label == "punkt*":
        print("\npunkt* = untrained PunktSentenceTokenizer(): NLTK's punkt_tab data is not installed "
              "(nltk.download('punkt_tab') needs network; try --download).")


if __name__ == "__main__":
    main()
