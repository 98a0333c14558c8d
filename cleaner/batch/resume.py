"""The log of finished inputs that lets ``--resume`` skip them after an interruption.

One line per finished input: its key (relative path or JSONL line), its content hash, and
whether an output was written. Lines are appended and flushed one by one, so a killed run
leaves at worst a half line at the end, which is ignored.
"""

from __future__ import annotations

from pathlib import Path

from .items import Item


class ResumeLog:
    def __init__(self, path: Path, resume: bool):
        self.path = path
        self.entries: list[tuple[str, str, bool]] = self._load() if resume else []
        self.done = {(key, digest) for key, digest, _ in self.entries}
        self.keys = {key for key, _, _ in self.entries}
        path.parent.mkdir(parents=True, exist_ok=True)
        self._rewrite(self.entries)
        self.stream = path.open("a", encoding="utf-8", errors="surrogateescape")

    def _load(self) -> list[tuple[str, str, bool]]:
        if not self.path.exists():
            return []
        entries = []
        for line in self.path.read_text(encoding="utf-8", errors="surrogateescape").split("\n"):
            parts = line.split("\t")
            if len(parts) == 3 and parts[2] in {"written", "skipped"}:
                entries.append((parts[0], parts[1], parts[2] == "written"))
        return entries

    def _rewrite(self, entries: list[tuple[str, str, bool]]) -> None:
        self.path.write_text(
            "".join(f"{key}\t{digest}\t{'written' if wrote else 'skipped'}\n" for key, digest, wrote in entries),
            encoding="utf-8",
            errors="surrogateescape",
        )

    @property
    def written(self) -> int:
        return sum(wrote for _, _, wrote in self.entries)

    def is_done(self, item: Item) -> bool:
        return (item.key, item.digest) in self.done

    def changed(self, item: Item) -> bool:
        """The item was finished before, but its content has changed since."""
        return item.key in self.keys and not self.is_done(item)

    def add(self, item: Item, wrote: bool) -> None:
        self.stream.write(f"{item.key}\t{item.digest}\t{'written' if wrote else 'skipped'}\n")
        self.stream.flush()

    def close(self, completed: bool) -> None:
        self.stream.close()
        if completed:
            self.path.unlink(missing_ok=True)
