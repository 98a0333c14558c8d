"""Numpy inference of the shipped line model: two forests of boosted trees (trained with LightGBM
by ``bench/realworld/train_linemodel.py``), stored as arrays in ``weights.json``. The first
scores each line from its features; the second scores it again from the first's scores of the
lines around it (``features.context_features``): a learned sequence step.

Every split of every tree is tested at once for every line (one comparison a distinct test and
line); a failed test strikes out the leaves left of it, so a tree's exit leaf is its
leftmost leaf not struck out (bit masks, no loop over trees). Deterministic.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import numpy as np

from .features import WordOdds, carried, context_blocks, context_features, context_names, names

WEIGHTS_FILE = Path(__file__).parent / "weights.json"


@dataclass(frozen=True)
class Forest:
    """Boosted trees as arrays, each (trees × nodes): the feature a node tests and its threshold
    (go left when the value is at most it), its children, its leaf value (0 at inner nodes)."""

    features: tuple[str, ...]
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    depth: int

    @classmethod
    def from_lightgbm(cls, dump: dict, names: tuple[str, ...]) -> Forest:
        """The trees of a LightGBM ``Booster.dump_model()`` (numerical splits, ``<=``, no missing values)."""
        if tuple(dump["feature_names"]) != tuple(names):
            raise ValueError("the booster was trained on other features")
        trees = [_flatten(info["tree_structure"]) for info in dump["tree_info"]]
        width = max(len(nodes) for nodes in trees)
        arrays = {name: np.zeros((len(trees), width)) for name in ("feature", "threshold", "left", "right", "value")}
        depth = 0
        for t, nodes in enumerate(trees):
            for n, (feature, threshold, left, right, value, level) in enumerate(nodes):
                arrays["feature"][t, n], arrays["threshold"][t, n] = feature, threshold
                arrays["left"][t, n], arrays["right"][t, n], arrays["value"][t, n] = left, right, value
                depth = max(depth, level)
            for n in range(len(nodes), width):  # padding: leaves of value 0 that nothing reaches
                arrays["left"][t, n] = arrays["right"][t, n] = n
        return cls(
            tuple(names),
            arrays["feature"].astype(np.int32),
            arrays["threshold"],
            arrays["left"].astype(np.int32),
            arrays["right"].astype(np.int32),
            arrays["value"],
            depth,
        )

    def raw(self, rows: np.ndarray) -> np.ndarray:
        """The forest's log-odds for each row (``_Splits`` says how)."""
        return self._splits.raw(rows)

    @cached_property
    def _splits(self) -> _Splits:
        return _Splits.of(self)

    def predict(self, rows: np.ndarray) -> np.ndarray:
        """Each row's probability of being article."""
        return 1.0 / (1.0 + np.exp(-np.clip(self.raw(rows), -30, 30)))

    def to_json(self) -> dict:
        leaf = (self.left == self.right) & (self.left == np.arange(self.left.shape[1]))  # both children itself: the test is moot
        return {
            "features": list(self.features),
            "depth": self.depth,
            "feature": np.where(leaf, 0, self.feature).tolist(),
            "threshold": np.where(leaf, 0.0, self.threshold).tolist(),
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "value": np.round(self.value, 8).tolist(),
        }

    @classmethod
    def from_json(cls, data: dict) -> Forest:
        return cls(
            tuple(data["features"]),
            np.array(data["feature"], dtype=np.int32),
            np.array(data["threshold"], dtype=float),
            np.array(data["left"], dtype=np.int32),
            np.array(data["right"], dtype=np.int32),
            np.array(data["value"], dtype=float),
            data["depth"],
        )


#: Rows a forest scores at a time.
ROW_BLOCK = 4096
#: Rows whose exit leaves are found at a time: the work arrays (slots × rows, about 4 kB a row)
#: then stay in the CPU's cache (on dev whole pages, the forests take about 8% less time than on all rows at once).
EXIT_BLOCK = 128


@dataclass(frozen=True)
class _Splits:
    """A forest laid out for testing all its splits at once, derived from its trees when first used.

    Each tree with splits has ``width`` slots (its inner nodes, then padding), stored slot by
    slot: the first slot of every tree, then the second, so that a tree's slots are combined by
    whole rows. A slot names its test (a distinct feature and threshold; padding's never fails)
    and the leaves that a failed test strikes out: the bits, in the tree's left-to-right order of
    leaves, of its node's left subtree. Tests compare in float64, as LightGBM does: thresholds
    sit on feature values (a window's mean such as 2/33), which float32 would send the other way.
    """

    feature: np.ndarray  # per distinct test, the feature it reads…
    threshold: np.ndarray  # … and its threshold (it fails when the value is above it)
    test: np.ndarray  # per slot (width × trees), its test
    strikes: np.ndarray  # per slot, as a column: the leaves struck out when its test fails
    leaf_value: np.ndarray  # per tree and leaf, flat (a tree's leaves left to right from ``leaf_base``)
    leaf_base: np.ndarray  # per tree with splits, as a column
    single_leaves: float  # the sum of the trees that are one leaf

    def raw(self, rows: np.ndarray) -> np.ndarray:
        """The log-odds of each row of features, ``ROW_BLOCK`` rows at a time (a row's score
        depends on that row alone)."""
        if len(rows) <= ROW_BLOCK:
            return self._raw(rows)
        return np.concatenate([self._raw(rows[n : n + ROW_BLOCK]) for n in range(0, len(rows), ROW_BLOCK)])

    def _raw(self, rows: np.ndarray) -> np.ndarray:
        """The log-odds of each row: its trees' exit leaves (``_exits``, ``EXIT_BLOCK`` rows at a
        time), their values summed over all the rows at once (numpy sums a single row in another
        order: the same rows in other blocks would differ in the last bit)."""
        trees, count = len(self.leaf_base), len(rows)
        if not count or not trees:
            return np.full(count, self.single_leaves)
        if count <= EXIT_BLOCK:
            exits = self._exits(rows)  # trees × lines
        else:
            exits = np.empty((trees, count), dtype=np.intp)
            for n in range(0, count, EXIT_BLOCK):
                exits[:, n : n + EXIT_BLOCK] = self._exits(rows[n : n + EXIT_BLOCK])
        exits += self.leaf_base
        return np.take(self.leaf_value, exits).sum(axis=0) + self.single_leaves

    def _exits(self, rows: np.ndarray) -> np.ndarray:
        """Each tree's exit leaf for each row (trees × rows)."""
        columns = np.ascontiguousarray(rows.T)  # features × lines
        failed = np.take(columns, self.feature, axis=0) > self.threshold[:, None]  # tests × lines
        struck = np.multiply(np.take(failed, self.test, axis=0).view(np.uint8), self.strikes, dtype=self.strikes.dtype)  # slots × lines
        out = np.bitwise_or.reduce(struck.reshape(-1, len(self.leaf_base), len(rows)), axis=0)
        return np.take(_FIRST_CLEAR, out) if out.dtype == np.uint16 else _first_clear_32(out)

    @classmethod
    def of(cls, forest: Forest) -> _Splits:
        slots: list[list[tuple[int, float, int]]] = []  # per tree with splits: (feature, threshold, strikes)
        values: list[list[float]] = []
        single, most = 0.0, 1
        # As lists: a tree is walked node by node, and indexing a list is many times faster than an array.
        lefts, rights = forest.left.tolist(), forest.right.tolist()
        features, thresholds = forest.feature.tolist(), forest.threshold.tolist()
        for t, value in enumerate(forest.value.tolist()):
            leaves: list[int] = []
            inner: list[tuple[int, int, int]] = []  # (node, first leaf, last leaf + 1) of the left subtree
            _walk(lefts[t], rights[t], 0, leaves, inner)
            if not inner:
                single += value[leaves[0]]
                continue
            most = max(most, len(leaves))
            values.append([value[leaf] for leaf in leaves])
            slots.append([(features[t][node], thresholds[t][node], (1 << middle) - (1 << low)) for node, low, middle in inner])
        if most > 32:
            raise ValueError("trees of more than 32 leaves")
        never = (0, np.inf, 0)  # padding: a test no value fails, striking nothing
        tests = sorted({slot[:2] for tree in slots for slot in tree} | {never[:2]})
        test_of = {test: n for n, test in enumerate(tests)}
        width = max(map(len, slots), default=0)
        by_slot = [tree[k] if k < len(tree) else never for k in range(width) for tree in slots]
        leaves = 16 if most <= 16 else 32
        return cls(
            np.array([feature for feature, _ in tests], dtype=np.intp),
            np.array([threshold for _, threshold in tests]),
            np.array([test_of[slot[:2]] for slot in by_slot], dtype=np.intp),
            np.array([slot[2] for slot in by_slot], dtype=np.uint16 if leaves == 16 else np.uint32)[:, None],
            np.array([row + [0.0] * (leaves - len(row)) for row in values]).ravel(),
            (np.arange(len(values)) * leaves)[:, None],
            single,
        )


def _walk(left: list[int], right: list[int], node: int, leaves: list[int], inner: list[tuple[int, int, int]]) -> tuple[int, int]:
    """Number a tree's leaves left to right (into ``leaves``) and note for each inner node the
    leaves of its left subtree (into ``inner``, in preorder); the span of leaves under ``node``."""
    if left[node] == right[node] == node:
        leaves.append(node)
        return len(leaves) - 1, len(leaves)
    entry = len(inner)
    inner.append((node, 0, 0))
    low, middle = _walk(left, right, left[node], leaves, inner)
    _, high = _walk(left, right, right[node], leaves, inner)
    inner[entry] = (node, low, middle)
    return low, high


def _first_clear_16() -> np.ndarray:
    """The index of the lowest clear bit of every 16-bit number (16 for none)."""
    numbers = np.arange(1 << 16, dtype=np.uint32)
    lowest = ~numbers & (numbers + 1)  # the lowest clear bit alone
    return np.log2(lowest.astype(float)).astype(np.intp)


#: The exit leaf of a tree (of at most 16 leaves) from the leaves struck out: the first not struck out.
_FIRST_CLEAR = _first_clear_16()


def _first_clear_32(masks: np.ndarray) -> np.ndarray:
    """The index of the lowest clear bit of 32-bit masks (one is clear)."""
    low = masks & np.uint32(0xFFFF)
    return np.where(low != 0xFFFF, _FIRST_CLEAR[low], 16 + _FIRST_CLEAR[masks >> np.uint32(16)])


def _flatten(root: dict) -> list[tuple[int, float, int, int, float, int]]:
    """A LightGBM tree as rows (feature, threshold, left, right, leaf value, depth), root first;
    a leaf has itself for both children (what it tests does not matter)."""
    nodes: list[list] = []

    def visit(node: dict, level: int) -> int:
        index = len(nodes)
        nodes.append([0, 0.0, index, index, 0.0, level])
        if "leaf_value" in node:
            nodes[index][4] = node["leaf_value"]
            return index
        if node.get("decision_type", "<=") != "<=":
            raise ValueError(f"unsupported split {node.get('decision_type')!r}")
        nodes[index][0], nodes[index][1] = node["split_feature"], node["threshold"]
        nodes[index][2] = visit(node["left_child"], level + 1)
        nodes[index][3] = visit(node["right_child"], level + 1)
        return index

    visit(root, 0)
    return [tuple(row) for row in nodes]


@dataclass(frozen=True)
class LineModel:
    """The two forests, the words whose odds the first reads (``features.WordOdds``), and what is
    known of them (training data hash, settings, dev figures)."""

    first: Forest
    second: Forest
    words: WordOdds = field(default_factory=WordOdds)
    about: dict = field(default_factory=dict, compare=False)

    def predict(self, rows: np.ndarray) -> np.ndarray:
        """Each live line's probability of being article, from its rows of ``features.names()``."""
        return self.second.predict(context_features(rows, self.first.predict(rows)))

    def predict_blocks(self, blocks: Iterable[np.ndarray]) -> np.ndarray:
        """``predict`` of rows given a block of lines at a time, in order (each block but the last
        a multiple of ``ROW_BLOCK`` rows: the same scores, bit for bit): of a block's rows only the
        first forest's scores and the columns the second reads (``features.carried``) are kept,
        and the second's rows are made a block at a time too (``features.context_blocks``)."""
        first, kept = [], []
        for rows in blocks:
            first.append(self.first.predict(rows))
            kept.append(carried(rows))
        context = context_blocks(np.concatenate(kept), np.concatenate(first))
        return np.concatenate([self.second.predict(rows) for rows in context])

    def to_json(self) -> dict:
        return {"first": self.first.to_json(), "second": self.second.to_json(), "words": self.words.to_json(), "about": self.about}

    @classmethod
    def from_json(cls, data: dict) -> LineModel:
        model = cls(Forest.from_json(data["first"]), Forest.from_json(data["second"]), WordOdds.from_json(data["words"]), data["about"])
        if model.first.features != names() or model.second.features != context_names():
            raise ValueError(f"{WEIGHTS_FILE}: trained on other features than cleaner.linemodel.features has")
        return model


@cache
def shipped() -> LineModel:
    """The model in ``weights.json``, loaded once."""
    return LineModel.from_json(json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")))
