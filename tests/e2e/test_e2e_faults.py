"""The same release workflow under faults: every feed message delivered twice (and the whole
feed replayed at the end), the immediate (reversible) release and the delayed reception mixed
in, court / hospital / temporary absence movements (and their returns) that are not releases,
and service processes killed with SIGKILL and restarted in the middle. Every effect must still
happen exactly once, nothing extra, nothing lost."""

from __future__ import annotations

import pytest
from e2e_platform import Platform, eventually
from e2e_story import Person, Story

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


def test_release_workflow_under_repeats_kills_and_other_movements(platform: Platform) -> None:
    story = Story(platform, "PVI", feed_copies=2)  # every feed message twice
    a, x = story.mentor_a, story.mentee
    bystander = Person("bystander C")  # at court, in hospital, on ROTL: never released
    story.others.append(bystander)
    before = story.outcomes_figures()
    try:
        story.receive_from_feed(a, story.mentor_b, x, bystander, confirmed_too=True)
        story.train_mentors()
        story.refer_and_assess_mentee()
        story.activate_mentor_b()
        story.open_family_case()
        story.schedule_release()

        story.movements_that_are_not_releases(x)
        story.movements_that_are_not_releases(bystander)
        platform.wait_quiet()
        story.assert_in_custody(x, bystander)

        # Mentor A's release; family, placements (and outcomes, the read side) die the moment
        # intake has recorded it (their consumers then mid-way or not yet started), come back.
        story.release_from_feed(a, immediate_first=True)
        eventually(lambda: story.assert_released(a), interval=0.05, what=f"{a} released")
        consumers = [n for n in ("family", "placements", "outcomes") if platform.has(n)]
        platform.kill(*consumers)
        platform.restart(*consumers)
        story.wait_for_mentor_release()

        # X's release; intake and mentoring die together the moment intake has recorded it
        # (intake perhaps before its outbox relay published the event or its consumer
        # committed the feed offset; mentoring before or while applying it) and come back.
        story.release_from_feed(x, immediate_first=True)
        eventually(lambda: story.assert_released(x), interval=0.05, what=f"{x} released")
        platform.kill("intake", "mentoring")
        platform.restart("intake", "mentoring")
        story.wait_for_mentee_release()

        # Hours later the bridge replays the whole feed: nothing may happen again.
        platform.wait_quiet()
        story.feed.replay()
        platform.wait_quiet()
        story.assert_in_custody(story.mentor_b, bystander)
        story.check_apis()
        story.check_public_topics()
        story.check_no_dead_letters()
        story.check_outcomes(before)
    finally:
        story.close()
