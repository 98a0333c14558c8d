"""G018 and G032: class names and layout tokens leaked from the page's markup, and lines of its
scripts and data."""

from __future__ import annotations

import regex

from ..document import Document
from ..lexicon import lexicon
from ..text import strip_bullet
from .base import Detector

#: A class name: lower-case words joined by hyphens or underscores ("col-md-8-offset").
_CLASS_NAME = regex.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+")
_PART_SEPARATOR = regex.compile(r"[-_]")
#: Longest line still taken for a class name.
MAX_CHARS = 60


class MarkupToken(Detector):
    """A stray CSS class name or layout token, alone on a line or as a list item: "clearfix", "- col-md-8-offset", "- hidden-on-mobile".

    Why: Markup the scraper took for text; no sentence is written like a class name.

    Example:
        - col-md-8-offset

    Leaves alone: Hyphenated words in a list of the article.
    """

    lists = ("markup_tokens",)
    line_local = True

    def find(self, doc: Document) -> list[int]:
        table, lines = doc.table, doc.lines
        found = []
        for i in doc.live():
            line = lines[i]
            if len(line) > MAX_CHARS or " " in (item := strip_bullet(line)):
                continue
            if table.has(i, "markup_tokens") or (
                _CLASS_NAME.fullmatch(item) and any(part in _PARTS for part in _PART_SEPARATOR.split(item))
            ):
                found.append(i)
        return found


_PARTS = lexicon("markup_parts")

#: A JSON object or array on one line, minified: it opens with '{"' or '[{"' and closes with a bracket.
_JSON_LINE = regex.compile(r'^\[?\{"[^"]+":.*[}\]]$')
#: A key of minified JSON: '"key":' with a value right after it (no space, as JSON is written by a program).
_JSON_KEY = regex.compile(r'"[\w@$.:-]+":(?=["{\[\dtfn-])')
#: A line of data is taken only when it is this long and has this many keys at least: an article's
#: own example of JSON is short ('{"id":12345,"name":"John Doe"}'); shortest line still taken for
#: minified script, and its most spaces.
MIN_JSON_CHARS = 200
MIN_JSON_KEYS = 4
MIN_SCRIPT_CHARS = 120
MAX_SCRIPT_SPACE_SHARE = 0.03
#: Marks of script a minified line must hold at least this many of, per hundred characters.
MIN_SCRIPT_MARKS = 6
_SCRIPT_MARKS = frozenset("{}();=")


class ScriptText(Detector):
    """A line of the page's script or data that the scraper took for text: minified JSON ('{"articleId":"…","url":"…",…}') or minified script.

    Why: Programs write such lines for programs; no writer of an article does, and a code sample in an article is spaced out for its reader.

    Example:
        {"allowComment":"allowed","articleId":"article-10277301","url":"https://example.com/a.html","livefyre-url":"article-10277301"}

    Leaves alone: A code sample written to be read (JSON with spaces after its colons, script with spaces around its operators), a short line of JSON (an article's example), and a sentence that quotes a key.
    """

    line_local = True

    def find(self, doc: Document) -> list[int]:
        lines, removed = doc.lines, doc.removed
        return [i for i in doc.live() if i not in removed and _is_script(lines[i])]


def _is_script(line: str) -> bool:
    if _JSON_LINE.match(line):
        return len(line) >= MIN_JSON_CHARS and len(_JSON_KEY.findall(line)) >= MIN_JSON_KEYS
    if len(line) < MIN_SCRIPT_CHARS or line.count(" ") > len(line) * MAX_SCRIPT_SPACE_SHARE:
        return False
    return sum(1 for char in line if char in _SCRIPT_MARKS) * 100 >= MIN_SCRIPT_MARKS * len(line)
