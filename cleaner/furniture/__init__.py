"""Site furniture learned from the corpus itself (two-pass cleaning, code S001).

step.py   the pipeline step that removes a site's furniture, and what protects the article;
          the counts it reads are ``cleaner.sitecounts``, counted by ``cleaner.corpus.furniture``
"""
