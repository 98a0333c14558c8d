"""Write ``cleaner/lexicon/stopwords.json``: the commonest words of every language jusText has a
stop list for (its first ``PER_LANGUAGE`` words each), casefolded, sorted. The line model's
stop-word share reads it; retrain the model after changing it.

    .venv/bin/python -m bench.realworld.stopwords      (extra ``train``: jusText)
"""

from __future__ import annotations

import json
from pathlib import Path

from cleaner.lexicon import STOPWORDS_FILE

#: How many of each stop list's words are kept (jusText lists them commonest first).
PER_LANGUAGE = 100


def write_stopwords() -> None:
    import justext

    folder = Path(justext.__file__).parent / "stoplists"
    words: set[str] = set()
    for path in sorted(folder.glob("*.txt")):
        top = [w.strip().casefold() for w in path.read_text(encoding="utf-8").splitlines() if w.strip()]
        words.update(top[:PER_LANGUAGE])
    STOPWORDS_FILE.write_text(json.dumps(sorted(words), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_stopwords()
