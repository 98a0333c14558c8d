"""Starting a new outlet (``cleaner rules new``): its rule file, and its samples copied as seeds.

With several samples the rule file is what ``learn`` proposes for them; with one, an empty
scaffold to fill in. Nothing is overwritten: an existing rule file or seed stops it first.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ..files import atomic_write
from .learn import DEFAULT_SHARE, Sample
from .rulewriter import OutletHeader, proposed_rule_file, render_rule_file


class ScaffoldError(ValueError):
    """The new outlet would overwrite something, or a sample cannot be used."""


@dataclass(frozen=True)
class NewOutlet:
    rule_file: Path
    seeds: list[Path]
    rules: int  # how many rules were proposed
    golden: Path  # where its golden files go


def new_outlet(root: Path, outlet: OutletHeader, samples: list[tuple[Path, str]], share: float = DEFAULT_SHARE) -> NewOutlet:
    """Write ``rules/<id>.toml`` under ``root`` and copy the samples (path, text) to ``seeds/<id>/``."""
    rule_file = root / "rules" / f"{outlet.id}.toml"
    seed_folder = root / "seeds" / outlet.id
    if rule_file.exists():
        raise ScaffoldError(f"{rule_file}: already exists")
    targets = [seed_folder / path.name for path, _ in samples]
    for target in targets:
        if targets.count(target) > 1:
            raise ScaffoldError(f"two samples are named {target.name}; seeds need distinct names")
        if target.exists():
            raise ScaffoldError(f"{target}: already exists")
    if len(samples) >= 2:
        text, proposal = proposed_rule_file([Sample(path.name, body) for path, body in samples], outlet, share)
        rules = len(proposal.rules)
    else:
        text, rules = render_rule_file(outlet, None, []), 0
    atomic_write(rule_file, text)
    seed_folder.mkdir(parents=True, exist_ok=True)
    for (path, _), target in zip(samples, targets, strict=False):
        shutil.copyfile(path, target)
    return NewOutlet(rule_file, targets, rules, root / "golden" / outlet.id)
