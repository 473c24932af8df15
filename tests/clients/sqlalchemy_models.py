"""The SQLAlchemy models that tests/clients/test_sqlalchemy.py and test_alembic.py build on
pgsnake and on the oracle: one schema with the column types, defaults, constraints and
indexes that applications declare (identity and sequence keys, numeric, text, boolean,
date/time with and without time zone, interval, json/jsonb, arrays, uuid, enum, bytea;
server defaults; foreign keys with ON DELETE; unique, check, partial and expression
indexes; table and column comments), and the helpers both tests share.
"""
from __future__ import annotations

import datetime
import decimal
import enum
import uuid

from sqlalchemy import (JSON, BigInteger, Boolean, CheckConstraint, Date, DateTime, Enum,
                        Float, ForeignKey, Identity, Index, Integer, Interval, LargeBinary,
                        Numeric, Sequence, SmallInteger, String, Text, Time,
                        UniqueConstraint, func, text)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

DIALECTS = ("psycopg", "psycopg2", "asyncpg")
VIEW_SQL = ("CREATE VIEW orm_active_author AS SELECT id, name, email FROM orm_author "
            "WHERE active AND mood IS DISTINCT FROM 'sad'")


class Mood(enum.Enum):
    happy = "happy"
    sad = "sad"
    calm = "calm"


class Base(DeclarativeBase):
    pass


order_number = Sequence("orm_order_number_seq", start=100, increment=5)


class Author(Base):
    __tablename__ = "orm_author"
    __table_args__ = (
        UniqueConstraint("name", "email", name="orm_author_name_email_key"),
        CheckConstraint("char_length(name) > 0", name="orm_author_name_check"),
        {"comment": "people who write"},
    )
    id: Mapped[int] = mapped_column(Integer, Identity(start=1), primary_key=True)
    name: Mapped[str] = mapped_column(String(80), comment="display name")
    email: Mapped[str | None] = mapped_column(String(200))
    bio: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    born: Mapped[datetime.date | None] = mapped_column(Date)
    wakes: Mapped[datetime.time | None] = mapped_column(Time)
    created: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True),
                                                       server_default=func.now())
    mood: Mapped[Mood | None] = mapped_column(Enum(Mood, name="orm_mood"))
    books: Mapped[list[Book]] = relationship(back_populates="author",
                                             cascade="all, delete-orphan",
                                             order_by="Book.id")


class Book(Base):
    __tablename__ = "orm_book"
    __table_args__ = (
        Index("orm_book_title_lower", func.lower(text("title"))),
        Index("orm_book_cheap", "price", postgresql_where=text("price < 10")),
        Index("orm_book_author_title", "author_id", "title", unique=True),
        CheckConstraint("price >= 0", name="orm_book_price_check"),
    )
    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("orm_author.id", ondelete="CASCADE"),
                                           index=True)
    title: Mapped[str] = mapped_column(String(200))
    price: Mapped[decimal.Decimal | None] = mapped_column(Numeric(10, 2))
    pages: Mapped[int | None] = mapped_column(SmallInteger)
    rating: Mapped[float | None] = mapped_column(Float)
    loan: Mapped[datetime.timedelta | None] = mapped_column(Interval)
    meta: Mapped[dict | None] = mapped_column(JSONB)
    extra: Mapped[list | None] = mapped_column(JSON)
    tags: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    ref: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True),
                                           server_default=text("gen_random_uuid()"))
    cover: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(10), server_default="new")
    author: Mapped[Author] = relationship(back_populates="books")
    orders: Mapped[list[Order]] = relationship(back_populates="book", order_by="Order.id")


class Order(Base):
    __tablename__ = "orm_order"
    id: Mapped[int] = mapped_column(Integer, order_number,
                                    server_default=order_number.next_value(), primary_key=True)
    book_id: Mapped[int | None] = mapped_column(ForeignKey("orm_book.id", ondelete="SET NULL"))
    qty: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    placed: Mapped[datetime.datetime] = mapped_column(DateTime,
                                                      server_default=text("CURRENT_TIMESTAMP"))
    book: Mapped[Book | None] = relationship(back_populates="orders")


def url(server, dialect: str, dbname: str) -> str:
    return f"postgresql+{dialect}://{server.user}@{server.host}:{server.port}/{dbname}"


def create_database(server, dbname: str) -> None:
    with server.connect() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {dbname}")
        conn.execute(f"CREATE DATABASE {dbname}")


def drop_database(server, dbname: str) -> None:
    """Every engine on it is disposed by now (DROP DATABASE waits a few seconds for
    sessions that are still closing)."""
    with server.connect() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {dbname}")
