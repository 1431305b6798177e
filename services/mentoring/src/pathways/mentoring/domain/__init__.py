"""The mentoring domain: pure model and rules (no I/O). Import from here."""

from __future__ import annotations

from pathways.mentoring.domain.assignment import (
    MatchingResult,
    ProposedPair,
    greedy_assignment,
    optimal_assignment,
)
from pathways.mentoring.domain.candidates import Candidate, candidates_for
from pathways.mentoring.domain.events import (
    DomainEvent,
    MatchEnded,
    MatchMade,
    MatchProposed,
    MentorEnrolled,
    MentorModuleCompleted,
    MentorQualified,
    MentorStatusChanged,
    SessionLogged,
)
from pathways.mentoring.domain.match import ENDED_BADLY, EndReason, Match, MatchStatus
from pathways.mentoring.domain.mentee import Mentee, MenteeStatus
from pathways.mentoring.domain.mentor import Mentor
from pathways.mentoring.domain.non_associations import NonAssociation, NonAssociations
from pathways.mentoring.domain.rematching import (
    MatchEnding,
    RematchPlan,
    Trigger,
    plan,
    plan_for_consent_withdrawn,
    plan_for_new_custody_period,
    plan_for_release,
    plan_for_transfer,
    trigger_for_mentor,
    waits_again,
)
from pathways.mentoring.domain.rules import Exclusion, MatchingContext, ensure_pair, exclusions
from pathways.mentoring.domain.scoring import MatchingWeights, PairScore, score_pair
from pathways.mentoring.domain.sessions import Session, SessionKind
from pathways.mentoring.domain.training import (
    DEFAULT_AWARD,
    DEFAULT_CAPACITY,
    Qualification,
    TrainingCohort,
)
from pathways.mentoring.domain.vocabulary import (
    ALL_MODULES,
    MentorStatus,
    MentorStatusReason,
    Module,
    Slot,
)

__all__ = [
    "ALL_MODULES",
    "DEFAULT_AWARD",
    "DEFAULT_CAPACITY",
    "ENDED_BADLY",
    "Candidate",
    "DomainEvent",
    "EndReason",
    "Exclusion",
    "Match",
    "MatchEnded",
    "MatchEnding",
    "MatchMade",
    "MatchProposed",
    "MatchStatus",
    "MatchingContext",
    "MatchingResult",
    "MatchingWeights",
    "Mentee",
    "MenteeStatus",
    "Mentor",
    "MentorEnrolled",
    "MentorModuleCompleted",
    "MentorQualified",
    "MentorStatus",
    "MentorStatusChanged",
    "MentorStatusReason",
    "Module",
    "NonAssociation",
    "NonAssociations",
    "PairScore",
    "ProposedPair",
    "Qualification",
    "RematchPlan",
    "Session",
    "SessionKind",
    "SessionLogged",
    "Slot",
    "TrainingCohort",
    "Trigger",
    "candidates_for",
    "ensure_pair",
    "exclusions",
    "greedy_assignment",
    "optimal_assignment",
    "plan",
    "plan_for_consent_withdrawn",
    "plan_for_new_custody_period",
    "plan_for_release",
    "plan_for_transfer",
    "score_pair",
    "trigger_for_mentor",
    "waits_again",
]
