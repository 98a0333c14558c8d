"""Articles of an invented outlet, for the tests of ``learn``: shared furniture around distinct bodies.

``article(n)`` returns (page, body): the page as scraped, and the body it must clean to.
Every page has a masthead and menu, most a "Listen" link and an appeal box in the body, and all end with a
share prompt, a "More from the Ledger" list of other headlines, and a copyright line.
"""

from __future__ import annotations

import random

TOPICS = "council harbour ferry budget museum river school market bridge storm festival library station".split()
ACTORS = "mayor teachers farmers tourists volunteers engineers residents fishermen nurses students".split()
VERBS = "approved delayed reopened announced rejected extended funded inspected repaired celebrated".split()
WHEN = ["on Monday", "on Tuesday", "last week", "this morning", "after a long debate", "before the summer"]

MASTHEAD = ["Skip to content", "The Harbour Ledger", "News | Harbour | Sport | Opinion"]
APPEAL = [
    "Support the Ledger",
    "Local reporting like this is paid for by readers.",
    "Become a member from £4 a month.",
    "Become a member",
]
FOOTER = "© 2024 Harbour Ledger Media Ltd."
LISTEN = "Listen to this article"


def sentence(rng: random.Random, n: int) -> str:
    return (
        f"The {rng.choice(ACTORS)} {rng.choice(VERBS)} the {rng.choice(TOPICS)} plan {rng.choice(WHEN)}, "
        f"and {rng.randint(2, 900)} people in ward {n} said the {rng.choice(TOPICS)} would change."
    )


def article(n: int) -> tuple[str, str]:
    rng = random.Random(n)
    headline = f"{rng.choice(TOPICS).title()} {rng.choice(VERBS)} after vote number {n}"
    byline = f"By {rng.choice(['Ana', 'Ben', 'Cleo', 'Dev'])} {rng.choice(['Hart', 'Moss', 'Quill'])}, reporter {n}"
    paragraphs = [f"{sentence(rng, n)} {sentence(rng, n)}" for _ in range(rng.randint(4, 8))]
    body = [headline, byline, *paragraphs]
    related = [f"{rng.choice(ACTORS).title()} {rng.choice(VERBS)} {rng.choice(TOPICS)} story {n}.{k}" for k in range(rng.randint(2, 5))]
    appeal = APPEAL if n % 5 else []  # one page in five has no appeal box
    listen = [LISTEN] if n % 3 else []  # two pages in three offer a recording
    page = MASTHEAD + [headline, *listen, *body[1:3], *appeal, *body[3:], "Share this article", "More from the Ledger", *related, FOOTER]
    return "\n\n".join(page) + "\n", "\n\n".join(body) + "\n"
