"""A small corpus of invented news sites for the tests of site furniture: each site wraps distinct
articles in its own template (masthead, menu, a newsletter pitch after the article, rotating teasers,
a footer), and every site prints the same wire story once."""

from __future__ import annotations

import random

from furniture import sentence

WIRE = [
    "Storm batters the northern coast as thousands leave their homes",
    "Emergency crews worked through the night to reopen the coastal road, officials said on Sunday morning.",
    '"We have never seen water this high," said a harbour master who has worked there for thirty years.',
    "Forecasters expect the wind to ease by Tuesday, but warned that more rain would follow later in the week.",
]


PLACES = "Harbour Valley Northern Island City Marsh Lowland Border".split()
TITLES = "Ledger Post Courier Gazette".split()
TOPICS = "ferry bridge museum school market station".split()


def template(site: int) -> dict[str, list[str]]:
    place = PLACES[site % len(PLACES)]
    name = f"The {place} {TITLES[site // len(PLACES) % len(TITLES)]}"
    return {
        "top": [f"Skip to content of {name}", name, "Home", "News", "Sport", f"Weather in the {place} area"],
        "teasers": [f"Read next: the {place} {topic} story everyone is talking about" for topic in TOPICS],
        "after": [f"Get the {name} morning briefing in your inbox every day, free of charge and without adverts."],
        "footer": [f"About {name}", "Contact us", f"© {name} Media Group, all rights reserved"],
    }


def page(site: int, n: int, wire: bool = False) -> tuple[str, list[str], list[str]]:
    """(page text, its template lines, its article lines)."""
    rng = random.Random(site * 1000 + n)
    parts = template(site)
    if wire:
        article = WIRE
    else:
        headline = f"Ward {n} of site {site} votes on the {rng.choice(['bridge', 'museum', 'ferry'])} plan"
        article = [headline, *(f"{sentence(rng, n)} {sentence(rng, site)}" for _ in range(rng.randint(3, 6)))]
    teasers = rng.sample(parts["teasers"], 2)  # two of six: each in about a third of the pages
    furniture = parts["top"] + parts["after"] + teasers + parts["footer"]
    lines = parts["top"] + article + parts["after"] + teasers + parts["footer"]
    return "\n\n".join(lines) + "\n", furniture, article


def corpus(sites: int = 3, pages: int = 12) -> list[tuple[str, str, list[str], list[str]]]:
    """(url, text, template lines, article lines) for every page; each site's last page is the wire story."""
    found = []
    for site in range(sites):
        for n in range(pages):
            text, furniture, article = page(site, n, wire=n == pages - 1)
            found.append((f"https://www.site{site}-news.com/news/{n}", text, furniture, article))
    return found
