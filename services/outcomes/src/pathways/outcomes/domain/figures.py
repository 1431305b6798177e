"""Every figure of a summary from the aggregates' sums (figures_totals.Totals): the same
Summary as `summary.summarise` over the facts, which the property test checks."""

from __future__ import annotations

from collections.abc import Mapping

from pathways.outcomes.domain.continuity import ReleaseClass
from pathways.outcomes.domain.facts import Period, percent
from pathways.outcomes.domain.figures_totals import PointSums, Totals
from pathways.outcomes.domain.ledger import REPEAT
from pathways.outcomes.domain.results import (
    CLEAN_THRESHOLDS,
    ContinuityFigures,
    DaysCleanFigures,
    FamilyFigures,
    MatchFigures,
    MentorFigures,
    OpenConditionsFigures,
    PeopleFigures,
    PlacementFigures,
    ProgrammeContactFigures,
    SessionFigures,
    Summary,
)
from pathways.outcomes.domain.workers import WorkerFollowUps

NONE = PointSums()


class _Reader:
    def __init__(self, totals: Totals) -> None:
        self.points, self.levels = totals.points, totals.levels

    def n(self, metric: str) -> int:
        return self.points.get(metric, NONE).n

    def distinct(self, metric: str) -> int:
        return self.n(metric) - self.points.get(metric + REPEAT, NONE).second_from_start

    def level(self, metric: str) -> int:
        return self.levels.get(metric, (0, 0))[0]

    def by(self, prefix: str) -> dict[str, int]:
        found = {m[len(prefix) :]: s.n for m, s in self.points.items() if m.startswith(prefix)}
        return dict(sorted((k, v) for k, v in found.items() if v))


def _round(total: float, count: int) -> float | None:
    return round(total / count, 1) if count else None


def mentors(r: _Reader) -> MentorFigures:
    loads = {int(m.split("|")[1]): n for m, (n, _) in r.levels.items()
             if m.startswith("m.load|") and n}  # fmt: skip
    active = sum(loads.values())
    open_matches = sum(k * n for k, n in loads.items())
    return MentorFigures(
        enrolled=r.distinct("m.enr"), in_training=r.level("m.training"),
        qualified=r.n("m.qual"), qualified_since_programme_began=r.level("m.qsince"),
        active=active, open_matches_of_active=open_matches,
        load_mean=_round(open_matches, active), load_max=max(loads, default=0),
    )  # fmt: skip


def matches(r: _Reader, period: Period) -> MatchFigures:
    ended = r.points.get("x.ended", NONE)
    open_n, open_total = r.levels.get("x.open", (0, 0))
    return MatchFigures(
        made=r.n("x.made"), ended=ended.n, mean_days_ended=_round(ended.total, ended.n),
        open=open_n, mean_days_open=_round(open_n * period.end.toordinal() + open_total, open_n),
    )  # fmt: skip


def family(r: _Reader) -> FamilyFigures:
    due, on_time = r.n("f.due"), r.n("f.ontime")
    late = r.points.get("f.late", NONE).second_by_end
    reasons = r.by("f.cx|")
    return FamilyFigures(
        cases_opened=r.n("f.case"), followups_due=due, on_time=on_time, late=late,
        outstanding=due - on_time - late, on_time_percent=percent(on_time, due),
        cancelled=sum(reasons.values()), cancelled_by_reason=reasons,
    )  # fmt: skip


def placements(r: _Reader) -> PlacementFigures:
    triggers, rotl, after = r.by("pl.ref|"), r.n("pl.start|rotl"), r.n("pl.start|rel")
    return PlacementFigures(
        referrals=sum(triggers.values()), referrals_by_trigger=triggers,
        started=rotl + after, started_on_rotl=rotl, started_after_release=after,
        ended=r.n("pl.end"), completed=r.n("pl.end|completed"),
        ended_recalled=r.n("pl.end|recalled"),
    )  # fmt: skip


def continuity(r: _Reader) -> ContinuityFigures:
    counts: dict[ReleaseClass, int] = {}
    pending = 0
    for c in ReleaseClass:
        waiting = r.points.get(f"cc.pend|{c.value}", NONE).recent
        counts[c] = r.n(f"cc|{c.value}") - waiting
        pending += waiting
    no_need = counts[ReleaseClass.NO_NEED]
    figures = ContinuityFigures(
        released_with_need=sum(counts.values()) + pending - no_need,
        released_without_need=no_need, engaged=counts[ReleaseClass.ENGAGED],
        not_engaged=counts[ReleaseClass.NOT_ENGAGED],
        not_referred=counts[ReleaseClass.NOT_REFERRED], unknown=counts[ReleaseClass.UNKNOWN],
        not_yet_due=counts[ReleaseClass.NOT_YET_DUE] + pending,
    )  # fmt: skip
    figures.due = figures.released_with_need - figures.not_yet_due
    figures.percent = percent(figures.engaged, figures.due)
    return figures


def summary_of(totals: Totals, period: Period) -> Summary:
    r = _Reader(totals)
    released, contacted = r.n("pc|contacted") + r.n("pc|not"), r.n("pc|contacted")
    kinds = r.by("s|")
    days = {f"at_least_{k}": r.level(f"dc.{k}") for k in CLEAN_THRESHOLDS}
    return Summary(
        prison_code=period.prison_code, from_date=period.start, to_date=period.end,
        mentors=mentors(r),
        people=PeopleFigures(referred=r.distinct("p.ref"), supported=r.distinct("p.sup")),
        matches=matches(r, period),
        sessions=SessionFigures(total=sum(kinds.values()), by_kind=kinds),
        family=family(r), placements=placements(r),
        open_conditions=OpenConditionsFigures(
            transfers=r.distinct("oc.t"), mentors=r.distinct("oc.m"), on_rotl=r.distinct("oc.r")
        ),
        days_clean=DaysCleanFigures(assessed=r.level("dc.assessed"),
                                    with_clean_date=r.level("dc.clean"), **days),
        continuity_of_care=continuity(r),
        programme_contact_21_days=ProgrammeContactFigures(
            released=released, contacted=contacted, percent=percent(contacted, released),
            still_in_window=r.points.get("pc.pend", NONE).recent,
        ),
    )  # fmt: skip


def workers_of(levels: Mapping[str, tuple[int, int]]) -> list[WorkerFollowUps]:
    """Per owner (metric `o:<owner>`, or `none`): n due, total overdue."""
    rows = [WorkerFollowUps(None if m == "none" else m[2:], n, total)
            for m, (n, total) in levels.items() if n > 0]  # fmt: skip
    return sorted(rows, key=lambda r: (-r.overdue, -r.due, r.owner or "\uffff"))
