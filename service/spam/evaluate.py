"""Measure a scorer: outcome rates at the thresholds, precision/recall/F1 and AUC."""

from collections.abc import Sequence


def auc(labels: Sequence[bool], scores: Sequence[float]) -> float:
    """Return the area under the ROC curve (ties count half); 0.5 when a class is missing."""
    pairs = sorted(zip(scores, labels, strict=True))
    n_spam = sum(1 for _, y in pairs if y)
    n_ham = len(pairs) - n_spam
    if not n_spam or not n_ham:
        return 0.5
    rank_sum = 0.0
    i = 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        mid_rank = (i + 1 + j) / 2.0  # average 1-based rank of the tied block
        rank_sum += mid_rank * sum(1 for k in range(i, j) if pairs[k][1])
        i = j
    return (rank_sum - n_spam * (n_spam + 1) / 2.0) / (n_spam * n_ham)


def _ratio(a: float, b: float) -> float:
    """Return a / b, or 0.0 when b is zero."""
    return a / b if b else 0.0


def metrics(labels: Sequence[bool], scores: Sequence[float], low: float, high: float) -> dict:
    """Return the issue's report for scores, where >= high is spam and >= low is held."""
    n = len(labels)
    spam = sum(1 for y in labels if y)
    ham = n - spam
    flagged = [s >= high for s in scores]
    held = [low <= s < high for s in scores]
    tp = sum(1 for y, f in zip(labels, flagged, strict=True) if y and f)
    fp = sum(1 for y, f in zip(labels, flagged, strict=True) if not y and f)
    ham_held = sum(1 for y, h in zip(labels, held, strict=True) if not y and h)
    spam_held = sum(1 for y, h in zip(labels, held, strict=True) if y and h)
    published_spam = sum(1 for y, s in zip(labels, scores, strict=True) if y and s < low)
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, spam)
    return {
        "n": n,
        "spam": spam,
        "ham": ham,
        "ham_flagged_rate": _ratio(fp, ham),
        "ham_held_rate": _ratio(ham_held, ham),
        "spam_published_rate": _ratio(published_spam, spam),
        "spam_held_rate": _ratio(spam_held, spam),
        "held_rate": _ratio(sum(held), n),
        "precision": precision,
        "recall": recall,
        "f1": _ratio(2 * precision * recall, precision + recall),
        "auc": auc(labels, scores),
    }
