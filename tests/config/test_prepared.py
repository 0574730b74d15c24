"""Querysets compiled once per process (config/prepared.py)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.prepared import Prepared
from listings.constants import ListingStatus
from listings.models import Listing
from tests.factories.listings import ListingFactory


@pytest.fixture
def listings(university):
    made = [ListingFactory(owner=university, title=f"電池 {i}") for i in range(4)]
    made.append(
        ListingFactory(owner=university, status=ListingStatus.DRAFT, title="下書き")
    )
    return made


def _published(ids):
    return (
        Listing.objects.filter(pk__in=ids, status=ListingStatus.PUBLISHED)
        .order_by("pk")
        .values_list("pk", "title", "updated_at")
    )


def test_rows_equal_the_orm_and_are_converted(listings):
    prepared = Prepared(_published)
    for ids in ([listings[0].pk], [m.pk for m in listings], [listings[-1].pk]):
        assert prepared.rows(ids) == list(_published(ids))
    rows = prepared.rows([listings[1].pk])
    assert isinstance(rows[0][2], datetime.datetime)  # not a string on SQLite
    assert prepared.rows([]) == []
    assert prepared.rows([10**12]) == []


def test_compiled_once_per_shape(listings):
    prepared = Prepared(_published)
    first = [listings[0].pk, listings[1].pk]
    with CaptureQueriesContext(connection) as ctx:
        prepared.rows(first)
        prepared.rows([listings[2].pk, listings[3].pk])
        prepared.rows([listings[2].pk])
    assert len(prepared._compiled) == 2  # lists of two, a list of one
    sql = [q["sql"] for q in ctx.captured_queries]
    assert len(sql) == 3
    assert str(listings[0].pk) in sql[0] and str(listings[2].pk) in sql[1]


def test_scalar_and_no_arguments(listings):
    by_pk = Prepared(lambda pk: Listing.objects.filter(pk=pk).values_list("title"))
    assert by_pk.rows(listings[0].pk) == [("電池 0",)]
    assert by_pk.rows(listings[4].pk) == [("下書き",)]
    count = Prepared(
        lambda: Listing.objects.filter(status=ListingStatus.DRAFT).values_list("pk")
    )
    assert count.rows() == [(listings[4].pk,)]


def test_an_argument_that_does_not_reach_the_sql_is_refused(db):
    ignored = Prepared(lambda pk: Listing.objects.filter(pk=1).values_list("pk"))
    with pytest.raises(ValueError, match="every argument"):
        ignored.rows(5)


def test_rows_become_partly_loaded_instances(listings):
    from config.prepared import in_field_order

    names = in_field_order(Listing, ("updated_at", "title", "id"))
    assert names == ["id", "title", "updated_at"]
    with pytest.raises(ValueError, match="not fields"):
        in_field_order(Listing, ("id", "no_such_field"))
    prepared = Prepared(lambda pk: Listing.objects.filter(pk=pk).values_list(*names))
    (row,) = prepared.rows(listings[0].pk)
    listing = Listing.from_db("default", names, row)
    assert (listing.pk, listing.title) == (listings[0].pk, "電池 0")
    assert listing.get_deferred_fields() >= {"summary", "owner_id"}
    assert listing.summary == listings[0].summary  # loaded on access
