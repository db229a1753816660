"""The benchmark corpora: checking the layout, and writing the same split files for every tool.

Examples whose text is empty (CR has 4, MPQA 3) are left out for every tool: `stance train`
refuses them, and fastText cannot predict them. The split description counts them.

Training lines are shuffled with the seed (the corpora are grouped by class, and fastText's SGD
learns only the last class from a grouped file; naive Bayes does not depend on the order).
Every split is a folder holding `train.tsv` / `test.tsv` (`label<TAB>text`, bytes copied from the
corpus) and `train.ft` / `test.ft` (the same lines in fastText's `__label__LABEL text` form).
"""
import lzma
import os
import random
import shutil

SOURCES_HINT = (
    "--corpora must be the folder of the benchmark corpora (mr/all.tsv, subj/all.tsv, cr/all.tsv, "
    "mpqa/all.tsv, 20ng-bydate/{train,test}.tsv.xz, semeval2016-stance/{train,test}.tsv); "
    "README.md, section \"Corpora\", lists where to download each one")

# name -> (kind, files relative to --corpora)
DATASETS = {
    "mr": ("cv", ["mr/all.tsv"]),
    "subj": ("cv", ["subj/all.tsv"]),
    "cr": ("cv", ["cr/all.tsv"]),
    "mpqa": ("cv", ["mpqa/all.tsv"]),
    "20ng": ("split", ["20ng-bydate/train.tsv.xz", "20ng-bydate/test.tsv.xz"]),
    "semeval": ("split", ["semeval2016-stance/train.tsv", "semeval2016-stance/test.tsv"]),
    "20ng-big": ("split", ["20ng-bydate/train.tsv.xz", "20ng-bydate/test.tsv.xz"]),
}


class CorpusError(Exception):
    """A corpus file is missing (exit code 66) or malformed (65); the message names the file and the fix."""

    def __init__(self, message, code=65):
        super().__init__(message)
        self.code = code


def check(corpora, names):
    """Fails on the first missing file of the chosen datasets, naming it."""
    if not os.path.isdir(corpora):
        raise CorpusError(f"{corpora}: no such folder; {SOURCES_HINT}", 66)
    for name in names:
        for relative in DATASETS[name][1]:
            path = os.path.join(corpora, relative)
            if not os.path.isfile(path):
                raise CorpusError(f"{path}: missing (needed for dataset {name}); {SOURCES_HINT}", 66)


def _open(path):
    return lzma.open(path, "rb") if path.endswith(".xz") else open(path, "rb")


def read_lines(path):
    """(label, text) byte pairs, checking that every line has a tab, and the number of empty texts
    left out."""
    try:
        return _read_lines(path)
    except (OSError, EOFError, lzma.LZMAError) as error:
        raise CorpusError(f"{path}: cannot be read ({error}); {SOURCES_HINT}", 66) from error


def _read_lines(path):
    pairs = []
    empty = 0
    with _open(path) as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip(b"\n")
            label, tab, text = line.partition(b"\t")
            if not tab or not label:
                raise CorpusError(
                    f"{path}:{number}: expected \"label<TAB>text\", found "
                    f"{'no tab' if not tab else 'an empty label'}; the corpora's TSV files have one "
                    f"example per line (re-copy the file, or {SOURCES_HINT})")
            if text.strip():
                pairs.append((label, text))
            else:
                empty += 1
    if not pairs:
        raise CorpusError(f"{path}: no examples; {SOURCES_HINT}")
    return pairs, empty


def _fasttext_line(label, text):
    return b"__label__" + label + b" " + text + b"\n"


def write_split(folder, train_pairs, test_pairs, empty):
    """Writes train/test as TSV and fastText files; returns the split's description."""
    os.makedirs(folder, exist_ok=True)
    for part, pairs in (("train", train_pairs), ("test", test_pairs)):
        with open(os.path.join(folder, part + ".tsv"), "wb") as tsv, \
                open(os.path.join(folder, part + ".ft"), "wb") as ft:
            for label, text in pairs:
                tsv.write(label + b"\t" + text + b"\n")
                ft.write(_fasttext_line(label, text))
    return describe(folder, len(train_pairs), len(test_pairs), empty)


def describe(folder, train_count, test_count, empty):
    return {
        "folder": folder,
        "empty_texts_left_out": empty,
        "train_examples": train_count,
        "test_examples": test_count,
        "train_bytes": os.path.getsize(os.path.join(folder, "train.tsv")),
        "test_bytes": os.path.getsize(os.path.join(folder, "test.tsv")),
    }


def stratified_folds(labels, folds, seed):
    """Fold number of each example: each class's examples are shuffled with `random.Random(seed)`
    and dealt round-robin, so every fold holds each class in proportion (sizes differ by at most 1)."""
    rng = random.Random(seed)
    by_class = {}
    for index, label in enumerate(labels):
        by_class.setdefault(label, []).append(index)
    assignment = [0] * len(labels)
    start = 0
    for label in sorted(by_class):
        indices = by_class[label]
        rng.shuffle(indices)
        for position, index in enumerate(indices):
            assignment[index] = (start + position) % folds
        start = (start + len(indices)) % folds  # the next class starts where this one stopped
    return assignment


def prepare_cv(corpora, name, workdir, folds, seed):
    pairs, empty = read_lines(os.path.join(corpora, DATASETS[name][1][0]))
    random.Random(seed).shuffle(pairs)  # the corpora are grouped by class: an SGD learner needs them mixed
    if len(pairs) < folds:
        raise CorpusError(f"{name}: {len(pairs)} examples cannot make {folds} folds; use fewer --folds")
    assignment = stratified_folds([label for label, _ in pairs], folds, seed)
    splits = []
    for fold in range(folds):
        train = [pair for pair, f in zip(pairs, assignment) if f != fold]
        test = [pair for pair, f in zip(pairs, assignment) if f == fold]
        splits.append(write_split(os.path.join(workdir, name, f"fold{fold}"), train, test, empty))
    return splits


def prepare_split(corpora, name, workdir, seed, big_megabytes):
    """The official train/test pair; for 20ng-big the shuffled train lines are repeated until the
    file holds at least `big_megabytes` MB."""
    train_source, test_source = (os.path.join(corpora, f) for f in DATASETS[name][1])
    train, train_empty = read_lines(train_source)
    test, test_empty = read_lines(test_source)
    random.Random(seed).shuffle(train)
    if name == "20ng-big":
        size = sum(len(label) + len(text) + 2 for label, text in train)
        train = train * -(-int(big_megabytes * 1_000_000) // size)  # ceiling division
    return [write_split(os.path.join(workdir, name), train, test, train_empty + test_empty)]


def prepare(corpora, name, workdir, folds, seed, big_megabytes):
    if DATASETS[name][0] == "cv":
        return prepare_cv(corpora, name, workdir, folds, seed)
    return prepare_split(corpora, name, workdir, seed, big_megabytes)


def remove(workdir, name):
    shutil.rmtree(os.path.join(workdir, name), ignore_errors=True)
