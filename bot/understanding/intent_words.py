"""The English word model: TF-IDF over words and characters, and logistic regression.

Its probabilities are averaged with the fine-tuned transformer's. The two err differently: the
transformer generalises over wording, the word model holds on to the words the examples use ("my
orders"), so their average moves less from one training run to the next than the transformer
alone, and it is also what `bot eval nlu` reports as the TF-IDF baseline on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

FILE = "words.joblib"


def build(seed: int) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    return make_pipeline(
        make_union(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True),
        ),
        LogisticRegression(max_iter=2000, C=10.0, random_state=seed),
    )


def probabilities(pipeline: Any, texts: Sequence[str], labels: Sequence[str]) -> Any:
    """One row per text, one column per label in `labels` order (0 for a label never seen)."""
    import numpy as np

    found = pipeline.predict_proba(list(texts))
    columns = {str(name): i for i, name in enumerate(pipeline.classes_)}
    result = np.zeros((len(texts), len(labels)))
    for j, label in enumerate(labels):
        if label in columns:
            result[:, j] = found[:, columns[label]]
    return result


def blend(transformer: Any, words: Any) -> Any:
    """The two models' probabilities, weighted equally."""
    return (transformer + words) / 2


def save(pipeline: Any, folder: Path) -> None:
    import joblib

    joblib.dump(pipeline, folder / FILE)


def load(folder: Path) -> Any:
    """Only ever loads the artifact our own training wrote under the models folder."""
    import joblib

    return joblib.load(folder / FILE)
