"""Aggregating the measured runs and printing the tables.

Per split (a fold, or the official train/test pair) each measure is the median over the
repetitions. Per dataset: times are summed over the splits, throughput is the bytes of the
split files (train.tsv or test.tsv) summed over the splits divided by that time, peak RSS and
model size are the largest over the splits, accuracy is the mean over the splits.
"""
import statistics

TITLES = {
    "mr": "MR", "subj": "SUBJ", "cr": "CR", "mpqa": "MPQA", "20ng": "20 Newsgroups bydate (official train/test)",
    "semeval": "SemEval-2016 stance, subtask A (official train/test)",
    "20ng-big": "20 Newsgroups train repeated (big file), official test",
}


def summarize(splits, runs):
    """runs: list over splits of list over repeats of {"train": {...}, "predict": {...}}."""
    per_split = []
    for repeats in runs:
        def median(part, key):
            return statistics.median(r[part][key] for r in repeats)
        per_split.append({
            "train_seconds": median("train", "seconds"), "predict_seconds": median("predict", "seconds"),
            "train_wall": median("train", "wall"), "predict_wall": median("predict", "wall"),
            "train_rss_kb": median("train", "maxrss_kb"), "predict_rss_kb": median("predict", "maxrss_kb"),
            "accuracy": median("predict", "accuracy"), "model_bytes": median("train", "model_bytes"),
        })
    train_bytes = sum(s["train_bytes"] for s in splits)
    test_bytes = sum(s["test_bytes"] for s in splits)
    train_seconds = sum(s["train_seconds"] for s in per_split)
    predict_seconds = sum(s["predict_seconds"] for s in per_split)
    return {
        "accuracy": statistics.fmean(s["accuracy"] for s in per_split),
        "train_seconds": train_seconds,
        "predict_seconds": predict_seconds,
        "train_wall": sum(s["train_wall"] for s in per_split),
        "predict_wall": sum(s["predict_wall"] for s in per_split),
        "train_mb_per_s": train_bytes / 1e6 / train_seconds,
        "predict_mb_per_s": test_bytes / 1e6 / predict_seconds,
        "train_rss_mib": max(s["train_rss_kb"] for s in per_split) / 1024,
        "predict_rss_mib": max(s["predict_rss_kb"] for s in per_split) / 1024,
        "model_mb": max(s["model_bytes"] for s in per_split) / 1e6,
        "per_split": per_split,
    }


def _number(value, digits):
    return f"{value:,.{digits}f}"


def dataset_table(name, splits, summaries, labels):
    examples = splits[0]["train_examples"] + splits[0]["test_examples"]
    lines = [f"### {TITLES.get(name, name)}: {examples:,} examples, "
             f"{splits[0]['train_bytes'] / 1e6:.2f} MB train / {splits[0]['test_bytes'] / 1e6:.2f} MB test"
             + (f" per fold, {len(splits)}-fold stratified CV" if len(splits) > 1 else "")
             + (f"; {splits[0]['empty_texts_left_out']} empty texts left out" if splits[0]["empty_texts_left_out"]
                else ""),
             "",
             "| tool | accuracy % | train s | train MB/s | train peak MiB | predict s | predict MB/s "
             "| predict peak MiB | model MB |",
             "|---|---|---|---|---|---|---|---|---|"]
    for tool, summary in summaries.items():
        s = summary
        lines.append(
            f"| {labels[tool]} | {_number(100 * s['accuracy'], 2)} | {_number(s['train_seconds'], 3)} "
            f"| {_number(s['train_mb_per_s'], 2)} | {_number(s['train_rss_mib'], 0)} "
            f"| {_number(s['predict_seconds'], 3)} | {_number(s['predict_mb_per_s'], 2)} "
            f"| {_number(s['predict_rss_mib'], 0)} | {_number(s['model_mb'], 1)} |")
    return "\n".join(lines)


def ratios(stance, peer):
    """Speed ratios are peer time / stance time (above 1: stance is faster); memory ratios are
    stance RSS / peer RSS (below 1: stance uses less); accuracy difference in points."""
    return {
        "accuracy_points": 100 * (stance["accuracy"] - peer["accuracy"]),
        "train_speed": peer["train_seconds"] / stance["train_seconds"],
        "predict_speed": peer["predict_seconds"] / stance["predict_seconds"],
        "train_memory": stance["train_rss_mib"] / peer["train_rss_mib"],
        "predict_memory": stance["predict_rss_mib"] / peer["predict_rss_mib"],
    }


def overall_table(all_ratios, labels):
    lines = ["### stance against each peer",
             "",
             "| dataset | peer | accuracy, stance − peer (points) | train speed (peer s / stance s) "
             "| predict speed | train memory (stance / peer RSS) | predict memory |",
             "|---|---|---|---|---|---|---|"]
    for name, by_peer in all_ratios.items():
        for tool, r in by_peer.items():
            lines.append(
                f"| {name} | {labels[tool]} | {r['accuracy_points']:+.2f} | {r['train_speed']:.1f}× "
                f"| {r['predict_speed']:.1f}× | {r['train_memory']:.2f} | {r['predict_memory']:.2f} |")
    return "\n".join(lines)
