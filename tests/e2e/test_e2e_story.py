"""The release workflow end to end across process boundaries, with no faults: the prison's
movement feed and the staff APIs in, every service's API and the public topics out."""

from __future__ import annotations

import pytest
from e2e_platform import Platform
from e2e_story import Story

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


def test_release_workflow_from_reception_to_follow_ups(platform: Platform) -> None:
    story = Story(platform, "BAI")
    before = story.outcomes_figures()
    try:
        story.receive_from_feed(story.mentor_a, story.mentor_b, story.mentee)
        story.train_mentors()
        story.refer_and_assess_mentee()
        story.activate_mentor_b()
        story.open_family_case()
        story.schedule_release()

        story.release_from_feed(story.mentor_a)
        story.wait_for_mentor_release()
        story.release_from_feed(story.mentee)
        story.wait_for_mentee_release()

        platform.wait_quiet()
        story.check_apis()
        story.check_public_topics()
        story.check_no_dead_letters()
        story.check_outcomes(before)
    finally:
        story.close()
