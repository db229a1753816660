#!/usr/bin/env python3
"""Measures what HTML input costs: `stance split --input html` on a ~50 MB page against
`stance split` on the text extracted from that page (the same sentences), median of 5 runs each.

The page is the <article> of seeds/seed-article-page.html repeated to ~50 MB inside its head and
body (markup, entities, scripts, tweet embeds, comments); the text is what HTMLText extracts from
it, read back paragraph by paragraph through `classify --sentences --input html`.

Usage: scripts/measure-html-input.py [path/to/stance]   (default .build/release/stance; build it
with `swift build -c release --static-swift-stdlib --product stance`)
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

stance = sys.argv[1] if len(sys.argv) > 1 else ".build/release/stance"
source = open("seeds/seed-article-page.html", encoding="utf-8").read()
article = source[source.index("<article"):source.index("</article>") + len("</article>")] + "\n"
copies = 50 * 1024 * 1024 // len(article.encode())
page = source[:source.index("<article")] + article * copies + "</body>\n</html>\n"

with tempfile.TemporaryDirectory() as scratch:
    page_path, text_path = os.path.join(scratch, "page.html"), os.path.join(scratch, "page.txt")
    with open(page_path, "w", encoding="utf-8") as file:
        file.write(page)
    lines = subprocess.run([stance, "classify", "--sentences", "--input", "html", "--format", "jsonl", page_path],
                           capture_output=True, check=True).stdout.decode().splitlines()
    with open(text_path, "w", encoding="utf-8") as file:
        file.write("\n\n".join(json.loads(line)["sentence"] for line in lines))

    def median_seconds(arguments):
        times = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run([stance, "split", "--output", os.path.join(scratch, "out")] + arguments, check=True)
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    html_seconds = median_seconds(["--input", "html", page_path])
    text_seconds = median_seconds(["--input", "text", text_path])
    page_mb, text_mb = os.path.getsize(page_path) / 1e6, os.path.getsize(text_path) / 1e6
    extraction = html_seconds - text_seconds
    print(f"page {page_mb:.1f} MB ({copies} articles) -> text {text_mb:.1f} MB")
    print(f"split --input html page: {html_seconds:.2f} s; split --input text of its text: {text_seconds:.2f} s")
    print(f"HTML extraction: {extraction:.2f} s, {page_mb / extraction:.0f} MB/s of HTML" if extraction > 0
          else "HTML extraction: below the run-to-run noise")
