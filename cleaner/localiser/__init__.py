"""The localiser's network (``model.py``, over the features of ``features.py``): the line model
(``cleaner.linemodel``) wraps it."""
