"""Step 5: the output form. Kept lines only, whitespace normalised, words untouched; and the one
JSON shape of a cleaned document."""

from __future__ import annotations

from dataclasses import asdict

from .document import Removal
from .text import is_list_item, split_lines


def render(lines: list[str]) -> str:
    """Join kept lines in the output form: one paragraph a line, one empty line between
    paragraphs, list items that stood together kept together, LF, one final newline."""
    blocks: list[list[str]] = []
    previous_blank = True
    for line in lines:
        if not line:
            previous_blank = True
            continue
        joins_list = not previous_blank and blocks and is_list_item(line) and is_list_item(blocks[-1][-1])
        if joins_list:
            blocks[-1].append(line)
        else:
            blocks.append([line])
        previous_blank = False
    if not blocks:
        return ""
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def normalised(text: str) -> str:
    """Any text in the output form: how a case's ``expect`` is compared with what cleaning gives."""
    return render([line.strip() for line in split_lines(text)])


def document_json(text: str | None, outlet: str | None, removals: list[Removal], warnings: list[str], page: dict | None = None) -> dict:
    """A cleaned document as JSON (``--format json``, HTML pages, web archives): an HTML page's
    metadata first, then the outlet, the text, every removal and the warnings."""
    removed = [asdict(removal) for removal in removals]
    return {**(page or {}), "outlet": outlet, "text": text, "removals": removed, "warnings": warnings}
