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
from functools import cache
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
        """The forest's log-odds for each row."""
        count, trees = len(rows), len(self.feature)
        if not count:
            return np.zeros(0)
        tree = np.arange(trees)
        row = np.arange(count)[:, None]
        node = np.zeros((count, trees), dtype=np.int32)
        for _ in range(self.depth):
            go_left = rows[row, self.feature[tree, node]] <= self.threshold[tree, node]
            node = np.where(go_left, self.left[tree, node], self.right[tree, node])
        return self.value[tree, node].sum(axis=1)

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
