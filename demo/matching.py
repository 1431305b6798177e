"""Matches in the story's own time (issue 16). The demo's platform runs mentoring in proposal
mode (`MATCHING_MODE=proposal`): the matching engine proposes as referrals and free places
arrive, and after each round's staff actions the loader approves every proposal as a
coordinator recording it after the fact, with `made_on` the day the pairing began in the
story — the later of the mentee's referral and latest reception, the mentor's activation
and the round's first day (a re-match after a mentor left is approved in the next
round). Custody events end matches on their own day (mentoring), so `mean_days_ended` is
the story's.

Each approval is kept in `Loader.matched` (mentee, mentor, made_on, the round it was made
in): the demo test counts the expected match lengths from those and the plan's releases
and transfers alone. If the platform was already running in automatic mode (`make up`
before `make demo`), there is nothing to approve and matches carry the load's time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from demo.client import Refused, eventually
from demo.model import FEED_RECEIVED, Step

PRISONS = ("BAI", "WWI")  # where the demo's people are

if TYPE_CHECKING:
    from demo.loader import Loader


@dataclass(frozen=True)
class Approved:
    mentee: str  # prison numbers
    mentor: str
    prison_code: str
    made_on: date
    round_at: datetime  # the round's first step: custody exits from then on end the match


async def _all(ld: Loader, path: str, **params: str) -> list[dict]:
    """Every page of a mentoring list (its pages hold at most 200)."""
    items: list[dict] = []
    while True:
        page = await ld.api.get("mentoring", path, limit=200, offset=len(items), **params)
        items += page["items"]
        if len(items) >= page["total"] or not page["items"]:
            return items


async def _known(ld: Loader, referred: set[str]) -> None:
    """Wait until mentoring has heard of this round's referrals (waiting, proposed or
    matched), so their proposals are there to approve."""
    if not referred:
        return
    ids = {ld.people[n] for n in referred}

    async def heard() -> bool | None:
        seen: set[str] = set()
        for prison in PRISONS:
            waiting = await _all(ld, "/waiting", prison_code=prison)
            seen |= {m["person_id"] for m in waiting}
            for status in ("proposed", "active"):
                found = await _all(ld, "/matches", prison_code=prison, status=status)
                seen |= {m["mentee_person_id"] for m in found}
        missing[:] = sorted(numbers[i] for i in ids - seen)
        return True if not missing else None

    numbers = {pid: n for n, pid in ld.people.items()}
    missing: list[str] = []
    try:
        await eventually(heard, "mentoring to hear of this round's referrals", timeout=30)
    except TimeoutError:
        raise TimeoutError(f"mentoring never listed the referred {missing}") from None


def _last(steps: list[Step], kind: str, number: str, until: datetime) -> date | None:
    days = [s.on for s in steps if s.kind == kind and s.number == number and s.at <= until]
    return max(days, default=None)


async def approve_round(
    ld: Loader, steps: list[Step], today: date, after: datetime | None = None
) -> None:
    """Approve every open proposal, dated in the story (see the module docstring).
    `after`: custody exits from then on end these matches (default: the round's first step;
    today's round passes the time its releases were already played)."""
    if not steps:
        return
    first, end = after or steps[0].at, steps[-1].at
    await _known(ld, {s.number for s in steps if s.kind == "intake.referral"})
    numbers = {pid: n for n, pid in ld.people.items()}
    mentors = {mid: n for n, mid in ld.mentors.items()}
    history = ld.plan.history
    proposals = [
        m for prison in PRISONS for m in await _all(ld, "/matches", prison_code=prison,
                                                     status="proposed")
    ]  # fmt: skip
    for proposal in proposals:
        mentee, mentor = numbers[proposal["mentee_person_id"]], mentors[proposal["mentor_id"]]
        began = [steps[0].on]
        began += [d for d in (_last(history, "intake.referral", mentee, end),
                              _last(history, FEED_RECEIVED, mentee, end),
                              _last(history, "mentoring.activate", mentor, end)) if d]  # fmt: skip
        made_on = min(max(began), today)
        path = f"/matches/{proposal['match_id']}/approval"
        try:
            await ld.api.post("mentoring", path, {"approved": True, "made_on": str(made_on)})
        except Refused as error:
            ld.refused.append(f"approval {mentee}: {error}")
            continue
        ld.matched.append(Approved(mentee, mentor, proposal["prison_code"], made_on, first))
        ld.done["mentoring.approved"] += 1
