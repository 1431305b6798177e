"""Answer a subject access request across the platform: ask every service's
`GET /subject-access-request`, write one combined JSON and a readable HTML report.

python -m pathways.platform.sar --prn A1234BC [--from 2026-01-01] [--to 2026-06-30]
    [--out var/sar] [--token $TOKEN]        (or: make sar PRN=A1234BC FROM= TO=)

Service URLs as the web app and deploy/local take them (`INTAKE_URL`, … `OUTCOMES_URL`,
default the local ports 8001-8005); the token from `--token` or `SAR_TOKEN`, else a
development token with the `sar` role signed by the local key. Exit code 0 when every
service answered (200 or 204), 1 when the report is incomplete (it says which failed)."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
from pydantic_settings import BaseSettings, SettingsConfigDict

from pathways.platform.devtoken import issue_token
from pathways.platform.sar_report import render_html

SERVICES = ("intake", "mentoring", "family", "placements", "outcomes")
PRISON_NUMBER = re.compile(r"[A-Z][0-9]{4}[A-Z]{2}")


class SarSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", env_file=None)

    intake_url: str = "http://127.0.0.1:8001"
    mentoring_url: str = "http://127.0.0.1:8002"
    family_url: str = "http://127.0.0.1:8003"
    placements_url: str = "http://127.0.0.1:8004"
    outcomes_url: str = "http://127.0.0.1:8005"
    sar_token: str = ""
    sar_timeout_seconds: float = 30.0

    def url(self, service: str) -> str:
        return str(getattr(self, f"{service}_url")).rstrip("/")


def ask(
    client: httpx.Client, settings: SarSettings, service: str, params: dict[str, str]
) -> dict[str, Any]:
    """One service's answer: {"status": 200, "content": …}, 204 with None, or an error."""
    try:
        response = client.get(f"{settings.url(service)}/subject-access-request", params=params)
    except httpx.HTTPError as error:
        return {"status": None, "error": f"unreachable: {error!r}"}
    if response.status_code == 200:
        return {"status": 200, "content": response.json()["content"]}
    if response.status_code == 204:
        return {"status": 204, "content": None}
    return {"status": response.status_code, "error": response.text[:500]}


def gather(
    prn: str,
    since: date | None,
    until: date | None,
    settings: SarSettings,
    token: str,
    transport: httpx.BaseTransport | None = None,
) -> dict[str, Any]:
    """The combined answer of every service (never raises for one service failing)."""
    params = {"prn": prn}
    if since:
        params["fromDate"] = since.isoformat()
    if until:
        params["toDate"] = until.isoformat()
    headers = {"Authorization": f"Bearer {token}", "X-Purpose": "subject_access_request"}
    with httpx.Client(
        headers=headers, timeout=settings.sar_timeout_seconds, transport=transport
    ) as client:
        answers = {service: ask(client, settings, service, params) for service in SERVICES}
    return {
        "prisonNumber": prn,
        "fromDate": since.isoformat() if since else None,
        "toDate": until.isoformat() if until else None,
        "generatedAt": datetime.now(UTC).isoformat(timespec="seconds"),
        "complete": all(a["status"] in (200, 204) for a in answers.values()),
        "services": answers,
    }


def write_report(report: dict[str, Any], out: Path) -> tuple[Path, Path]:
    """`<out>/<prn>-<time>.json` and `.html` (created private: they hold personal data)."""
    out.mkdir(parents=True, exist_ok=True)
    stamp = report["generatedAt"].replace(":", "").replace("-", "").replace("+0000", "Z")
    base = out / f"{report['prisonNumber']}-{stamp}"
    paths = base.with_suffix(".json"), base.with_suffix(".html")
    texts = json.dumps(report, indent=2, ensure_ascii=False), render_html(report)
    for path, text in zip(paths, texts, strict=True):
        path.touch(mode=0o600)
        path.write_text(text, encoding="utf-8")
    return paths


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pathways.platform.sar")
    parser.add_argument("--prn", required=True, help="the prison number, e.g. A1234BC")
    parser.add_argument("--from", dest="since", default="", help="from day (YYYY-MM-DD)")
    parser.add_argument("--to", dest="until", default="", help="to day (YYYY-MM-DD)")
    parser.add_argument("--out", default="var/sar", help="where to write the report")
    parser.add_argument("--token", default="", help="a bearer token with the sar role")
    args = parser.parse_args(argv)
    prn = args.prn.strip().upper()
    if not PRISON_NUMBER.fullmatch(prn):
        parser.error(f"--prn must be a prison number like A1234BC, not {args.prn!r}")
    try:
        since, until = _day(args.since), _day(args.until)
    except ValueError as error:
        parser.error(f"dates are YYYY-MM-DD: {error}")
    settings = SarSettings()
    token = args.token or settings.sar_token or issue_token(["sar"], subject="sar-cli")
    report = gather(prn, since, until, settings, token)
    json_path, html_path = write_report(report, Path(args.out))
    for service, answer in report["services"].items():
        state = {200: "data", 204: "nothing held"}.get(answer["status"], "FAILED")
        print(f"{service:<11} {state}", file=sys.stderr)
    print(json_path)
    print(html_path)
    return 0 if report["complete"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
