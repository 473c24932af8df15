# Fixtures shared with the storage tests live in tests/storage_test_support.py.
from storage_test_support import buffer_pool, tiny_pool, transactions  # noqa: F401
