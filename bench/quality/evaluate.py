"""Deletion precision and boilerplate recall of the generic detectors on the labelled corpus.

    .venv/bin/python bench/quality/evaluate.py [--split dev|test|all] [--json] [--errors]

Each document of ``corpus/`` is cleaned with ``Cleaner(builtin=False)`` (the generic detectors
alone, as for an outlet with no rule file; the guard at its default), with its labels stripped.
Every removal is mapped back to the input's non-blank lines and compared with their labels:

- precision: dropped lines labelled D, over dropped lines (a K line dropped is a deleted sentence);
- recall: D lines dropped, over D lines.

Figures are printed per detector (the one whose removal took the line), per language and overall.
The split is by file (see README.md): the test split is held out, tune on dev.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from cleaner import Cleaner  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "corpus"
SPLITS = ("dev", "test", "all")


@dataclass(frozen=True)
class LabelledDocument:
    path: Path
    language: str
    text: str  # the document with its labels stripped
    labels: dict[int, str]  # 1-based line number of each non-blank line: "K" or "D"


def read_labelled(path: Path) -> LabelledDocument:
    """A corpus file: every non-blank line is ``K|text`` or ``D|text`` (split at the first '|')."""
    lines, labels = [], {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if not raw.strip():
            lines.append("")
            continue
        label, sep, text = raw.partition("|")
        if not sep or label not in ("K", "D"):
            raise ValueError(f"{path}:{number}: a line must start with 'K|' or 'D|'")
        lines.append(text)
        if text.strip():
            labels[number] = label
    return LabelledDocument(path, path.parent.name, "\n".join(lines), labels)


def split_of(path: Path) -> str:
    """Every third file of a language, in name order (the 3rd, 6th, 9th, …), is held out as test."""
    siblings = sorted(p.name for p in path.parent.glob("*.txt"))
    return "test" if siblings.index(path.name) % 3 == 2 else "dev"


def corpus(split: str = "all") -> list[LabelledDocument]:
    paths = sorted(CORPUS.glob("*/*.txt"))
    return [read_labelled(p) for p in paths if split == "all" or split_of(p) == split]


def dropped_lines(cleaner: Cleaner, doc: LabelledDocument) -> dict[int, str]:
    """Line number → the rule whose removal took it (a span's non-blank, not yet taken lines)."""
    taken: dict[int, str] = {}
    for removal in cleaner.clean(doc.text).removals:
        for number in range(removal.first_line, removal.last_line + 1):
            if number in doc.labels:
                taken.setdefault(number, removal.rule)
    return taken


@dataclass
class Tally:
    """Counts for one detector, language or the whole split."""

    dropped: int = 0  # lines removed
    dropped_d: int = 0  # of which labelled D
    boilerplate: int = 0  # D lines in the documents

    @property
    def precision(self) -> float:
        return self.dropped_d / self.dropped if self.dropped else 1.0

    @property
    def recall(self) -> float:
        return self.dropped_d / self.boilerplate if self.boilerplate else 1.0

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "dropped": self.dropped,
            "dropped_d": self.dropped_d,
            "lost_k": self.dropped - self.dropped_d,
            "d_lines": self.boilerplate,
        }


@dataclass
class Evaluation:
    overall: Tally = field(default_factory=Tally)
    languages: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    detectors: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    lost: list[tuple[str, int, str, str]] = field(default_factory=list)  # K lines dropped: file, line, rule, text
    missed: list[tuple[str, int, str]] = field(default_factory=list)  # D lines kept: file, line, text
    documents: int = 0


def evaluate(split: str = "all", cleaner: Cleaner | None = None) -> Evaluation:
    cleaner = cleaner or Cleaner(builtin=False)
    result = Evaluation()
    for doc in corpus(split):
        result.documents += 1
        taken = dropped_lines(cleaner, doc)
        lines = doc.text.split("\n")
        boilerplate = sum(label == "D" for label in doc.labels.values())
        for tally in (result.overall, result.languages[doc.language]):
            tally.boilerplate += boilerplate
        for number, label in doc.labels.items():
            rule = taken.get(number)
            if rule is None:
                if label == "D":
                    result.missed.append((doc.path.name, number, lines[number - 1]))
                continue
            for tally in (result.overall, result.languages[doc.language], result.detectors[rule]):
                tally.dropped += 1
                tally.dropped_d += label == "D"
            if label == "K":
                result.lost.append((doc.path.name, number, rule, lines[number - 1]))
    return result


def table(title: str, rows: dict[str, Tally], *, recall: bool = True) -> str:
    head = f"| {title} | precision | recall | dropped | lost K | D lines |" if recall else f"| {title} | precision | dropped | lost K |"
    out = [head, "|" + "---|" * (head.count("|") - 1)]
    for name, t in rows.items():
        if recall:
            out.append(f"| {name} | {t.precision:.3f} | {t.recall:.3f} | {t.dropped} | {t.dropped - t.dropped_d} | {t.boilerplate} |")
        else:
            out.append(f"| {name} | {t.precision:.3f} | {t.dropped} | {t.dropped - t.dropped_d} |")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=SPLITS, default="all")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--errors", action="store_true", help="list K lines dropped and D lines kept")
    args = parser.parse_args()
    result = evaluate(args.split)
    languages = dict(sorted(result.languages.items(), key=lambda item: -item[1].boilerplate))
    detectors = dict(sorted(result.detectors.items()))
    if args.json:
        print(
            json.dumps(
                {
                    "split": args.split,
                    "documents": result.documents,
                    "overall": result.overall.as_dict(),
                    "languages": {k: v.as_dict() for k, v in languages.items()},
                    "detectors": {
                        k: {key: v for key, v in t.as_dict().items() if key not in ("recall", "d_lines")} for k, t in detectors.items()
                    },
                },
                indent=2,
            )
        )
    else:
        print(f"split: {args.split}, {result.documents} documents\n")
        print(table("language", {**languages, "**all**": result.overall}) + "\n")
        print(table("detector", detectors, recall=False))
    if args.errors:
        print("\nK lines dropped:", file=sys.stderr)
        for name, number, rule, text in result.lost:
            print(f"  {name}:{number} [{rule}] {text}", file=sys.stderr)
        print("\nD lines kept:", file=sys.stderr)
        by_file = Counter(name for name, _, _ in result.missed)
        for name, number, text in result.missed:
            print(f"  {name}:{number} ({by_file[name]}) {text}", file=sys.stderr)


if __name__ == "__main__":
    main()
