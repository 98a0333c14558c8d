"""Step 5: the output form. Kept lines only, whitespace normalised, words untouched."""

from __future__ import annotations

from .text import is_list_item


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
