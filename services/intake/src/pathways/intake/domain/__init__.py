"""Pure domain layer of the intake service (no I/O).

Modules: `prisons` (reference list), `values` (prison number, category, wing), `reception`,
`referral`, `instruments` (BARC-10, TOP), `assessments`, `custody`, `events`, `person` (the
aggregate), `feed_messages` (parsing the ministry feed), `feed` (the decision) and `feed_apply`.
"""
