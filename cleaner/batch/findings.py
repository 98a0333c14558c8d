"""--check and --diff for machines: one finding per removed span (path, lines, rule, why, text),
as JSON, GitHub workflow annotations or SARIF 2.1.0, so that CI can annotate a pull request."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

FORMATS = ("text", "json", "github", "sarif")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


@dataclass(frozen=True)
class Finding:
    path: str
    first_line: int
    last_line: int
    rule: str
    why: str
    text: str


def render_findings(findings: list[Finding], form: str, version: str) -> str:
    """The findings in ``form`` ("json", "github" or "sarif")."""
    if form == "json":
        return json.dumps([asdict(finding) for finding in findings], ensure_ascii=False, indent=2) + "\n"
    if form == "github":
        return "".join(_annotation(finding) + "\n" for finding in findings)
    return json.dumps(_sarif(findings, version), ensure_ascii=False, indent=2) + "\n"


def _annotation(finding: Finding) -> str:
    """A GitHub workflow command: ::warning file=…,line=…,endLine=…,title=…::message."""
    where = f"file={_escape(finding.path, True)},line={finding.first_line},endLine={finding.last_line},title={_escape(finding.rule, True)}"
    return f"::warning {where}::{_escape(f'{finding.why}: {finding.text}', False)}"


def _escape(value: str, property_: bool) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property_ else value


def _sarif(findings: list[Finding], version: str) -> dict:
    rules = {finding.rule: finding.why for finding in findings}
    results = [
        {
            "ruleId": finding.rule,
            "level": "warning",
            "message": {"text": f"{finding.why}: {finding.text}"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": finding.path},
                        "region": {"startLine": finding.first_line, "endLine": finding.last_line},
                    }
                }
            ],
        }
        for finding in findings
    ]
    driver = {
        "name": "cleaner",
        "version": version,
        "rules": [{"id": rule, "shortDescription": {"text": why}} for rule, why in sorted(rules.items())],
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{"tool": {"driver": driver}, "results": results}]}
