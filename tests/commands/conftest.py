# Fixtures for command tests: the catalog tests' `world` and `transaction` (see
# tests/catalog/fakes.py).
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "catalog"))

from fakes import transaction, world  # noqa: E402,F401
