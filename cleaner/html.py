"""HTML pages in: trafilatura extracts the article, then the outlet's rules and the generic
detectors clean it.

The line model gives a second opinion: over the page's whole text (a line at every block element of
the page's one parsed tree), the lines that localisation (G020) keeps are the article block. The block is
cleaned instead of trafilatura's text when trafilatura returns nothing, or when the block holds
clearly more article, by the model's article probabilities, and holds trafilatura's article too; when
it holds only part of trafilatura's article, both are (the block's lines and trafilatura's, in the
page's order), so a comment section or another part of the page never replaces it. The headline on
top is the article's: the page's h1, else its og:title; the deck below it is the line under the
headline that reads as the page's description, when the text lacks it (trafilatura often leaves it out).

The outlet is picked from the URL (given, else the page's canonical or og:url) before
extraction, so that its rule file's ``[html]`` selectors prune the page furniture
trafilatura cannot know about (related boxes, appeal modals, captions).
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import regex
import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.metadata import META_URL, examine_meta, extract_meta_json, extract_sitename, extract_title, extract_url
from trafilatura.settings import Document as PageMetadata
from trafilatura.utils import load_html
from trafilatura.xpaths import REMOVE_COMMENTS_XPATH

from .document import Document
from .linemodel import article_probabilities
from .localisation import article_block
from .pipeline import Cleaner, CleanResult
from .read import GZIP_MAGIC, InputError, holds_html_page, mostly_utf8, read_text
from .render import document_json
from .text import fold, folds

#: Largest page accepted, in bytes (after gzip decompression) or characters.
MAX_HTML_BYTES = 20_000_000
_DECLARED_CHARSET = regex.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", regex.IGNORECASE
)
#: Labels that browsers read as windows-1252 (the WHATWG encoding standard), whose bytes
#: 0x80-0x9F are then letters and punctuation, not control characters.
_AS_CP1252 = {"iso8859-1", "ascii"}


@dataclass
class HtmlResult:
    """The page's metadata and the cleaned article."""

    url: str | None  # as given, else the page's canonical or og:url
    title: str | None
    sitename: str | None
    author: str | None  # None when the metadata is not asked for
    date: str | None  # YYYY-MM-DD, as found by trafilatura (htmldate); None when the metadata is not asked for
    result: CleanResult
    extractor: str = "trafilatura"  # or "localiser": whose text of the page was cleaned
    extracted: str = ""  # the page's article text before cleaning (what --diff compares with)

    @property
    def outlet(self) -> str | None:
        return self.result.outlet

    @property
    def text(self) -> str:
        return self.result.text

    def metadata(self) -> dict:
        """What the page says of itself, as the JSON output carries it."""
        return {
            "url": self.url,
            "date": self.date,
            "title": self.title,
            "sitename": self.sitename,
            "author": self.author,
            "extractor": self.extractor,
        }

    def to_json(self) -> dict:
        result = self.result
        return document_json(self.text, self.outlet, result.confidence, result.removals, result.overruled, result.warnings, self.metadata())


def read_html(data: bytes, charset: str | None = None, max_bytes: int = MAX_HTML_BYTES) -> tuple[str, list[str]]:
    """Bytes of a page (gzip-compressed or not) to text, and warnings (bytes replaced).

    Valid UTF-8 is read as UTF-8 whatever the page declares (a declared single-byte charset
    over UTF-8 bytes is the common mistake), and so is mostly-UTF-8 with a few invalid bytes
    (replaced); otherwise the charset given (say, from an HTTP header) or declared in the
    page is used if the bytes decode with it; otherwise the charset is detected as for any
    text (``cleaner.read.read_text``).
    """
    if data.startswith(GZIP_MAGIC):
        data = _gunzip(data, max_bytes)
    if len(data) > max_bytes:
        raise InputError(f"HTML page larger than {max_bytes} bytes ({len(data)})")
    try:
        return data.decode("utf-8").removeprefix("\ufeff"), []
    except UnicodeDecodeError:
        pass
    utf8 = mostly_utf8(data.removeprefix(codecs.BOM_UTF8))
    if utf8 is not None:
        return utf8
    for label in (charset, _declared_charset(data)):
        codec = _codec(label)
        if codec is not None:
            try:
                return data.decode(codec), []
            except UnicodeDecodeError:
                continue
    return read_text(data)


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            plain = stream.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"broken gzip data: {exc}") from None
    if len(plain) > max_bytes:
        raise InputError(f"HTML page larger than {max_bytes} bytes once decompressed")
    return plain


def _declared_charset(data: bytes) -> str | None:
    found = _DECLARED_CHARSET.search(data[:4096])
    if found is None:
        return None
    return (found.group(1) or found.group(2)).decode("ascii", "replace")


def _codec(label: str | None) -> str | None:
    """Python's codec for a charset label, or None for an unknown label."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return "cp1252" if name in _AS_CP1252 else name


def clean_html(
    cleaner: Cleaner,
    data: bytes | str,
    *,
    path: str | None = None,
    source: str | None = None,
    normalise: bool = True,
    metadata: bool = True,
    **hints: str | None,
) -> HtmlResult:
    """Extract the article of an HTML page (``extract_html``, which takes the same ``path``,
    ``source``, ``metadata`` and ``hints``: ``url``, ``charset``) and clean it; ``normalise`` as for
    ``Cleaner.clean``. ``metadata`` is on by default here, where the result shows the page's date and
    author (off in ``extract_html``). Raises InputError when the page cannot be read or holds no
    article text.
    """
    page = extract_html(cleaner, data, path=path, source=source, metadata=metadata, **hints)
    result = cleaner.clean(page.text, url=page.url, path=path, source=source, normalise=normalise, headline=page.headline)
    result.warnings[:0] = page.warnings
    meta = page.document
    if meta is None:
        return HtmlResult(page.url, None, None, None, None, result, page.extractor, page.text)
    return HtmlResult(page.url, meta.title, meta.sitename, meta.author, meta.date, result, page.extractor, page.text)


@dataclass
class Extracted:
    """The article text of a page as the pipeline gets it, its URL, trafilatura's document (None
    when it found none), whose text it is (``trafilatura``'s or the ``localiser``'s) and its
    headline (the line on top, or among the first lines; None when the page has none)."""

    text: str
    url: str | None
    document: trafilatura.settings.Document | None
    extractor: str = "trafilatura"
    warnings: list[str] = field(default_factory=list)  # from reading the bytes (bytes replaced)
    headline: str | None = None


def extract_html(
    cleaner: Cleaner,
    data: bytes | str,
    *,
    url: str | None = None,
    path: str | None = None,
    source: str | None = None,
    charset: str | None = None,
    metadata: bool = False,
) -> Extracted:
    """The article text of an HTML page, headline on top, before cleaning (``clean_html`` cleans it).

    ``url``, ``path`` and ``source`` pick the outlet as for text; without ``url`` the page's
    canonical or og:url is used. ``charset`` is a hint, such as an HTTP header's. With ``metadata``,
    the document is trafilatura's whole metadata, the page's date (htmldate's extensive search, which
    can cost dateparser's cold start, over a second) and author among it; else only what the headline
    and the deck read (``page_metadata``): the text does not depend on the rest.
    """
    text, warnings = read_html(data, charset) if isinstance(data, bytes) else (data, [])
    if len(text) > MAX_HTML_BYTES:
        raise InputError(f"HTML page larger than {MAX_HTML_BYTES} characters ({len(text)})")
    if not holds_html_page(text):
        raise InputError("not an HTML page (no doctype, <html>, <head> or <body> in its first 64 KB)")
    tree = _parse(text)
    page_url = url or _page_url(tree)
    outlet = cleaner.outlet_finder.find("", url=page_url, path=path, source=source).outlet
    document = trafilatura.bare_extraction(
        tree,
        url=page_url,
        with_metadata=metadata,
        include_comments=False,
        include_tables=True,
        prune_xpath=outlet.prune_xpath if outlet and outlet.prune_xpath else None,
    )
    if document is not None and not metadata:
        document = page_metadata(tree, page_url, document.text)
    extracted = document.text if document is not None and document.text else ""
    title = headline(tree, document.title, document.sitename) if document is not None else headline(tree, None)
    whole_text = page_text(tree)
    shown_deck = deck(whole_text, title, document.description if document is not None else None)
    block = second_opinion(whole_text, extracted, lambda: comment_sections(tree))
    if block is not None:
        text = with_headline(title, with_deck(shown_deck, title, block))
        return Extracted(text, page_url or (document.url if document else None), document, "localiser", warnings, title)
    if not extracted.strip():
        raise InputError("no article text found in the HTML page")
    text = with_headline(title, with_deck(shown_deck, title, extracted))
    return Extracted(text, page_url or document.url, document, "trafilatura", warnings, title)


#: The article block replaces trafilatura's text when it holds this many times its article (the
#: model's article probabilities, as net characters: article minus boilerplate)…
SECOND_OPINION_GAIN = 2.0
#: … and this share of trafilatura's article, unless trafilatura's holds less article than
#: ``LITTLE_ARTICLE`` characters (a teaser, a caption: not an article the block could miss).
HOLDS_EXTRACTED = 0.9
LITTLE_ARTICLE = 300
#: A block that holds this share of trafilatura's article but not ``HOLDS_EXTRACTED`` is taken with
#: trafilatura's lines (on the dev pages where this happens, each holds a part of the article that
#: the other missed); one that holds less is another part of the page.
HOLDS_SOME = 0.25
#: Lines shorter than this (letters and digits) are not looked for in trafilatura's text.
_MATCHED_CHARS = 8
#: Trafilatura's text of this share of the page's whole text or more is not second-guessed: scoring
#: the whole page costs about a fifth of trafilatura's own time. At 0.45 the dev pages' outputs are
#: those of 0.6 (bench/same_output.py --html: 685 of 685 identical; asked on about 140 pages, not 240);
#: at 0.3, 6 pages differ (the block taken from trafilatura's text of 0.3-0.45 of the page's).
SECOND_OPINION_BELOW = 0.45


def second_opinion(whole_text: str, extracted: str, comments: Callable[[], str] = str) -> str | None:
    """The article as the page's whole text shows it, when it should replace trafilatura's
    ``extracted`` text: the article block when trafilatura found nothing, or when the block holds
    clearly more article than trafilatura's text and holds its article too; the block and
    trafilatura's lines together when the block holds only some of its article; else None. Each
    line counts by its characters and the model's article probability in the whole page. The block
    ends before the first line of the page's comment section (``comments()``, asked for only when
    the block would be taken): a comment section never adds to the article. Not asked for when
    trafilatura's text is ``SECOND_OPINION_BELOW`` of the whole text or more."""
    if extracted.strip() and len(extracted) >= SECOND_OPINION_BELOW * len(whole_text):
        return None
    doc = Document.from_text(whole_text)
    block = set(article_block(doc))
    if not block or _taken(doc, block, extracted) is None:
        return None
    keys = {key for line in comments().splitlines() if len(key := fold(line)) >= _MATCHED_CHARS}
    first_comment = next((i for i in sorted(block) if fold(doc.lines[i]) in keys), None)
    if first_comment is not None:
        block = {i for i in block if i < first_comment}
    taken = _taken(doc, block, extracted) if block else None
    return None if taken is None else "\n".join(doc.lines[i] for i in sorted(taken))


def _taken(doc: Document, block: set[int], extracted: str) -> set[int] | None:
    """The lines of the page ``doc`` that replace trafilatura's ``extracted`` text: the article
    ``block``, or the block and the lines of trafilatura's text; None when trafilatura's text
    stays (``second_opinion``)."""
    if not extracted.strip():
        return block
    p = article_probabilities(doc)
    folded, keys = folded_text(extracted), folds(doc.lines)
    found = {i for i in doc.live() if len(key := keys[i]) >= _MATCHED_CHARS and key in folded}

    def article(lines: set[int]) -> float:
        return sum(len(doc.lines[i]) * p[i] for i in lines)

    def net(lines: set[int]) -> float:
        return sum(len(doc.lines[i]) * (2 * p[i] - 1) for i in lines)

    longer = sum(len(doc.lines[i]) + 1 for i in block) - 1 > len(extracted)
    if not longer or net(block) <= SECOND_OPINION_GAIN * max(net(found), 0.0):
        return None
    held = article(found & block)
    if article(found) < LITTLE_ARTICLE or held >= HOLDS_EXTRACTED * article(found):
        return block
    return block | found if held >= HOLDS_SOME * article(found) else None


def comment_sections(tree: HtmlElement) -> str:
    """The text of the page's comment sections, as trafilatura finds them to leave them out
    of the article (its ``REMOVE_COMMENTS_XPATH``)."""
    return "".join(page_text(element) for expression in REMOVE_COMMENTS_XPATH for element in expression(tree))


_BLOCKS = frozenset(
    "address article aside blockquote br dd details dialog div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table td th tr ul title option button".split()
)
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "head")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


@cache
def _text_with_line_breaks() -> etree.XSLT:
    """The XSLT (run by libxslt, with no Python per element) that writes an element's text with
    a line break at each end of every block element, the invisible elements left out (their
    tails not, nor comments' tails)."""
    return etree.XSLT(
        etree.XML(
            '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
            '<xsl:output method="text" encoding="UTF-8"/>'
            f'<xsl:template match="{"|".join(_INVISIBLE)}"/>'
            f'<xsl:template match="{"|".join(sorted(_BLOCKS))}">'
            "<xsl:text>&#10;</xsl:text><xsl:apply-templates/><xsl:text>&#10;</xsl:text></xsl:template>"
            "</xsl:stylesheet>"
        )
    )


def page_text(page: str | HtmlElement) -> str:
    """The whole text of a page (its parsed tree, or its HTML; of an element, with its tail), one
    block a line: a line break at every block element, the invisible elements left out, spaces
    collapsed, empty lines dropped. A tree as the HTML parser builds it (``_parse``: 255 levels of
    nesting at most, what lies deeper dropped), well within libxslt's 3,000 levels of recursion."""
    tree = _parse(page) if isinstance(page, str) else page
    text = str(_text_with_line_breaks()(tree)) + (tree.tail or "")  # the XSLT leaves the tail out
    lines = []
    for line in text.splitlines():  # no space that _SPACES collapses ends a line
        if stripped := line.strip():  # most lines of a page are its markup's indentation
            if shown := _SPACES.sub(" ", stripped).strip():
                lines.append(shown)
    return "\n".join(lines) + "\n"


#: A headline has at least this many words to be taken from an h1 that the metadata title does not echo.
_HEADLINE_WORDS = 3


def headline(tree: HtmlElement, meta: str | None, sitename: str | None = None) -> str | None:
    """The article's headline as the page shows it: the h1 that the page's metadata title ``meta``
    (trafilatura's: og:title, JSON-LD or <title>) less the ``sitename`` it ends with ("… | web.dev")
    echoes most (``_echoed``), else the first h1 of three words or more, else that title; never an
    h1 that names the site (``_names_the_site``). None when the page has none of them."""
    elements = list(tree.iter("h1"))  # one walk of the tree for both
    title = _title(tree, [h1 for h1 in elements if h1 is not tree], meta, sitename)
    h1s = [text for h1 in elements if fold(text := shown_text(h1)) and not _names_the_site(text, sitename, title)]
    shared = [_echoed(h1, title) for h1 in h1s]
    if any(shared):
        return h1s[shared.index(max(shared))]  # the first of those that echo it most
    found = next((h1 for h1 in h1s if len(h1.split()) >= _HEADLINE_WORDS), None) or title
    return found.strip() if found and fold(found) else None


def _title(tree: HtmlElement, h1s: list[HtmlElement], meta: str | None, sitename: str | None) -> str:
    """The page's title ``meta`` less its ``sitename``; but when ``meta`` is the page's lone h1 (of
    its ``h1s``, as trafilatura titles a page whose meta tags name no title) and the page's <title>
    element does not echo it (a blog's name), that element's text, less the site's name."""
    lone_h1 = bool(meta) and len(h1s) == 1 and fold(shown_text(h1s[0])) == fold(meta)
    if lone_h1 and (element := tree.find(".//head//title")) is not None:  # a walk of the tree: only then
        own = without_site_name(shown_text(element), sitename)
        if fold(own) and not _echoed(meta, own):
            return own
    return without_site_name(meta or "", sitename)


def _names_the_site(h1: str, sitename: str | None, title: str) -> bool:
    """Whether ``h1`` is the ``sitename`` and not a part of the ``title`` (trafilatura's site name
    can be the title's first part, the headline, when no meta tag names the site)."""
    return bool(sitename) and fold(h1) == fold(sitename) and not set(fold_words(h1)) <= set(fold_words(title))


def _echoed(h1: str, title: str) -> int:
    """How many words of ``h1`` the ``title`` holds, when it holds half of them or more and, for a
    one-word h1, is that word ("Planning", a menu's, in "The Ultimate Wedding Planning Checklist");
    else 0."""
    words = fold_words(h1)
    if len(words) == 1 and fold(h1) != fold(title):
        return 0
    title_words = set(fold_words(title))
    shared = sum(word in title_words for word in words)
    return shared if shared >= len(words) / 2 else 0


#: What separates a title from the site's name in a page's <title> ("Headline | Site", "Headline - Site").
_SITE_SEPARATOR = regex.compile(r"\s+[|\-–—·•:]\s+")


def without_site_name(title: str, sitename: str | None) -> str:
    """``title`` less its last part when that part, after a separator, is the site's name."""
    parts = _SITE_SEPARATOR.split(title)
    if sitename and fold(sitename) and len(parts) > 1 and fold(parts[-1]) == fold(sitename):
        return title[: title.rfind(parts[-1])].rstrip().rstrip("|-–—·•:").rstrip()
    return title


def shown_text(element: HtmlElement) -> str:
    """An element's text as the page shows it, spaces collapsed, with a space where a child
    element's text meets its neighbour's at a sentence mark or a capital (a kicker in a span of its
    own, styled apart), but not inside a word ("<em>Wor</em>d")."""
    pieces = [piece for piece in element.itertext() if piece]
    text = pieces[0] if pieces else ""
    for piece in pieces[1:]:
        left, right = text[-1:], piece[:1]
        if left and right and not left.isspace() and not right.isspace() and _glued(left, right):
            text += " "
        text += piece
    return " ".join(text.split())


def _glued(left: str, right: str) -> bool:
    """Whether text ending in ``left`` and text starting with ``right`` read as two phrases."""
    if not right.isalnum():
        return False  # "Guardian" + "'s", "word" + ","
    if left.isalnum():
        return left.islower() and right.isupper()  # "Demo" + "Der", not "Wor" + "d"
    return left not in "([{\"'«„“‘-"  # "Ukraine:" + "Talks"; not "(" + "word" or "-" + "word"


def folded_text(text: str) -> str:
    """``fold`` of a text of many lines, by ``folds`` (in numpy) over its lines."""
    return "".join(folds(text.split("\n")))


def fold_words(text: str) -> list[str]:
    return [fold(word) for word in text.split() if fold(word)]


#: The headline is looked for in this many of the text's first lines before it is put on top.
_HEADLINE_WITHIN = 5


def with_headline(title: str | None, text: str) -> str:
    """The article as its outlet published it starts with its headline, which trafilatura
    keeps apart, as metadata: put it back on top unless one of the text's first lines already
    reads as it (the same letters and digits, whatever the case, quotes or colons)."""
    if not title or not fold(title):
        return text
    first = [line for line in text.splitlines() if line.strip()][:_HEADLINE_WITHIN]
    if fold(title) in {fold(line) for line in first}:
        return text
    return f"{title.strip()}\n\n{text}"


#: The deck is looked for in this many of the page's lines below the headline…
_DECK_WITHIN = 5
#: … as a line that opens with the page's description, or its first this many letters and digits (a
#: description can be cut short), of a description of ``_DECK_CHARS`` of them or more.
_DECK_OPENING = 60
_DECK_CHARS = 40


def deck(whole_text: str, title: str | None, description: str | None) -> str | None:
    """The article's deck (its standfirst) as the page shows it: of the ``_DECK_WITHIN`` lines below
    the headline's first copy in the page's ``whole_text`` (``page_text``), the first that opens with
    the page's ``description`` (og:description or meta description, as trafilatura reads it); None
    when no line does, or the page shows no line that reads as the headline."""
    key = fold(description or "")
    if not title or len(key) < _DECK_CHARS:
        return None
    lines, folded_title = whole_text.splitlines(), fold(title)
    top = next((n for n, folded in enumerate(folds(lines)) if folded == folded_title), None)
    if top is None:
        return None
    below = lines[top + 1 : top + 1 + _DECK_WITHIN]
    return next((line for line in below if fold(line).startswith(key[:_DECK_OPENING])), None)


def with_deck(shown: str | None, title: str | None, text: str) -> str:
    """``text`` with the deck ``shown`` below its headline (among its first lines; else on top),
    unless the text already holds it: the deck is the article's first paragraph, which trafilatura
    often leaves out with the page's header."""
    if not shown or fold(shown) in folded_text(text):
        return text
    lines = text.splitlines()
    first = [n for n, line in enumerate(lines) if line.strip()][:_HEADLINE_WITHIN]
    at = next((n + 1 for n in first if title and fold(lines[n]) == fold(title)), 0)
    return "\n".join([*lines[:at], *([""] if at else []), shown, "", *lines[at:]]) + ("\n" if text.endswith("\n") else "")


def page_metadata(tree: HtmlElement, url: str | None, text: str) -> PageMetadata:
    """The page's title, site name, description and URL as trafilatura's ``extract_metadata`` finds
    them (``url``: the one known), without its costly searches (author, date, categories, tags,
    licence), and the article ``text``: what the headline, the deck and the output read."""
    found = examine_meta(tree)
    try:
        found = extract_meta_json(tree, found)
    except Exception:  # noqa: BLE001 -- as extract_metadata: bugs in trafilatura's JSON-LD reading
        pass
    found.title = found.title or extract_title(tree)
    found.url = found.url or extract_url(tree, url)
    found.sitename = found.sitename or extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url and (match := META_URL.match(found.url)):
        found.sitename = match[1]
    found.author = found.date = None
    found.clean_and_trim()
    found.text = text
    return found


def _page_url(tree: HtmlElement) -> str | None:
    """The page's canonical URL, else its og:url."""
    canonical = extract_url(tree)
    if canonical:
        return canonical
    og_url = tree.find('.//head//meta[@property="og:url"]')
    return (og_url.get("content") or "").strip() or None if og_url is not None else None


def _parse(text: str) -> HtmlElement:
    tree = load_html(text)
    if tree is None:
        raise InputError("the HTML page could not be parsed")
    return tree
