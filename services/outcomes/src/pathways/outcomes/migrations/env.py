from pathways.outcomes.adapters.orm import metadata
from pathways.platform.migrations import run_env

run_env(metadata)
