"""Consent end to end, through the platform's processes and the real broker, with only what
intake really publishes (its referral and consent_changed events):

- N refuses every team at referral: no match, no family case, no placement referral (each
  API answers 409 `no_consent`), while X, consenting, is matched with mentor A.
- X withdraws consent to mentoring (staff, through intake): the match ends `consent_withdrawn`
  exactly once, even after a second withdrawal; X leaves the waiting list.
- Mentor M, referred with consent to placements, is released: the referral placements opens
  is closed `consent_withdrawn` when M withdraws that consent."""

from __future__ import annotations

import pytest
from e2e_platform import Platform, eventually, read_public_topics
from e2e_story import Person, Story

from pathways.intake.domain.prisons import OPEN_PRISONS, PRISONS
from pathways.testing.ids import unique_prison_code, unique_prison_number

pytestmark = [pytest.mark.broker, pytest.mark.postgres]
REFUSED = {"mentoring": False, "family": False, "placements": False}


def test_consent_is_obeyed_by_every_team_and_a_withdrawal_ends_the_match_once(
    platform: Platform,
) -> None:
    story = Story(platform, unique_prison_code(among=set(PRISONS) - OPEN_PRISONS))
    a, x = (
        Person("mentor A", noms=unique_prison_number()),
        Person("mentee X", noms=unique_prison_number()),
    )
    n, m = (
        Person("refusing N", noms=unique_prison_number()),
        Person("mentor M", noms=unique_prison_number()),
    )
    story.others += [a, x, n, m]
    try:
        story.receive_from_feed(a, x, n, m)
        a.mentor_id = story.mentoring.train_and_qualify(a.person_id, story.prison, story.today)
        story.mentoring.activate(a.mentor_id)
        m.mentor_id = story.mentoring.train_and_qualify(m.person_id, story.prison, story.today)
        story.intake.refer(n.person_id, story.today, ["alcohol"], consents=REFUSED)
        story.intake.refer(x.person_id, story.today, ["opiates"])
        story.intake.refer(m.person_id, story.today, ["alcohol"], consents={"placements": True})
        match = eventually(lambda: _one_open_match(story, x), what=f"{x} matched")
        assert match["mentor_person_id"] == a.person_id

        platform.wait_quiet()
        assert story.mentoring.matches(n.person_id) == []
        waiting = story.mentoring.call("GET", "/waiting", params={"prison_code": story.prison})
        assert n.person_id not in [w["person_id"] for w in waiting["items"]]
        case_for_n = {"person_id": n.person_id, "worker": "fw.e2e"}
        for refused in (
            story.mentoring.call(
                "POST", "/matches", 409,
                json={"mentor_id": a.mentor_id, "mentee_person_id": n.person_id},
            ),
            story.family.call("POST", "/cases", 409, json=case_for_n),
            story.placements.open_manual_referral(n.person_id, expect=409),
        ):  # fmt: skip
            assert refused["error"] == "no_consent", refused

        story.intake.change_consent(x.person_id, mentoring=False)
        eventually(lambda: _no_open_match(story, x), what=f"{x}'s match ended")
        story.intake.change_consent(x.person_id, mentoring=False)  # withdrawn again
        story.release_from_feed(m)
        [opened] = eventually(lambda: _open_referrals(story, m, 1), what=f"{m}'s referral")
        story.intake.change_consent(m.person_id, placements=False)
        eventually(lambda: _open_referrals(story, m, 0), what=f"{m}'s referral closed")
        platform.wait_quiet()

        [ended] = [e for e in story.mentoring.matches(x.person_id) if e["status"] == "ended"]
        assert ended["end_reason"] == "consent_withdrawn", ended
        events = [e for e in read_public_topics(platform.bootstrap) if e.concerns([x.person_id])]
        endings = [e.data for e in events if e.type == "mentoring.match.ended.v1"]
        assert [e["reason"] for e in endings] == ["consent_withdrawn"], endings
        waiting = story.mentoring.call("GET", "/waiting", params={"prison_code": story.prison})
        assert x.person_id not in [w["person_id"] for w in waiting["items"]]
        [closed] = story.placements.referrals(m.person_id)
        assert closed["referral_id"] == opened["referral_id"]
        assert closed["closed_reason"] == "consent_withdrawn", closed
        story.check_no_dead_letters()
    finally:
        story.close()


def _one_open_match(story: Story, person: Person) -> dict:
    found = story.mentoring.open_matches_as_mentee(person.person_id)
    assert len(found) == 1, found
    return found[0]


def _no_open_match(story: Story, person: Person) -> None:
    still = [m for m in story.mentoring.matches(person.person_id) if m["status"] != "ended"]
    assert still == [], still


def _open_referrals(story: Story, person: Person, count: int) -> list[dict]:
    found = [r for r in story.placements.referrals(person.person_id) if r["status"] == "open"]
    assert len(found) == count, found
    return found
