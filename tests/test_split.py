"""The real corpora's frozen split (bench/realworld/split.json): each site in one split only."""

import json
from pathlib import Path

SPLIT = Path(__file__).resolve().parent.parent / "bench" / "realworld" / "split.json"


def test_every_site_is_in_one_split_only():
    for corpus, splits in json.loads(SPLIT.read_text(encoding="utf-8")).items():
        assert set(splits) == {"dev", "test"}, corpus
        assert not set(splits["dev"]) & set(splits["test"]), corpus
        assert splits["dev"] and splits["test"], corpus
