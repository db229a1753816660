"""scikit-learn side of compare-peers, run as its own process so that its peak RSS is its own.

    sklearn_child.py train FEATURES MODEL NGRAMS ALPHA TRAIN.tsv MODEL.pkl
    sklearn_child.py predict MODEL.pkl TEST.tsv
    sklearn_child.py probe

Prints one JSON object. `seconds` is the work after the imports: read + vectorize + fit for
train (saving is timed apart, in `save_seconds`), load + read + transform + predict for predict.
Settings match stance's: token_pattern (?u)\\b\\w+\\b (stance keeps 1-character tokens),
lower-casing, word n-grams 1..N, smooth idf and l2 norm for tfidf, no norm for counts/binary.
"""
import json
import pickle
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.naive_bayes import ComplementNB, MultinomialNB

TOKEN_PATTERN = r"(?u)\b\w+\b"


def read(path):
    labels, texts = [], []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            label, _, text = line.rstrip("\n").partition("\t")
            labels.append(label)
            texts.append(text)
    return labels, texts


def vectorizer(features, ngrams):
    common = dict(ngram_range=(1, ngrams), token_pattern=TOKEN_PATTERN, lowercase=True)
    if features == "tfidf":
        return TfidfVectorizer(smooth_idf=True, norm="l2", sublinear_tf=False, **common)
    return CountVectorizer(binary=(features == "binary"), **common)


def classifier(model, alpha):
    return MultinomialNB(alpha=alpha) if model == "mnb" else ComplementNB(alpha=alpha)


def train(features, model, ngrams, alpha, data, output):
    start = time.perf_counter()
    labels, texts = read(data)
    vec = vectorizer(features, int(ngrams))
    x = vec.fit_transform(texts)
    clf = classifier(model, float(alpha)).fit(x, labels)
    seconds = time.perf_counter() - start
    saved = time.perf_counter()
    with open(output, "wb") as handle:
        pickle.dump((vec, clf), handle, protocol=pickle.HIGHEST_PROTOCOL)
    return {"seconds": seconds, "save_seconds": time.perf_counter() - saved, "features": x.shape[1]}


def predict(model_path, data):
    start = time.perf_counter()
    with open(model_path, "rb") as handle:
        vec, clf = pickle.load(handle)
    labels, texts = read(data)
    predicted = clf.predict(vec.transform(texts))
    seconds = time.perf_counter() - start
    correct = int(np.sum(predicted == np.asarray(labels, dtype=object)))
    return {"seconds": seconds, "accuracy": correct / len(labels), "examples": len(labels)}


def probe():
    import os
    import scipy
    import sklearn
    from threadpoolctl import threadpool_info
    blas = [{key: info.get(key) for key in ("internal_api", "version", "architecture", "num_threads")}
            for info in threadpool_info()]
    return {"sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
            "blas": blas, "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
            "OPENBLAS_L2_SIZE": os.environ.get("OPENBLAS_L2_SIZE")}


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    result = {"train": train, "predict": predict, "probe": probe}[command](*arguments)
    print(json.dumps(result))
