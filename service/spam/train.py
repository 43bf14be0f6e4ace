"""Train the text classifier reproducibly: fixed seed, fixed order, pure Python."""

import random
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .features import DIM
from .model import MIN_FEATURES, Features, Model, sigmoid
from .text import normalise

# Sources that count as one: the five YouTube videos are one kind of comment, the three
# Stack Exchange sites one kind of spam.
_GROUPS = {"Youtube": "youtube", "2017": "web-spam", "2018": "web-spam"}


def group_of(source: str) -> str:
    """Return the group a source's examples are weighted in."""
    for prefix, group in _GROUPS.items():
        if source.startswith(prefix):
            return group
    return source


@dataclass(frozen=True)
class Settings:
    """Hyper-parameters of a training run; the defaults build the shipped model."""

    epochs: int = 3
    rate: float = 30.0
    l2: float = 3e-7
    seed: int = 20261206
    # The share of its class each group gets, whatever its size: 25,000 tweets must not
    # outvote 1,000 YouTube comments, and the noisy web spam (jokes and junk deleted as
    # spam) counts for less than the screened collections. A group that is absent (left
    # out by an evaluation) simply drops out and the others share its weight.
    ham_shares: tuple[tuple[str, float], ...] = (
        ("youtube", 1.0), ("SMSSpamCollection", 0.5), ("wikipedia-talk", 1.0),
        ("civil-comments-toxicspans", 1.5), ("davidson-tweets", 0.5), ("mlma-en", 0.5),
        ("mlma-fr", 1.0), ("moderator", 1.0),
    )
    spam_shares: tuple[tuple[str, float], ...] = (
        ("youtube", 1.0), ("SMSSpamCollection", 0.5), ("web-spam", 0.75), ("moderator", 1.0),
    )
    # Past this many rows a source is thinned to every k-th row (deterministic), and
    # training reads only the start of long texts: both keep a pure-Python rebuild fast,
    # and the features are a mean, so a text's first 600 characters say what it is.
    max_rows_per_source: int = 6000
    max_chars: int = 600
    max_weight: float = 6.0
    # The link features add to the log-odds rather than to the mean, so each is bounded in
    # log-odds: a link is evidence, not a verdict.
    link_limit: float = 3.0


@dataclass(frozen=True)
class Labelled:
    """A normalised training text with its label and weight."""

    text: str
    spam: bool
    weight: float = 1.0


def _thinned(examples: Sequence, limit: int) -> list:
    """Keep at most limit examples of each source, evenly spaced, in their order."""
    sizes = Counter(ex.source for ex in examples)
    seen: Counter = Counter()
    out = []
    for ex in examples:
        n = sizes[ex.source]
        i = seen[ex.source]
        seen[ex.source] += 1
        # Row i is kept when it starts a new 1/limit slice of the source.
        if n <= limit or (i * limit) // n != ((i - 1) * limit) // n:
            out.append(ex)
    return out


def prepare(examples: Sequence, settings: Settings = Settings()) -> list[Labelled]:
    """Normalise, thin, weight and de-duplicate examples; the first label seen for a text wins."""
    examples = _thinned(examples, settings.max_rows_per_source)
    seen: set[str] = set()
    kept = []
    for ex in examples:
        text = normalise(ex.text)[: settings.max_chars]
        if not text or text in seen:
            continue
        seen.add(text)
        kept.append((text, ex.spam, group_of(ex.source)))
    shares = {True: dict(settings.spam_shares), False: dict(settings.ham_shares)}
    counts = Counter((spam, group) for _, spam, group in kept)
    share_of = {key: shares[key[0]].get(key[1], 1.0) for key in counts}
    totals = {label: sum(s for (sp, _), s in share_of.items() if sp is label) or 1.0
              for label in (True, False)}
    # Each class weighs half, each group its share of that half; the mean weight is 1.
    n = len(kept)
    weight = {key: 0.5 * n * share_of[key] / totals[key[0]] / counts[key] for key in counts}
    return [Labelled(text, spam, weight[(spam, group)]) for text, spam, group in kept]


def train(
    docs: Sequence[Labelled],
    settings: Settings = Settings(),
    progress: Callable[[int], None] | None = None,
    cache: dict[str, tuple[array, array]] | None = None,
) -> Model:
    """Return a logistic regression fitted by SGD with L2; the same input gives the same bytes."""
    # `cache` (text -> buckets) lets an evaluation that trains many times featurise once.
    cache = {} if cache is None else cache
    feats, linked = [], []
    for d in docs:
        if d.text not in cache:
            f = Features.of(d.text, normalised=True)
            cache[d.text] = (array("i", f.buckets), array("i", [b for _, b in f.linked]))
        feats.append(cache[d.text][0])
        linked.append(cache[d.text][1])
    v = [0.0] * DIM
    # Link weights, outside the mean: a step as large as a short text's own features get.
    u: dict[int, float] = {}
    limit_u = settings.link_limit
    vscale = 1.0  # Bottou's trick: w = vscale * v makes L2 decay O(1) per step.
    bias = 0.0
    rng = random.Random(settings.seed)
    t = 0
    for _ in range(settings.epochs):
        # A document of weight 2.4 is visited twice, and a third time with chance 0.4:
        # weights as visits keep every step the same size, where weights as step sizes
        # made the rare sources' steps twelve times larger and training unstable.
        order = []
        for i, doc in enumerate(docs):
            if feats[i]:
                visits = int(doc.weight) + (rng.random() < doc.weight - int(doc.weight))
                order.extend([i] * visits)
        rng.shuffle(order)
        for i in order:
            buckets, doc, links = feats[i], docs[i], linked[i]
            eta = settings.rate / (1.0 + settings.rate * settings.l2 * t)
            t += 1
            scale = 1.0 / max(len(buckets), MIN_FEATURES)
            z = bias + vscale * scale * sum([v[b] for b in buckets])
            if links:
                z += sum([u.get(b, 0.0) for b in links])
            g = (1.0 if doc.spam else 0.0) - sigmoid(z)
            if links:
                for b in links:
                    x = u.get(b, 0.0) + eta * g / MIN_FEATURES
                    u[b] = limit_u if x > limit_u else -limit_u if x < -limit_u else x
            vscale *= 1.0 - eta * settings.l2
            step = eta * g * scale / vscale
            for b in buckets:
                v[b] += step
            bias += eta * g * 0.01
            if vscale < 1e-6:
                v = [x * vscale for x in v]
                vscale = 1.0
        # No single n-gram may say more than max_weight: "subscri", learned from YouTube's
        # "subscribe", must not make "Cancel my subscription." spam on its own.
        limit = settings.max_weight / vscale
        v = [limit if x > limit else -limit if x < -limit else x for x in v]
        if progress:
            progress(1)
    weights = [x * vscale for x in v]
    every = CALIBRATION_EVERY
    shifts = [sum([u.get(b, 0.0) for b in links]) for links in linked[::every]]
    slope, offset = calibration(weights, bias, feats[::every], docs[::every], shifts)
    weights = [x * slope for x in weights]
    # A link bucket holds the link's weight; an n-gram hashed to the same bucket (rare)
    # then scores with that weight over its text's length, a few hundredths at most.
    for b in sorted(u):
        weights[b] = u[b]
    return Model(shortened(array("f", weights)), slope * bias + offset)


# Every 8th training text calibrates the log-odds (a two-number logistic fit, in seconds).
CALIBRATION_EVERY = 8
# How far the fit may go: ridge strength, and bounds on the slope.
_RIDGE = 1.0
_SLOPE = (1.0, 10.0)


def calibration(weights: list[float], bias: float, feats: Sequence[array],
                docs: Sequence[Labelled], shifts: Sequence[float] | None = None,
                ) -> tuple[float, float]:
    """Return (slope, offset) that turn the model's log-odds into calibrated ones (Platt)."""
    # A mean of features keeps log-odds timid (spam near +1, ham near -0.5); a weighted
    # logistic fit of the labels on them, on the training texts, restores their scale,
    # so that the classifier weighs against the hand-set rules in true log-odds. shifts:
    # each text's link log-odds, already in scale, added but not rescaled.
    shifts = shifts or [0.0] * len(docs)
    points = []
    for buckets, doc, shift in zip(feats, docs, shifts, strict=True):
        if buckets:
            z = bias + sum([weights[b] for b in buckets]) / max(len(buckets), MIN_FEATURES)
            points.append((z, 1.0 if doc.spam else 0.0, doc.weight, shift))
    if len({y for _, y, _, _ in points}) < 2:
        return 1.0, 0.0
    a, b = 1.0, 0.0
    for _ in range(25):  # Newton's method, with a ridge towards (1, 0)
        ga, gb = -_RIDGE * (a - 1.0), -_RIDGE * b
        haa, hab, hbb = _RIDGE, 0.0, _RIDGE
        for z, y, w, shift in points:
            p = sigmoid(a * z + b + shift)
            r, s = w * (y - p), w * p * (1.0 - p)
            ga += r * z
            gb += r
            haa += s * z * z
            hab += s * z
            hbb += s
        det = haa * hbb - hab * hab
        a += (hbb * ga - hab * gb) / det
        b += (haa * gb - hab * ga) / det
    a = min(max(a, _SLOPE[0]), _SLOPE[1])
    return a, b


def shortened(weights: array) -> array:
    """Return float32 weights rounded to 8 significant bits (bfloat16), as float32."""
    # The model file compresses to half the size, and a score moves by well under 1%.
    bits = array("I", weights.tobytes())
    for i, x in enumerate(bits):
        if x:
            bits[i] = (x + 0x7FFF + ((x >> 16) & 1)) & 0xFFFF0000  # round half to even
    return array("f", bits.tobytes())
