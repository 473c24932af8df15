"""Each test gets its own copy of the migrated template: changes do not carry over."""
import pytest


@pytest.mark.parametrize("extra", ["Edsger", "Barbara", "Donald"])
def test_copy_of_template(conn, extra):
    assert conn.execute("SELECT name FROM customers ORDER BY id").fetchall() == [
        ("Ada",), ("Grace",)]
    new_id = conn.execute("INSERT INTO customers (name) VALUES (%s) RETURNING id",
                          (extra,)).fetchone()[0]
    assert new_id == 3  # the sequence is copied too, at its template state
    assert conn.execute("SELECT count(*) FROM customers").fetchone() == (3,)
