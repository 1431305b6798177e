"""The cast of the release workflow bench, set up through the feed and the staff APIs (not
timed): N pairs, each a qualified, active peer mentor (capacity 1) matched to a mentee at the
same prison, the mentor referred with consent to family and placements (not to mentoring as
a mentee: their role as a mentor carries on) and with a family case.

So one release of a mentor from the feed really makes the whole workflow happen
(contract.md "The release workflow"): intake's `person.released`, mentoring ends the match
(`mentor_released`; no mentor has room to re-match the mentee), family schedules the three
post-release follow-ups and placements opens the release referral."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
from confluent_kafka import Producer
from e2e_clients import MODULES, FamilyClient, IntakeClient, MentoringClient
from e2e_platform import Feed, Platform, movement
from estate_driver import page_all

from pathways.contracts import HMPPS_TOPIC
from pathways.intake.domain.prisons import OPEN_PRISONS, PRISONS
from pathways.testing.ids import unique_prison_number

LONDON = ZoneInfo("Europe/London")
STAFF = 12  # staff calls in flight at once
STAFF_TIMEOUT = 120.0  # s: the clients' 20 s timed out during set-up on the loaded 2-core machine
PAIRS_PER_PRISON = 25
PROFILE = {"languages": ["English"], "lived_experience": ["opiates"], "availability": ["morning"]}
MENTOR_CONSENT = {"mentoring": False, "family": True, "placements": True}
CLOSED_PRISONS = sorted(set(PRISONS) - OPEN_PRISONS)


@dataclass
class Pair:
    prison: str
    mentor_noms: str = field(default_factory=unique_prison_number)
    mentee_noms: str = field(default_factory=unique_prison_number)
    mentor: str = ""  # person ids, once intake has received them
    mentee: str = ""


def release_message(noms: str, prison: str, at: datetime | None = None) -> bytes:
    """The delayed `prison-offender-events.prisoner.released` (reason RELEASED), now."""
    at = at or datetime.now(UTC) - timedelta(seconds=1)
    return json.dumps(movement(Feed.EVENTS_RELEASED, noms, prison, "RELEASED", at)).encode()


class Cast:
    def __init__(
        self,
        platform: Platform,
        pairs: int,
        prisons: list[str] | None = None,
        quiet_timeout: float = 1800.0,
    ) -> None:
        """`pairs` pairs spread over `prisons` (by default as many closed prisons as it takes
        for PAIRS_PER_PRISON pairs each; a test on a shared platform gives its own)."""
        self.platform = platform
        prisons = prisons or CLOSED_PRISONS[: max(1, -(-pairs // PAIRS_PER_PRISON))]
        self.pairs = [Pair(prisons[i % len(prisons)]) for i in range(pairs)]
        self.quiet_timeout = quiet_timeout
        token, url = platform.token(), platform.url
        self.intake = IntakeClient(url("intake"), token)
        self.mentoring = MentoringClient(url("mentoring"), token)
        self.family = FamilyClient(url("family"), token)
        for client in (self.intake, self.mentoring, self.family):  # a loaded machine is slow
            client.http.timeout = httpx.Timeout(STAFF_TIMEOUT)
        self.today = datetime.now(UTC).astimezone(LONDON).date()
        self.stages: list[tuple[str, float]] = []

    def build(self) -> None:
        self.stage("receptions", self.receive)
        self.stage("mentors", lambda: self.staff(self.train, self.pairs))
        self.stage("mentees", lambda: self.staff(self.refer_mentee, self.pairs))
        self.stage("cases", lambda: self.staff(self.open_case, self.pairs))
        matched = self.open_matches()
        assert matched == len(self.pairs), f"{matched} open matches for {len(self.pairs)} pairs"

    def stage(self, name: str, work: Callable[[], None]) -> None:
        started = time.perf_counter()
        work()
        self.platform.wait_quiet(timeout=self.quiet_timeout)
        self.stages.append((name, time.perf_counter() - started))

    def receive(self) -> None:
        producer = Producer({"bootstrap.servers": self.platform.bootstrap, "log_level": 3})
        at = datetime.now(UTC) - timedelta(days=3)
        for pair in self.pairs:
            for noms in (pair.mentor_noms, pair.mentee_noms):
                value = movement(Feed.SEARCH_RECEIVED, noms, pair.prison, "NEW_ADMISSION", at)
                producer.produce(HMPPS_TOPIC, json.dumps(value).encode(), key=noms.encode())
                producer.poll(0)
        assert producer.flush(120) == 0, "the feed could not be published"
        self.platform.wait_quiet(timeout=self.quiet_timeout)
        ids = {
            p["prison_number"]: str(p["person_id"])
            for prison in {p.prison for p in self.pairs}
            for p in page_all(self.intake, "/people", prison_code=prison)
        }
        for pair in self.pairs:
            pair.mentor, pair.mentee = ids[pair.mentor_noms], ids[pair.mentee_noms]
        self.cohorts = {
            prison: self.mentoring.cohort(prison, self.today - timedelta(weeks=6))
            for prison in {p.prison for p in self.pairs}
        }

    def staff(self, call: Callable[[Pair], None], pairs: Iterable[Pair]) -> None:
        with ThreadPoolExecutor(STAFF) as pool:
            list(pool.map(call, pairs))  # re-raises a refusal

    def train(self, pair: Pair) -> None:
        """Consent to family and placements, enrolled, trained, qualified and active."""
        self.intake.refer(pair.mentor, self.today, ["opiates"], consents=MENTOR_CONSENT)
        body = {"person_id": pair.mentor, "wing": "A", "capacity": 1, **PROFILE}
        path = f"/cohorts/{self.cohorts[pair.prison]}/mentors"
        mentor_id = str(self.mentoring.call("POST", path, 201, json=body)["mentor_id"])
        for module in MODULES:
            self.mentoring.complete_module(mentor_id, module, self.today)
        self.mentoring.qualify(mentor_id, self.today)
        self.mentoring.activate(mentor_id)

    def refer_mentee(self, pair: Pair) -> None:
        self.intake.refer(pair.mentee, self.today, ["opiates"])

    def open_case(self, pair: Pair) -> None:
        self.family.open_case(pair.mentor)

    def open_matches(self) -> int:
        mentors = {p.mentor for p in self.pairs}
        return sum(
            1
            for prison in {p.prison for p in self.pairs}
            for m in page_all(self.mentoring, "/matches", prison_code=prison)
            if m["status"] != "ended" and m["mentor_person_id"] in mentors
        )

    def close(self) -> None:
        for client in (self.intake, self.mentoring, self.family):
            client.close()
