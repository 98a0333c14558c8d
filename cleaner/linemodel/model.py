"""Numpy inference of the shipped line model: two forests of boosted trees (trained with LightGBM
by ``bench/realworld/train_linemodel.py``), stored as arrays in ``weights.json``. The first
scores each line from its features; the second scores it again from the first's scores of the
lines around it (``features.context_features``): a learned sequence step.

Every tree is evaluated at once for every line: a (lines × trees) matrix of node indices walks
one level down per step, depth-many steps; leaves point to themselves. Deterministic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import numpy as np

from .features import context_features, context_names, names

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
        """The forest's log-odds for each row: every split of every tree tested at once (a lines ×
        splits matrix), each failed test striking out the leaves left of it, the exit leaf of a
        tree being its leftmost leaf not struck out."""
        if not len(rows):
            return np.zeros(0)
        splits = self._splits
        failed = (rows[:, splits.feature] > splits.threshold)[:, splits.test_of_split]
        masks = np.where(failed, splits.keeps, splits.everything)
        exits = np.bitwise_and.reduceat(masks, splits.first_of_tree, axis=1) if len(splits.keeps) else masks[:, :0]
        leaf = _LOWEST_BIT[exits & 0xFFFF] if splits.everything <= 0xFFFF else _lowest_bit(exits)
        return splits.leaf_value[splits.tree_of_exit, leaf].sum(axis=1) + splits.single_leaves

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


@dataclass(frozen=True)
class _Splits:
    """A forest for testing all its splits at once: the inner nodes of all trees (tree by tree),
    each with its feature, threshold and the leaves left if its test fails (a bit a leaf, in
    left-to-right order), and each tree's leaf values in that order."""

    feature: np.ndarray  # the distinct tests (feature, threshold) of all splits
    threshold: np.ndarray
    test_of_split: np.ndarray  # per split, its test
    keeps: np.ndarray  # per split: the bits of the leaves still possible when its test fails
    everything: int  # all bits set, for the splits whose test passes
    first_of_tree: np.ndarray  # index of each tree's first split (trees with splits only)
    tree_of_exit: np.ndarray  # the trees with splits, in order
    leaf_value: np.ndarray  # trees × leaves, left to right
    single_leaves: float  # the sum of the trees that are one leaf

    @classmethod
    def of(cls, forest: Forest) -> _Splits:
        features, thresholds, keeps, firsts, trees = [], [], [], [], []
        most = 1
        values: list[list[float]] = []
        single = 0.0
        for t in range(len(forest.feature)):
            leaves: list[int] = []
            inner: list[tuple[int, int, int]] = []  # (node, first leaf, last leaf + 1) of the left subtree
            _walk(forest.left[t], forest.right[t], 0, leaves, inner)
            if not inner:
                single += float(forest.value[t, leaves[0]])
                continue
            most = max(most, len(leaves))
            firsts.append(len(features))
            trees.append(len(values))
            values.append([float(forest.value[t, leaf]) for leaf in leaves])
            for node, low, middle in inner:
                features.append(int(forest.feature[t, node]))
                thresholds.append(float(forest.threshold[t, node]))
                keeps.append(((1 << len(leaves)) - 1) & ~(((1 << middle) - 1) & ~((1 << low) - 1)))
        if most > 32:
            raise ValueError("trees of more than 32 leaves")
        width = max(map(len, values), default=1)
        leaf_value = np.array([row + [0.0] * (width - len(row)) for row in values]).reshape(len(values), width)
        everything = (1 << 16) - 1 if most <= 16 else (1 << 32) - 1
        dtype = np.uint16 if most <= 16 else np.uint32
        tests = sorted(set(zip(features, thresholds, strict=True)))
        test_of = {test: n for n, test in enumerate(tests)}
        return cls(
            np.array([feature for feature, _ in tests], dtype=np.intp),
            np.array([threshold for _, threshold in tests]),
            np.array([test_of[test] for test in zip(features, thresholds, strict=True)], dtype=np.intp),
            np.array(keeps, dtype=dtype),
            everything,
            np.array(firsts, dtype=np.intp),
            np.arange(len(values))[None, :],
            leaf_value,
            single,
        )


def _walk(left: np.ndarray, right: np.ndarray, node: int, leaves: list[int], inner: list[tuple[int, int, int]]) -> tuple[int, int]:
    """Number a tree's leaves left to right (into ``leaves``) and note for each inner node the
    leaves of its left subtree (into ``inner``, in preorder); the span of leaves under ``node``."""
    if left[node] == right[node] == node:
        leaves.append(node)
        return len(leaves) - 1, len(leaves)
    entry = len(inner)
    inner.append((node, 0, 0))
    low, middle = _walk(left, right, int(left[node]), leaves, inner)
    _, high = _walk(left, right, int(right[node]), leaves, inner)
    inner[entry] = (node, low, middle)
    return low, high


def _lowest_bit(masks: np.ndarray) -> np.ndarray:
    """The index of the lowest set bit of each (non-zero) mask."""
    low = masks & (~masks + np.uint32(1))
    return np.log2(low.astype(float)).astype(np.intp)


#: The index of the lowest set bit of every 16-bit number (0 for 0).
_LOWEST_BIT = np.array([(n & -n).bit_length() - 1 if n else 0 for n in range(1 << 16)], dtype=np.intp)


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
    """The two forests, and what is known of them (training data hash, settings, dev figures)."""

    first: Forest
    second: Forest
    about: dict = field(default_factory=dict, compare=False)

    def predict(self, rows: np.ndarray) -> np.ndarray:
        """Each live line's probability of being article, from its rows of ``features.names()``."""
        return self.second.predict(context_features(rows, self.first.predict(rows)))

    def to_json(self) -> dict:
        return {"first": self.first.to_json(), "second": self.second.to_json(), "about": self.about}

    @classmethod
    def from_json(cls, data: dict) -> LineModel:
        model = cls(Forest.from_json(data["first"]), Forest.from_json(data["second"]), data["about"])
        if model.first.features != names() or model.second.features != context_names():
            raise ValueError(f"{WEIGHTS_FILE}: trained on other features than cleaner.linemodel.features has")
        return model


@cache
def shipped() -> LineModel:
    """The model in ``weights.json``, loaded once."""
    return LineModel.from_json(json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")))
