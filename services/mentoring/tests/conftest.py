"""Makes the mentoring test helpers (mentoring_mentors) importable from every test folder."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
