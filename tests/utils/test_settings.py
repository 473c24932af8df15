# Settings (GUC) parse values with units, enforce ranges and contexts, and print them the
# way SHOW does in PostgreSQL (e.g. shared_buffers 1024 pages -> '8MB').
import pytest

from pgsnake.utils import settings
from pgsnake.utils.errors import PgError


@pytest.fixture(autouse=True)
def _restore():
    saved = dict(settings._values)
    yield
    settings._values.clear()
    settings._values.update(saved)


def test_memory_units_convert_to_the_setting_unit_and_back():
    settings.set_value("work_mem", "64MB")
    assert settings.get("work_mem") == 65536
    assert settings.show("work_mem") == "64MB"
    settings.set_value("work_mem", "1536kB")
    assert settings.show("work_mem") == "1536kB"


def test_page_unit_settings_show_in_bytes_units():
    settings.set_value("shared_buffers", "16MB", source="command line", check_context=False)
    assert settings.get("shared_buffers") == 2048
    assert settings.show("shared_buffers") == "16MB"


def test_time_units():
    settings.set_value("checkpoint_timeout", "2min", source="configuration file", check_context=False)
    assert settings.get("checkpoint_timeout") == 120
    assert settings.show("checkpoint_timeout") == "2min"


def test_bool_spellings_and_errors():
    settings.set_value("enable_seqscan", "off")
    assert settings.get("enable_seqscan") is False
    settings.set_value("enable_seqscan", "yes")
    assert settings.show("enable_seqscan") == "on"
    with pytest.raises(PgError) as e:
        settings.set_value("enable_seqscan", "maybe")
    assert e.value.sqlstate == "22023"


def test_unknown_setting_is_42704():
    with pytest.raises(PgError) as e:
        settings.set_value("no_such_thing", "1")
    assert e.value.sqlstate == "42704"
    assert e.value.message == 'unrecognized configuration parameter "no_such_thing"'


def test_postmaster_context_cannot_be_set_in_a_session():
    with pytest.raises(PgError) as e:
        settings.set_value("shared_buffers", "32MB")
    assert e.value.sqlstate == "55P02"


def test_range_checked():
    with pytest.raises(PgError) as e:
        settings.set_value("extra_float_digits", "7")
    assert e.value.sqlstate == "22023"


def test_config_file_parsing():
    pairs = settings.parse_config_text("# c\nport = 5433\nlisten_addresses='a, b'  # x\nfsync off\n")
    assert pairs == [("port", "5433"), ("listen_addresses", "a, b"), ("fsync", "off")]
