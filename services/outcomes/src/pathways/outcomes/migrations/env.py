from pathways.outcomes.adapters.aggregate_tables import metadata  # every table, aggregates too
from pathways.platform.migrations import run_env

run_env(metadata)
