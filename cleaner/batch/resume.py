"""The log of finished inputs that lets ``--resume`` skip them after an interruption.

Its first line is the run's state (the cleaner's version, the rule set's fingerprint and the
options that shape the output): a resume with another state is refused, so that one output
never mixes two kinds of cleaning. Then one line per finished input: its key (relative path
or JSONL line), its content hash, and whether an output was written. Lines are appended and
flushed one by one, so a killed run leaves at worst a half line at the end, which is ignored.
The log is locked while a run writes beside it (``LOG.lock``, with filelock: on every platform),
so a second run into the same output is refused.
"""

from __future__ import annotations

import json
from contextlib import suppress
from pathlib import Path

from .items import Item

_STATE = "#state\t"


class ResumeError(Exception):
    pass


class BusyError(Exception):
    """Another run is writing the same output."""


class ResumeLog:
    def __init__(self, path: Path, resume: bool, state: dict | None = None):
        self.path = path
        state = json.loads(json.dumps(state or {}, sort_keys=True))  # as it reads back: lists, not tuples
        path.parent.mkdir(parents=True, exist_ok=True)
        from filelock import FileLock, Timeout  # only for a run that keeps a log

        self.lock = FileLock(path.with_name(path.name + ".lock"))
        try:
            self.lock.acquire(timeout=0)
        except Timeout:
            raise BusyError(f"{path}: another cleaner run is writing the same output; wait for it to end") from None
        self.stream = open(path, "a+", encoding="utf-8", errors="surrogateescape")  # noqa: SIM115 (held for the run)
        self.stream.seek(0)
        stored, self.entries = _parse(self.stream.read()) if resume else (None, [])
        if self.entries and stored != state:
            self.close(completed=False)
            raise ResumeError(f"{path}: the interrupted run used {_difference(stored, state)}; run again without --resume")
        self.done = {(key, digest) for key, digest, _ in self.entries}
        self.keys = {key for key, _, _ in self.entries}
        self.stream.seek(0)
        self.stream.truncate()
        self.stream.write(_STATE + json.dumps(state, sort_keys=True) + "\n")
        self.stream.writelines(f"{key}\t{digest}\t{'written' if wrote else 'skipped'}\n" for key, digest, wrote in self.entries)
        self.stream.flush()

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
            with suppress(OSError):  # removed while held: a run that opened it meanwhile tries again (Windows: not while locked)
                Path(self.lock.lock_file).unlink()
        self.lock.release()


def _parse(text: str) -> tuple[dict | None, list[tuple[str, str, bool]]]:
    state, entries = None, []
    for line in text.split("\n"):
        if line.startswith(_STATE):
            state = json.loads(line.removeprefix(_STATE))
            continue
        parts = line.split("\t")
        if len(parts) == 3 and parts[2] in {"written", "skipped"}:
            entries.append((parts[0], parts[1], parts[2] == "written"))
    return state, entries


def _difference(stored: dict | None, state: dict) -> str:
    """What differs between the interrupted run's state and this one's, for the message."""
    if stored is None:
        return "an older cleaner that kept no state"
    keys = sorted(key for key in {*stored, *state} if stored.get(key) != state.get(key))
    return "other " + ", ".join(keys)
