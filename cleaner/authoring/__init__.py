"""Tools for rule authors, not on the path a document takes: `rules check` (rulecheck, with the
backtracking lint), `rules new` (scaffold, rulewriter) and `learn` (furniture that recurs)."""
