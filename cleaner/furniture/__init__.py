"""Site furniture learned from the corpus itself (two-pass cleaning, code S001).

count.py  line keys, the site of a document, and the count table: in how many documents of each
          site every normalised line stands (hashed, spilled to disk beyond a bound)
step.py   the pipeline step that removes a site's furniture, and what protects the article
passes.py the first pass over a batch: count every item, save the table beside the output
"""
