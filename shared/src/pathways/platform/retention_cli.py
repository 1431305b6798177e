"""`make retention [DRY_RUN=1] [AS_OF=2033-01-01T00:00:00Z]`: run the retention purge of
every service now, through each one's `POST /admin/retention/purge` (role admin).

Intake goes first: it decides who is past retention and announces each erasure; the other
services forget those people as the event reaches them, and their own run sweeps the rest.
Addresses: PATHWAYS_<SERVICE>_URL (default: the local ports of `make up`, from 8001); token:
PATHWAYS_TOKEN (default: a local development token with the national admin role)."""

from __future__ import annotations

import argparse
import json
import os
import sys

import httpx

from pathways.platform.devtoken import issue_token

SERVICES = ("intake", "mentoring", "family", "placements", "outcomes")


def _url(index: int, name: str) -> str:
    base = int(os.environ.get("LOCAL_PORT_BASE", "8001"))
    return os.environ.get(f"PATHWAYS_{name.upper()}_URL", f"http://127.0.0.1:{base + index}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="list what would go; remove nothing")
    parser.add_argument("--as-of", default="", help="reckon retention at this moment (ISO 8601)")
    args = parser.parse_args(argv)
    token = os.environ.get("PATHWAYS_TOKEN") or issue_token(["admin:all"], subject="retention-cli")
    params = {"dryRun": "true"} if args.dry_run else {}
    if args.as_of:
        params["asOf"] = args.as_of
    reports, failed = {}, False
    for index, name in enumerate(SERVICES):
        try:
            response = httpx.post(
                f"{_url(index, name)}/admin/retention/purge",
                params=params,
                headers={"Authorization": f"Bearer {token}"},
                timeout=300,
            )
        except httpx.HTTPError as exc:
            reports[name], failed = {"error": f"unreachable: {exc}"}, True
            continue
        failed |= response.status_code != 200
        reports[name] = (
            response.json()
            if response.status_code == 200
            else {"error": f"{response.status_code}: {response.text[:300]}"}
        )
    print(json.dumps(reports, indent=2, sort_keys=True))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
