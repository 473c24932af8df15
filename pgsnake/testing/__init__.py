"""pgsnake for other projects' test suites: a throwaway server (Server) and a pytest
plugin (pytest_plugin, registered through the pytest11 entry point) with the fixtures
pgsnake_server and pgsnake_dsn. See README.md in this package."""
from pgsnake.testing.admin_client import AdminError
from pgsnake.testing.server import Server, ServerError

__all__ = ["AdminError", "Server", "ServerError"]
