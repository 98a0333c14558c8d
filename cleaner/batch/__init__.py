"""Batch cleaning: readers yield items, workers clean them in order, writers put them away.

readers.py  files, folders and JSONL records → Item
work.py     a pool of workers, each with its own Cleaner, cleaning items in input order
writers.py  Item + Outcome → files, in-place files, stdout or JSONL, never half-written
resume.py   what a killed run already finished, keyed on each input's content hash
report.py   counts: documents, outlets, rules, failures
"""
