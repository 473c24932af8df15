"""SQLAlchemy's dialect compliance suite (sqlalchemy.testing.suite, shipped inside the
installed package), run unmodified against one server: the pytest plugin SQLAlchemy's
own test runs use, with the generic SuiteRequirements. The server's URL comes from
--dburi (tests/clients/test_sqlalchemy_compliance_suite.py passes it)."""
import pytest

pytest.register_assert_rewrite("sqlalchemy.testing.assertions")

from sqlalchemy.dialects.postgresql import provision as _pg_provision  # noqa: E402
from sqlalchemy.testing.plugin.pytestplugin import *  # noqa: E402,F401,F403

# SQLAlchemy's provisioning creates the citext and hstore extensions on PostgreSQL 13 and
# later; pgsnake has neither yet, and the compliance suite uses neither. Both servers
# run without them, so both run the same tests.
_pg_provision._extensions[:] = []
