"""The short report printed after a load: what was done, per kind."""

from __future__ import annotations

from collections import Counter

LINES = (
    ("placements.provider", "community providers (South London and the home counties)"),
    ("feed.received", "receptions from the movement feed (incl. readmissions)"),
    ("feed.released", "releases from the feed"),
    ("feed.transferred", "transfers out (feed)"),
    ("feed.court", "court trips (feed; not releases)"),
    ("intake.referral", "referrals to the programme"),
    ("intake.assessment", "assessments (BARC-10, TOP, clean since)"),
    ("intake.release_plan", "release plans"),
    ("mentoring.enrol", "mentors enrolled in training cohorts"),
    ("mentoring.module", "training modules completed"),
    ("mentoring.qualify", "mentors qualified (OCN Level 2)"),
    ("mentoring.leave", "trainees who left the course"),
    ("intake.recategorisation", "mentors moved to open conditions (category D)"),
    ("intake.rotl", "ROTL day releases (returned)"),
    ("intake.rotl_open", "ROTL day releases running now"),
    ("family.case", "family cases opened"),
    ("family.followup_completed", "family follow-ups completed"),
    ("placements.placement", "volunteer placements started"),
    ("placements.outcome", "outcomes recorded at 6/26 weeks"),
)


def report(done: Counter[str], refused: list[str], dashboard: str) -> str:
    lines = ["", "Pathways demo — HMP Belmarsh (BAI)"]
    lines += [f"  {done[key]:>5}  {label}" for key, label in LINES]
    sessions = sum(v for k, v in done.items() if k.startswith("session."))
    kinds = ", ".join(f"{k[8:]} {v}" for k, v in sorted(done.items()) if k.startswith("session."))
    lines.append(f"  {sessions:>5}  mentoring sessions ({kinds})")
    if refused:
        lines.append(f"  {len(refused)} steps were refused; first ones:")
        lines += [f"    {r}" for r in refused[:5]]
    lines += ["", f"Dashboard: {dashboard}", ""]
    return "\n".join(lines)
