"""Step 5: the output form, in one of two layouts (kept lines only, words untouched); and the one
JSON shape of a cleaned document."""

from __future__ import annotations

from dataclasses import asdict

import regex

from .document import Document, Overruling, Removal
from .text import LINE_WITH_END


def render(doc: Document, text: str | None) -> str:
    """The kept lines of ``text`` (split as ``doc`` was) in the document's layout (the normalised
    one is made of ``doc``'s lines alone: ``text`` may be None)."""
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
    parts.append("\n")  # joined with the rest: adding it after would copy the whole text
    return "".join(parts)


#: Lines Markdown would read as a heading, quote, rule, fence, table or HTML, or that start with
#: the escape itself: escaped in ``as_markdown``.
_MARKUP_START = regex.compile(r"#|>|<|\||`{3}|~{3}|=+$|[-*_](?:\s*[-*_]){2,}$|\+\s|\\")
_MARKDOWN_ITEM = regex.compile(r"(?:[-*+]|\d{1,9}[.)])\s")


def as_markdown(text: str) -> str:
    """Normalised text as Markdown, words untouched: its first line the heading (``# ``), list
    items as they are, a line that Markdown would read as markup escaped, and the lines of a
    block (list items that are not Markdown's) kept apart by hard line breaks. ``from_markdown``
    takes the markup off again."""
    lines = text.split("\n")
    out = []
    for n, line in enumerate(lines):
        following = n + 1 < len(lines) and lines[n + 1]
        if not line or _MARKDOWN_ITEM.match(line):
            out.append(line)
            continue
        if n == 0:
            line = "# " + line
        elif _MARKUP_START.match(line):
            line = "\\" + line
        out.append(line + "\\" if following and n > 0 else line)
    return "\n".join(out)


def from_markdown(text: str) -> str:
    """The text ``as_markdown`` made Markdown of, its markup taken off (the heading's ``# ``,
    escapes, hard line breaks), so that cleaning its own Markdown output changes nothing. Any
    other Markdown stays as it is."""
    lines = text.split("\n")
    out = []
    for n, line in enumerate(lines):
        following = n + 1 < len(lines) and lines[n + 1]
        if not line or _MARKDOWN_ITEM.match(line):
            pass
        elif n == 0:
            line = line.removeprefix("# ")
        else:
            if following:
                line = line.removesuffix("\\")
            if line.startswith("\\") and _MARKUP_START.match(line, 1):
                line = line[1:]
        out.append(line)
    return "\n".join(out)


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


def document_json(
    text: str | None,
    outlet: str | None,
    confidence: float,
    removals: list[Removal],
    overruled: list[Overruling],
    warnings: list[str],
    page: dict | None = None,
) -> dict:
    """A cleaned document as JSON (``--format json``, HTML pages, web archives): an HTML page's
    metadata first, then the outlet, the text, the confidence that it is all article, every
    removal, every proposed line the decision step kept, and the warnings."""
    removed = [asdict(removal) for removal in removals]
    kept = [asdict(overruling) for overruling in overruled]
    return {
        **(page or {}),
        "outlet": outlet,
        "text": text,
        "confidence": round(confidence, 3),
        "removals": removed,
        "overruled": kept,
        "warnings": warnings,
    }
