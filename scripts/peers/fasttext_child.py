"""fastText side of compare-peers, run as its own process so that its peak RSS is its own.

    fasttext_child.py train TRAIN.ft MODEL.bin EPOCHS LR THREADS SEED
    fasttext_child.py predict MODEL.bin TEST.ft
    fasttext_child.py probe

Prints one JSON object. `seconds` is the work after the imports: train_supervised (which reads
the file itself) for train, saving timed apart in `save_seconds`; load + read + predict for
predict. Settings: supervised, softmax loss, wordNgrams 2, epoch and lr as given (fastText's
defaults: 5 and 0.1), fastText's defaults otherwise (dim 100, minCount 1, bucket 2,000,000). fastText splits on white space only and does
not lower-case: it gets the same text as the other tools, untouched.
"""
import json
import sys
import time

import fasttext

PREFIX = "__label__"


def train(data, output, epochs, lr, threads, seed):
    start = time.perf_counter()
    options = dict(input=data, epoch=int(epochs), lr=float(lr), wordNgrams=2, loss="softmax", seed=int(seed),
                   verbose=0, thread=int(threads))
    model = fasttext.train_supervised(**options)
    seconds = time.perf_counter() - start
    saved = time.perf_counter()
    model.save_model(output)
    return {"seconds": seconds, "save_seconds": time.perf_counter() - saved,
            "features": len(model.words), "threads": model.f.getArgs().thread}


def predict(model_path, data):
    start = time.perf_counter()
    model = fasttext.load_model(model_path)
    labels, texts = [], []
    with open(data, encoding="utf-8") as handle:
        for line in handle:
            label, _, text = line.rstrip("\n").partition(" ")
            labels.append(label)
            texts.append(text)
    predicted, _ = model.predict(texts, k=1)  # a list input goes to multilinePredict
    seconds = time.perf_counter() - start
    # An empty text gets no prediction from fastText: it counts as wrong.
    correct = sum(1 for truth, guess in zip(labels, predicted) if guess and guess[0] == truth)
    return {"seconds": seconds, "accuracy": correct / len(labels), "examples": len(labels),
            "unpredicted": sum(1 for guess in predicted if not guess)}


def probe():
    import importlib.metadata
    import multiprocessing
    version = importlib.metadata.version("fasttext-wheel")
    # The command-line fastText's default `thread` is 12 (args.cc); the Python binding's is
    # cpu_count() - 1, which is 1 on a 2-core machine: so compare-peers runs 1 thread and all cores.
    return {"fasttext-wheel": version, "cores": multiprocessing.cpu_count(),
            "python_default_thread": fasttext.FastText.unsupervised_default["thread"]}


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    result = {"train": train, "predict": predict, "probe": probe}[command](*arguments)
    print(json.dumps(result))
