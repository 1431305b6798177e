"""The loader: plays a plan against the running services through the public APIs and the feed.

How "over months" is played: the history is cut into 14-day windows. In each window the
receptions are published on the feed first (the loader waits until intake has created each
person, as staff would find them), then the staff actions of the window run in time order,
then the window's releases, transfers and court trips go on the feed. Every date the APIs
accept in the past is backdated to when the plan says it happened: receptions and releases
(feed `occurredAt`), referrals, assessments, clean-since, module completions and awards,
ROTL start and return, family contacts and consents, placement starts, hours and ends.

What cannot be backdated (the services stamp it with the real time or refuse a past date):
- mentor activation and leaving, and recategorisation: these carry today's time. Matches
  are proposed by the engine (the demo's mentoring runs in proposal mode) and approved
  after each round with `made_on` in the story (`demo/matching.py`), so their lengths are
  the story's; sessions are still held today (the session log is today's work);
- release plans (`expected_on` may not be in the past): made today, for people still in
  custody, and for the few people released this morning (expected today);
- family cases are opened today, and a case opened today only gets follow-ups due today or
  later: follow-ups exist for people released this morning or in the last four weeks, and for
  release plans; the ones done are done today, on or before their due date — so none is late;
- outcomes at 6 and 26 weeks are recorded today, for releases at least that long ago.
These are in `demo/final.py` and played by `demo/today.py` after the history.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime

from demo.actions import ACTIONS
from demo.client import Api, eventually
from demo.feed import Feed
from demo.matching import Approved, approve_round
from demo.model import FEED_RECEIVED, FEED_RELEASED, FEED_TRANSFERRED, Plan, Step


async def _patch_details(ld: Loader, s: Step) -> None:
    await ld.api.patch("intake", f"/people/{ld.people[s.number]}", s.data["details"])


def _rounds(steps: list[Step]) -> list[list[Step]]:
    """Split a window where someone leaves and comes back: the return starts a new round."""
    rounds: list[list[Step]] = [[]]
    gone: set[str] = set()
    for step in steps:
        if step.kind == FEED_RECEIVED and step.number in gone:
            rounds.append([])
            gone = set()
        if step.kind in (FEED_RELEASED, FEED_TRANSFERRED):
            gone.add(step.number)
        rounds[-1].append(step)
    return rounds


class Loader:
    def __init__(self, api: Api, feed: Feed, plan: Plan, say: Callable[[str], None] = print):
        self.api, self.feed, self.plan, self.say = api, feed, plan, say
        self.people: dict[str, str] = {}  # prison number -> person_id
        self.mentors: dict[str, str] = {}  # prison number -> mentor_id
        self.roles: dict[tuple[int, int], str] = {}  # (provider, role) -> opportunity_id
        self.done: Counter[str] = Counter()
        self.refused: list[str] = []
        self.matched: list[Approved] = []  # proposals approved, dated in the story

    async def load_history(self) -> None:
        known = await self.api.get("intake", "/people", prison_code="BAI", limit=1)
        if known["total"]:
            raise SystemExit(
                f"intake already knows {known['total']} people at BAI: the demo loads into a "
                "fresh platform (stop it and remove var/, or set PATHWAYS_VAR_DIR)"
            )
        await self._providers()
        windows = self.plan.windows()
        for start, end in windows:
            steps = [s for s in self.plan.history if start <= s.at < end]
            for round_ in _rounds(steps):
                await self._window(round_)
            self.say(
                f"  {end:%d %b %Y}: {len(self.people)} people known, "
                f"{self.done['mentoring.qualify']} mentors qualified"
            )

    async def _providers(self) -> None:
        for i, provider in enumerate(self.plan.providers):
            body = {k: v for k, v in provider.items() if k != "opportunities"}
            made = await self.api.post("placements", "/providers", body)
            for j, role in enumerate(provider["opportunities"]):
                path = f"/providers/{made['provider_id']}/opportunities"
                self.roles[(i, j)] = (await self.api.post("placements", path, role))[
                    "opportunity_id"
                ]
            self.done["placements.provider"] += 1

    async def _window(self, steps: list[Step]) -> None:
        receptions = [s for s in steps if s.kind == FEED_RECEIVED]
        await self.feed.publish(receptions)
        for step in receptions:
            await self._received(step)
        for step in steps:
            if step.kind in ACTIONS:
                await self.act(ACTIONS[step.kind], step)
        await approve_round(self, steps, self.plan.today)
        await self.feed.publish(
            [s for s in steps if s.kind.startswith("feed.") and s not in receptions]
        )
        for step in steps:
            if step.kind.startswith("feed."):
                self.done[step.kind] += 1

    async def act(self, action: Callable, step: Step, key: str | None = None) -> None:
        try:
            await action(self, step)
            self.done[key or step.kind] += 1
        except Exception as error:  # report, carry on: one refusal must not stop the demo
            self.refused.append(f"{step.kind} {step.number}: {error}")

    async def _received(self, step: Step) -> None:
        async def found() -> str | None:
            page = await self.api.get("intake", "/people", prison_number=step.number)
            for item in page["items"]:
                at = datetime.fromisoformat(item["received_at"])
                if item["status"] == "in_custody" and abs((at - step.at).total_seconds()) < 1:
                    return item["person_id"]
            return None

        self.people[step.number] = await eventually(found, f"intake to receive {step.number}")
        if step.data.get("details"):
            await self.act(_patch_details, step, key="intake.details")

    async def settle(self) -> None:
        from demo.settle import settle

        await settle(self.api)
