"""Drives the real platform through an estate's steps and reads back what every service shows."""

from __future__ import annotations

import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from confluent_kafka import Producer
from e2e_clients import ApiError, Client, FamilyClient, IntakeClient, MentoringClient
from e2e_platform import Platform
from estate_journeys import LONDON, PHASES, PRISONS, Estate, Step

from pathways.contracts import HMPPS_TOPIC

STAFF = 12  # staff calls in flight at once (each person's own calls stay in order)
PROFILE = {"languages": ["English"], "lived_experience": ["opiates"], "availability": ["morning"]}


@dataclass
class Driver:
    platform: Platform
    estate: Estate
    person_ids: dict[str, str] = field(default_factory=dict)  # noms -> person_id
    mentor_ids: dict[str, str] = field(default_factory=dict)  # noms -> latest mentor_id
    refused: dict[str, list[str]] = field(default_factory=dict)  # noms -> failed calls

    def __post_init__(self) -> None:
        token = self.platform.token()
        url = self.platform.url
        self.intake = IntakeClient(url("intake"), token)
        self.mentoring = MentoringClient(url("mentoring"), token)
        self.family = FamilyClient(url("family"), token)
        self.placements = Client(url("placements"), token)
        self.outcomes = Client(url("outcomes"), token) if self.platform.has("outcomes") else None
        self.today = self.estate.started.astimezone(LONDON).date()

    def run(self, quiet_timeout: float = 300.0) -> None:
        started = time.monotonic()
        for phase in PHASES:
            steps = self.estate.phase(phase)
            if phase in ("A", "C", "E"):
                self.publish(steps)
            else:
                self.call_all(steps)
            self.platform.wait_quiet(timeout=quiet_timeout)
            if phase == "A":
                self.learn_person_ids()
            elapsed = time.monotonic() - started
            print(
                f"estate: phase {phase} done, {len(steps)} steps, {elapsed:.0f}s", file=sys.stderr
            )

    # ------------------------------------------------------------------ the feed
    def publish(self, steps: list[Step]) -> None:
        producer = Producer({"bootstrap.servers": self.platform.bootstrap, "log_level": 3})
        for step in steps:
            assert step.message is not None
            for _ in range(step.copies):
                value = json.dumps(step.message).encode()
                producer.produce(HMPPS_TOPIC, value, key=step.noms.encode())
                producer.poll(0)
        assert producer.flush(60) == 0, "the feed could not be published"

    def learn_person_ids(self) -> None:
        for item in page_all(self.intake, "/people"):
            self.person_ids[item["prison_number"]] = str(item["person_id"])

    # ------------------------------------------------------------------ staff calls
    def call_all(self, steps: list[Step]) -> None:
        """A phase's staff calls, many people at once, each person's calls in their order
        (people's calls in one phase never depend on each other: the model predicts
        per-prison counts, not which mentor a mentee meets)."""
        by_person: dict[str, list[Step]] = {}
        for step in steps:
            if step.called:
                by_person.setdefault(step.noms, []).append(step)
        with ThreadPoolExecutor(STAFF) as pool:
            list(pool.map(self.call_in_order, by_person.values()))  # re-raises a failure

    def call_in_order(self, steps: list[Step]) -> None:
        for step in steps:
            self.call(step)

    def call(self, step: Step) -> None:
        pid = self.person_ids.get(step.noms)
        try:
            if pid is None:
                raise ApiError("intake never created the person")
            getattr(self, f"do_{step.op}")(step, pid)
        except ApiError as refused:
            self.refused.setdefault(step.noms, []).append(f"{step}: {refused}")

    def do_train_mentor(self, step: Step, pid: str) -> None:
        """Enrolled in a cohort that began six weeks ago, four modules, qualified today."""
        prison = self.intake.person(pid)["prison_code"]
        profile = {"wing": step.args["wing"], "capacity": 3, **PROFILE}
        mentor_id = self.mentoring.train_and_qualify(pid, prison, self.today, **profile)
        self.mentor_ids[step.noms] = mentor_id
        if step.args["activate"]:
            self.mentoring.activate(mentor_id)

    def do_activate_mentor(self, step: Step, pid: str) -> None:
        self.mentoring.activate(self.mentor_ids[step.noms])

    def do_refer(self, step: Step, pid: str) -> None:
        self.intake.refer(pid, self.today, ["opiates"])

    def do_open_case(self, step: Step, pid: str) -> None:
        """Family hears of the consent in intake's referral event: wait a little for it."""
        deadline = time.monotonic() + 30
        while True:
            try:
                self.family.open_case(pid)
                return
            except ApiError as refused:
                if "no_consent" not in str(refused) or time.monotonic() > deadline:
                    raise
                time.sleep(0.25)

    def do_plan_release(self, step: Step, pid: str) -> None:
        self.intake.plan_release(pid, self.today + timedelta(days=step.args["days_ahead"]))

    def do_move_wing(self, step: Step, pid: str) -> None:
        self.intake.call("PATCH", f"/people/{pid}", json={"wing": step.args["wing"]})

    def do_rotl(self, step: Step, pid: str) -> None:
        """Open conditions first (category D makes ROTL possible), then a day out and back."""
        self.intake.call("POST", f"/people/{pid}/recategorisations", 201, json={"category": "D"})
        starts, ends = step.args["starts_at"], step.args["ends_at"]
        body = {"kind": "rotl_day", "starts_at": starts, "ends_at": ends}
        absence = self.intake.call("POST", f"/people/{pid}/temporary-absences", 201, json=body)
        path = f"/people/{pid}/temporary-absences/{absence['absence_id']}/end"
        self.intake.call("POST", path, json={"ended_at": ends})

    # ------------------------------------------------------------------ reading back
    def read(self) -> dict[str, Any]:
        """Everything the services show, by person id."""
        state: dict[str, Any] = {
            "people": {str(p["person_id"]): p for p in page_all(self.intake, "/people")},
            "mentors": page_all(self.mentoring, "/mentors"),
            "matches": [
                m
                for code in PRISONS
                for m in page_all(self.mentoring, "/matches", prison_code=code)
            ],
            "tasks": page_all(self.family, "/tasks"),
            "referrals": page_all(self.placements, "/referrals"),
            "dead_letters": self.platform.dead_letters(),
        }
        if self.outcomes is not None:
            start = self.today - timedelta(days=30)
            state["outcomes"] = self.outcomes.call(
                "GET",
                "/outcomes/summary",
                params={"from": start.isoformat(), "to": iso(self.today)},
            )
        return state


def iso(day: date) -> str:
    return day.isoformat()


def page_all(client: Client, path: str, **params: Any) -> list[dict]:
    items: list[dict] = []
    while True:
        page = client.call("GET", path, params={**params, "limit": 100, "offset": len(items)})
        items.extend(page["items"])
        if not page["items"] or len(items) >= page["total"]:
            return items
