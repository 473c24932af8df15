# Fixtures for catalog tests: `world` (a data directory bootstrapped in-process over the
# fake lower layers of tests/catalog/fakes.py) and `transaction` (run code in one).
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fakes import transaction, world  # noqa: E402,F401
