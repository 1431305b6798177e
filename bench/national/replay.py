"""Replays a generated estate through the running platform: the feed (intake's movement
topic) and the staff APIs, stage by stage, each stage timed until the platform is quiet."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta

from confluent_kafka import Producer
from e2e_clients import MODULES, Client, FamilyClient, IntakeClient, MentoringClient
from e2e_platform import Feed, Platform, movement
from estate_driver import page_all
from national.generator import Estate, Move, Person

from pathways.contracts import HMPPS_TOPIC

STAFF = int(os.environ.get("NATIONAL_STAFF", "12"))  # staff calls in flight at once
PROFILE = {"languages": ["English"], "lived_experience": ["opiates"], "availability": ["morning"]}
MESSAGE = {
    "reception": (Feed.SEARCH_RECEIVED, "NEW_ADMISSION"),
    "transfer_out": (Feed.SEARCH_RELEASED, "TRANSFERRED"),
    "transfer_in": (Feed.SEARCH_RECEIVED, "TRANSFERRED"),
    "court_out": (Feed.SEARCH_RELEASED, "SENT_TO_COURT"),
    "court_in": (Feed.SEARCH_RECEIVED, "RETURN_FROM_COURT"),
    "release": (Feed.EVENTS_RELEASED, "RELEASED"),  # the only message that is a release
    "recall": (Feed.SEARCH_RECEIVED, "READMISSION"),
}


def feed_message(person: Person, move: Move) -> bytes:
    event_type, reason = MESSAGE[move.kind]
    return json.dumps(movement(event_type, person.noms, move.prison, reason, move.at)).encode()


@dataclass
class Stage:
    name: str
    items: int
    unit: str
    seconds: float

    def line(self) -> str:
        rate = self.items / self.seconds if self.seconds else 0.0
        head = f"{self.name:<11} {self.items:>8,} {self.unit:<17}"
        return f"{head} {self.seconds:8.1f} s {rate:10,.1f}/s"


@dataclass
class Replay:
    platform: Platform
    estate: Estate
    quiet_timeout: float = 3600.0
    stages: list[Stage] = field(default_factory=list)
    person_ids: dict[str, str] = field(default_factory=dict)  # noms -> person_id
    open_after_programme: int = 0  # open matches once the programme's staff work is done

    def __post_init__(self) -> None:
        token, url = self.platform.token(), self.platform.url
        self.intake = IntakeClient(url("intake"), token)
        self.mentoring = MentoringClient(url("mentoring"), token)
        self.family = FamilyClient(url("family"), token)
        self.placements = Client(url("placements"), token)
        self.outcomes = Client(url("outcomes"), token)
        self.today = self.estate.started.date()

    def run(self) -> None:
        people = self.estate.people
        self.timed("receptions", "movements", lambda: self.publish((p, p.received) for p in people))
        self.person_ids = {
            i["prison_number"]: str(i["person_id"]) for i in page_all(self.intake, "/people")
        }
        mentees = [p for p in people if p.role == "mentee"]
        mentors = [p for p in people if p.role == "mentor"]
        self.cohorts = {
            p.prison: self.mentoring.cohort(p.prison, self.today - timedelta(weeks=6))
            for p in mentors
        }
        calls = len(mentees) + len(mentors) * (len(MODULES) + 3)
        programme = interleaved(mentors, mentees)
        self.timed("programme", "staff calls", lambda: self.staff(self.programme, programme), calls)
        cases = [p for p in people if p.family_case]  # once family has heard of the consent
        self.timed("cases", "staff calls", lambda: self.staff(self.open_case, cases))
        self.open_after_programme = open_matches(self)
        year = self.estate.year()
        self.timed("year", "movements", lambda: self.publish(year))

    def timed(
        self, name: str, unit: str, work: Callable[[], int], items: int | None = None
    ) -> None:
        started = time.perf_counter()
        count = work()
        self.platform.wait_quiet(timeout=self.quiet_timeout)
        self.stages.append(Stage(name, items or count, unit, time.perf_counter() - started))

    def publish(self, moves: Iterable[tuple[Person, Move]]) -> int:
        producer = Producer(
            {"bootstrap.servers": self.platform.bootstrap, "linger.ms": 20, "log_level": 3}
        )
        sent = 0
        for person, move in moves:
            value = feed_message(person, move)
            for _ in range(move.copies):
                producer.produce(HMPPS_TOPIC, value, key=person.noms.encode())
                producer.poll(0)
            sent += 1
        assert producer.flush(120) == 0, "the feed could not be published"
        return sent

    def staff(self, call: Callable[[Person], None], people: list[Person]) -> int:
        with ThreadPoolExecutor(STAFF) as pool:
            list(pool.map(call, people))  # re-raises a refusal
        return len(people)

    def open_case(self, person: Person) -> None:
        self.family.open_case(self.person_ids[person.noms])

    def programme(self, person: Person) -> None:
        """A mentee referred (consent to every team), or a mentor trained and activated."""
        pid = self.person_ids[person.noms]
        if person.role == "mentee":
            self.intake.refer(pid, self.today, ["opiates"])
            return
        body = {"person_id": pid, "wing": "A", "capacity": 3, **PROFILE}
        path = f"/cohorts/{self.cohorts[person.prison]}/mentors"
        mentor_id = str(self.mentoring.call("POST", path, 201, json=body)["mentor_id"])
        for module in MODULES:
            self.mentoring.complete_module(mentor_id, module, self.today)
        self.mentoring.qualify(mentor_id, self.today)
        self.mentoring.activate(mentor_id)


def interleaved(mentors: list[Person], mentees: list[Person]) -> list[Person]:
    """The mentors spread evenly among the mentees, as the staff of both teams work at once
    across the estate: training mentors (mentoring's API) and referring (intake's) in turn,
    each service busy through the whole stage rather than one after the other. A mentee
    referred before a mentor of the prison is active waits, and is matched at the
    activation."""
    if not mentors:
        return list(mentees)
    every = max(1, round(len(mentees) / len(mentors)))
    people: list[Person] = []
    for i, mentor in enumerate(mentors):
        people += [mentor, *mentees[i * every : (i + 1) * every]]
    return people + mentees[len(mentors) * every :]


def open_matches(replay: Replay) -> int:
    """Open matches across the estate's prisons, from mentoring's API."""
    return sum(
        1
        for code in replay.estate.prisons
        for m in page_all(replay.mentoring, "/matches", prison_code=code)
        if m["status"] != "ended"
    )
