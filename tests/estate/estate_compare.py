"""Compares what the services show with what the reference model predicts."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from estate_driver import Driver
from estate_model import EstateModel


@dataclass(frozen=True)
class Mismatch:
    service: str
    noms: str | None  # None: an estate-wide figure
    what: str
    expected: Any
    got: Any

    def __str__(self) -> str:
        who = self.noms or "estate"
        return f"[{self.service}] {who} {self.what}: expected {self.expected!r}, got {self.got!r}"


def compare(model: EstateModel, driver: Driver, state: dict[str, Any]) -> list[Mismatch]:
    found: list[Mismatch] = []
    noms_of = {pid: noms for noms, pid in driver.person_ids.items()}
    by_person: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for kind in ("mentors", "tasks", "referrals"):
        for item in state[kind]:
            by_person[noms_of.get(str(item["person_id"]), "?")][kind].append(item)

    for noms, failures in driver.refused.items():
        for failure in failures:
            found.append(Mismatch("api", noms, "staff call refused", "accepted", failure))
    for noms, person in model.people.items():
        pid = driver.person_ids.get(noms)
        shown = state["people"].get(pid) if pid else None
        mine = by_person[noms]
        expected = (person.custody, person.prison) if person.custody != "unknown" else None
        got = (shown["status"], shown["prison_code"]) if shown else None
        if expected != got:
            found.append(Mismatch("intake", noms, "custody", expected, got))
        if shown and shown["wing"] != person.wing:
            found.append(Mismatch("intake", noms, "wing", person.wing, shown["wing"]))
        mentor = (person.mentor.status, person.mentor.prison) if person.mentor else None
        if mentor != (got_mentor := current_mentor(mine["mentors"])):
            found.append(Mismatch("mentoring", noms, "mentor", mentor, got_mentor))
        tasks = person.family.rows()
        got_tasks = sorted(
            (t["kind"], t["due_on"], t["status"], t["cancel_reason"]) for t in mine["tasks"]
        )
        if tasks != got_tasks:
            found.append(Mismatch("family", noms, "follow-ups", tasks, got_tasks))
        referrals = sorted(r.row() for r in person.referrals)
        got_referrals = sorted(
            (r["trigger"], r["status"], r["closed_reason"]) for r in mine["referrals"]
        )
        if referrals != got_referrals:
            found.append(Mismatch("placements", noms, "referrals", referrals, got_referrals))
    for service, waiting in state["dead_letters"].items():
        if waiting:
            found.append(Mismatch(service, None, "dead letters", 0, waiting))
    found += compare_matches(model, state, noms_of)
    found += compare_outcomes(model, state)
    return found


def current_mentor(records: list[dict]) -> tuple[str, str] | None:
    """The person's mentor record that is not `left`, else any (one per person expected)."""
    if not records:
        return None
    live = [r for r in records if r["status"] != "left"] or records
    if len(live) > 1:
        return ("several", ",".join(sorted(f"{r['status']}@{r['prison_code']}" for r in live)))
    return (live[0]["status"], live[0]["prison_code"])


def compare_matches(
    model: EstateModel, state: dict[str, Any], noms_of: dict[str, str]
) -> list[Mismatch]:
    found = []
    people = model.people
    open_matches = [m for m in state["matches"] if m["status"] != "ended"]
    per_prison: Counter[str] = Counter()
    per_mentee: Counter[str] = Counter()
    for match in open_matches:
        mentee = people.get(noms_of.get(str(match["mentee_person_id"]), ""))
        mentor = people.get(noms_of.get(str(match["mentor_person_id"]), ""))
        if mentee is None or mentor is None:
            continue
        per_prison[mentee.prison] += 1
        per_mentee[mentee.noms] += 1
        valid = (
            mentee.inside
            and mentor.mentor is not None
            and mentor.mentor.status == "active"
            and mentor.inside
            and mentor.prison == mentee.prison
        )
        if not valid:
            where = f"mentor {mentor.noms} {mentor.custody}@{mentor.prison}"
            found.append(Mismatch("mentoring", mentee.noms, "open match", "none", where))
    for noms, count in per_mentee.items():
        if count > 1:
            found.append(Mismatch("mentoring", noms, "open matches as mentee", 1, count))
    for prison, count in model.expected_open_matches().items():
        if per_prison[prison] != count:
            found.append(
                Mismatch("mentoring", None, f"open matches at {prison}", count, per_prison[prison])
            )
    return found


def compare_outcomes(model: EstateModel, state: dict[str, Any]) -> list[Mismatch]:
    if "outcomes" not in state:
        return []
    figures = flatten(state["outcomes"])
    return [
        Mismatch("outcomes", None, name, want, figures.get(name, 0))
        for name, want in model.outcome_figures().items()
        if figures.get(name, 0) != want
    ]


def flatten(tree: dict, prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def report(mismatches: list[Mismatch], model: EstateModel, limit: int = 25) -> str:
    """The mismatches, each person's one with the journey that produced it."""
    lines = [
        f"{len(mismatches)} mismatch(es); by service {dict(Counter(m.service for m in mismatches))}"
    ]
    shown: set[str] = set()
    for mismatch in mismatches[:limit]:
        lines.append(str(mismatch))
        if mismatch.noms and mismatch.noms not in shown:
            shown.add(mismatch.noms)
            role = model.estate.roles.get(mismatch.noms, "")
            lines.append(f"  journey of {mismatch.noms} ({role}):")
            lines += [f"    {step}" for step in model.estate.journey(mismatch.noms)]
    return "\n".join(lines)
