from pathways.mentoring.adapters.orm import metadata
from pathways.platform.migrations import run_env

run_env(metadata)
