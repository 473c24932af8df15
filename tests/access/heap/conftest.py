# Loads the shared storage/heap fixtures from tests/storage/storage_test_support.py.
import importlib.util
import pathlib
import sys

_path = pathlib.Path(__file__).resolve().parents[2] / "storage" / "storage_test_support.py"
if "storage_test_support" in sys.modules:
    _support = sys.modules["storage_test_support"]
else:
    _spec = importlib.util.spec_from_file_location("storage_test_support", _path)
    _support = importlib.util.module_from_spec(_spec)
    sys.modules["storage_test_support"] = _support
    _spec.loader.exec_module(_support)

buffer_pool = _support.buffer_pool
tiny_pool = _support.tiny_pool
transactions = _support.transactions
