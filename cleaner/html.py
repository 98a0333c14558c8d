"""HTML pages in: trafilatura extracts the article, then the outlet's rules and the generic
detectors clean it.

The article localiser (G020) gives a second opinion: it finds the article block in the page's
whole text (BeautifulSoup, a line at every block element); when trafilatura returns nothing, or
much less than that block, the block is cleaned instead.

The outlet is picked from the URL (given, else the page's canonical or og:url) before
extraction, so that its rule file's ``[html]`` selectors prune the page furniture
trafilatura cannot know about (related boxes, appeal modals, captions).
"""

from __future__ import annotations

import codecs
import gzip
import io
import zlib
from dataclasses import dataclass, field

import bs4
import regex
import trafilatura
from lxml.html import HtmlElement
from trafilatura.metadata import extract_url
from trafilatura.utils import load_html

from .localiser import article_block
from .pipeline import Cleaner, CleanResult
from .read import GZIP_MAGIC, InputError, holds_html_page, mostly_utf8, read_text
from .render import document_json

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
    author: str | None
    date: str | None  # YYYY-MM-DD, as found by trafilatura (htmldate)
    result: CleanResult
    extractor: str = "trafilatura"  # or "localiser": whose text of the page was cleaned

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
        return document_json(self.text, self.outlet, self.result.confidence, self.result.removals, self.result.warnings, self.metadata())


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
    cleaner: Cleaner, data: bytes | str, *, path: str | None = None, source: str | None = None, **hints: str | None
) -> HtmlResult:
    """Extract the article of an HTML page (``extract_html``, which takes the same ``path``,
    ``source`` and ``hints``: ``url``, ``charset``) and clean it.
    Raises InputError when the page cannot be read or holds no article text.
    """
    page = extract_html(cleaner, data, path=path, source=source, **hints)
    result = cleaner.clean(page.text, url=page.url, path=path, source=source)
    result.warnings[:0] = page.warnings
    meta = page.document
    if meta is None:
        return HtmlResult(page.url, None, None, None, None, result, page.extractor)
    return HtmlResult(page.url, meta.title, meta.sitename, meta.author, meta.date, result, page.extractor)


@dataclass
class Extracted:
    """The article text of a page as the pipeline gets it, its URL, trafilatura's document (None
    when it found none), and whose text it is: ``trafilatura``'s or the ``localiser``'s."""

    text: str
    url: str | None
    document: trafilatura.settings.Document | None
    extractor: str = "trafilatura"
    warnings: list[str] = field(default_factory=list)  # from reading the bytes (bytes replaced)


def extract_html(
    cleaner: Cleaner,
    data: bytes | str,
    *,
    url: str | None = None,
    path: str | None = None,
    source: str | None = None,
    charset: str | None = None,
) -> Extracted:
    """The article text of an HTML page, headline on top, before cleaning (``clean_html`` cleans it).

    ``url``, ``path`` and ``source`` pick the outlet as for text; without ``url`` the page's
    canonical or og:url is used. ``charset`` is a hint, such as an HTTP header's.
    """
    text, warnings = read_html(data, charset) if isinstance(data, bytes) else (data, [])
    if len(text) > MAX_HTML_BYTES:
        raise InputError(f"HTML page larger than {MAX_HTML_BYTES} characters ({len(text)})")
    if not holds_html_page(text):
        raise InputError("not an HTML page (no doctype, <html>, <head> or <body> in its first 64 KB)")
    tree = _parse(text)
    page_chars = len(tree.text_content())  # no block of the page's text is longer
    page_url = url or _page_url(tree)
    outlet = cleaner.outlet_finder.find("", url=page_url, path=path, source=source).outlet
    document = trafilatura.bare_extraction(
        tree,
        url=page_url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        prune_xpath=outlet.prune_xpath if outlet and outlet.prune_xpath else None,
    )
    extracted = document.text if document is not None and document.text else ""
    block = article_block(page_text(text)) if len(extracted) < SECOND_OPINION_SHARE * page_chars else ""
    if len(block) > len(extracted) / SECOND_OPINION_SHARE:
        return Extracted(block, page_url or (document.url if document else None), document, "localiser", warnings)
    if not extracted.strip():
        raise InputError("no article text found in the HTML page")
    return Extracted(with_headline(document.title, extracted), page_url or document.url, document, warnings=warnings)


#: The localiser's block replaces trafilatura's text when trafilatura's is under this share of it
#: (on the dev split, any larger share lost more pages than it won: trafilatura is rarely short).
SECOND_OPINION_SHARE = 0.1
_BLOCKS = frozenset(
    "address article aside blockquote br dd details dialog div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table td th tr ul title option button".split()
)
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "head")
_SPACES = regex.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def page_text(html: str) -> str:
    """The whole text of a page, one block a line: BeautifulSoup's text with a line break at
    every block element, spaces collapsed, empty lines dropped."""
    soup = bs4.BeautifulSoup(html, "lxml")
    for tag in soup.find_all(_INVISIBLE):
        tag.decompose()
    for tag in soup.find_all(_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    lines = (_SPACES.sub(" ", line).strip() for line in soup.get_text().splitlines())
    return "\n".join(line for line in lines if line) + "\n"


def with_headline(title: str | None, text: str) -> str:
    """The article as its outlet published it starts with its headline, which trafilatura
    keeps apart, as metadata: put it back on top unless the text already starts with it."""
    if not title or text.lstrip().startswith(title.strip()):
        return text
    return f"{title.strip()}\n\n{text}"


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
