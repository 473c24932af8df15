"""SQLAlchemy's dialect compliance suite (sqlalchemy.testing.suite, shipped inside the
installed package), run unmodified against one server: the pytest plugin SQLAlchemy's
own test runs use, with the generic SuiteRequirements. The server's URL comes from
--dburi (tests/clients/test_sqlalchemy_compliance_suite.py passes it)."""
import pytest

pytest.register_assert_rewrite("sqlalchemy.testing.assertions")

from sqlalchemy.testing.plugin.pytestplugin import *  # noqa: E402,F401,F403

# SQLAlchemy's provisioning creates the citext and hstore extensions (PostgreSQL 13 and
# later) in the test database, on pgsnake as on PostgreSQL (contrib/citext.py, hstore.py).
