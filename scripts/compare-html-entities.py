#!/usr/bin/env python3
"""Compares stance's HTML character-reference decoding with Python's html.unescape.

Every named reference in the table (with `;`, and for legacy names also without it and before a
letter or digit) and 3,000 seeded random numeric ones (decimal and hex, with and without `;`,
across ASCII, C1, surrogates, non-characters, astral planes and out of range) are put in one
paragraph each, between `q` and `z`, read with `stance classify --sentences --input html` (one
unit per paragraph), and compared with html.unescape (white space collapsed, the soft hyphen
removed, as HTMLText documents). Prints the counts and every mismatch; exit 1 on any.

Usage: scripts/compare-html-entities.py [path/to/stance]   (default .build/debug/stance)
"""
import html
import json
import random
import re
import subprocess
import sys

stance = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/stance"
table = open("Sources/StanceKit/Text/HTMLEntities.swift", encoding="utf-8").read()
names = re.findall(r'"([A-Za-z0-9]+)": 0x', table.split("static let legacy")[0])
legacy = set(re.findall(r'"([A-Za-z0-9]+)"', table.split("static let legacy")[1].split("]")[0]))
refs = []
for name in names:
    refs.append("&%s;" % name)
    if name in legacy:
        refs += ["&%s" % name, "&%sx" % name, "&%s2;" % name]
rng = random.Random(7)
for _ in range(3000):
    value = rng.choice([rng.randrange(0, 0x100), rng.randrange(0x100, 0x3000), rng.randrange(0xD700, 0xE100),
                        rng.randrange(0xFDC0, 0x10000), rng.randrange(0x10000, 0x110010), rng.randrange(0, 10**8)])
    refs.append(rng.choice(["&#%d;", "&#x%x;", "&#X%X", "&#%d"]) % value)


def expected(ref):
    text = html.unescape("q" + ref + "z")
    return re.sub(r"[ \t\n\f\r\xa0]+", " ", text).replace("\xad", "")


page = "".join("<p>q%sz</p>" % ref for ref in refs)
run = subprocess.run([stance, "classify", "--sentences", "--format", "jsonl", "--input", "html", "-"],
                     input=page.encode(), capture_output=True, check=True)
got = [json.loads(line)["sentence"] for line in run.stdout.decode().splitlines()]
mismatches = [(ref, expected(ref), text) for ref, text in zip(refs, got) if expected(ref) != text]
if len(got) != len(refs):
    mismatches.append(("(count)", len(refs), len(got)))
named = sum(1 for ref in refs if not ref.startswith("&#"))
print(f"{len(refs)} references ({named} named, {len(refs) - named} numeric): {len(mismatches)} differ from html.unescape")
for ref, want, text in mismatches[:20]:
    print(f"  {ref!r}: html.unescape {want!r}, stance {text!r}")
sys.exit(1 if mismatches else 0)
