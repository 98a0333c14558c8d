"""Step 5: the output form, in one of two layouts (kept lines only, words untouched); and the one
JSON shape of a cleaned document."""

from __future__ import annotations

from dataclasses import asdict

from .document import Document, Removal
from .text import LINE_WITH_END


def render(doc: Document, text: str) -> str:
    """The kept lines of ``text`` (split as ``doc`` was) in the document's layout."""
    return _normalised(doc) if doc.normalised else _kept_as_written(doc, text)


def _normalised(doc: Document) -> str:
    """One paragraph a line, surrounding spaces gone, one empty line between paragraphs (list
    items that stood together stay together), LF, one final newline."""
    kept = doc.live()
    if not kept:
        return ""
    parts = [doc.lines[kept[0]]]
    for previous, line in zip(kept, kept[1:], strict=False):
        parts += ["\n\n" if doc.blank_between(previous, line) else "\n", doc.lines[line]]
    return "".join(parts) + "\n"


def _kept_as_written(doc: Document, text: str) -> str:
    """The input minus the removed lines, every other line as it was (spaces, line ends).
    Where a removal leaves a run of empty lines on each side, the longer run stays; where it
    leaves one at the start or end of the text, the run goes."""
    lines = LINE_WITH_END.findall(text)
    out: list[str] = []
    blanks: list[str] = []  # the empty lines since the last kept line or removal
    before: list[str] = []  # the longest run of them before a removal
    cut = False  # a removal since the last kept line
    for index, line in enumerate(lines):
        if index in doc.removed:
            before = max(before, blanks, key=len) if cut else blanks
            cut, blanks = True, []
            continue
        if doc.lines[index]:
            if cut:
                blanks = max(before, blanks, key=len) if out else []
            out += [*blanks, line]
            blanks, cut = [], False
        else:
            blanks.append(line)
    if not cut:
        out += blanks
    return "".join(out)


def normalised(text: str) -> str:
    """Any text in the output form: how a case's ``expect`` is compared with what cleaning gives."""
    return render(Document.from_text(text, normalised=True), text)


def document_json(text: str | None, outlet: str | None, removals: list[Removal], warnings: list[str], page: dict | None = None) -> dict:
    """A cleaned document as JSON (``--format json``, HTML pages, web archives): an HTML page's
    metadata first, then the outlet, the text, every removal and the warnings."""
    removed = [asdict(removal) for removal in removals]
    return {**(page or {}), "outlet": outlet, "text": text, "removals": removed, "warnings": warnings}
