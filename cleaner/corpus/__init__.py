"""Runs over a whole corpus, above the batch: the first pass of ``--site-furniture`` (furniture.py)
and the drift of the rule files over the months (drift.py)."""
