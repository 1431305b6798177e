"""Makes intake's unit-test fakes (intake_fakes) importable from its unit tests."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
