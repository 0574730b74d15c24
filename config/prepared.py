"""Hot reads compiled to SQL once per process instead of on every request.

For a one-row read, turning a queryset into SQL costs the ORM about as much
as running it (about 0.4 ms each for an anonymous listing page's lookup on
the load-test machine). ``Prepared`` compiles a queryset once, with sentinel
values standing in for its arguments; later calls swap the real arguments
into the parameters, run the SQL and convert the rows with the same compiler
(so dates are dates on SQLite too)::

    _STAMPS = Prepared(
        lambda ids: Listing.objects.filter(pk__in=ids).values_list("pk", "updated_at")
    )
    rows = _STAMPS.rows(ids)

Only for querysets whose SQL depends on nothing but the arguments: no user,
no clock, no setting read while building. A list argument is compiled once
per length (an empty list matches nothing); each argument must reach the SQL
as a parameter exactly once, which is checked when compiling.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import count

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet

# No row has ids or values this far below zero.
_SENTINEL_BASE = -7_310_000_000_000


class Prepared:
    def __init__(
        self, build: Callable[..., QuerySet], *, using: str = DEFAULT_DB_ALIAS
    ):
        self._build = build
        self._using = using
        self._compiled: dict[tuple, tuple] = {}

    @staticmethod
    def _shape(args: Sequence) -> tuple:
        return tuple(len(a) if isinstance(a, list | tuple) else None for a in args)

    def _compile(self, shape: tuple) -> tuple:
        numbers = count()
        stand_ins: list = []
        where: dict[int, tuple[int, int | None]] = {}
        for position, length in enumerate(shape):
            if length is None:
                value = _SENTINEL_BASE - next(numbers)
                where[value] = (position, None)
                stand_ins.append(value)
            else:
                values = [_SENTINEL_BASE - next(numbers) for _ in range(length)]
                where.update({v: (position, i) for i, v in enumerate(values)})
                stand_ins.append(values)
        compiler = self._build(*stand_ins).query.get_compiler(self._using)
        sql, params = compiler.as_sql()
        slots = [
            (index, where[param])
            for index, param in enumerate(params)
            if type(param) is int and param in where
        ]
        if sorted(slot for _index, slot in slots) != sorted(where.values()):
            raise ValueError(
                "Prepared: every argument must reach the SQL once as a parameter"
            )
        return compiler, sql, list(params), slots

    def rows(self, *args) -> list[tuple]:
        """The queryset's rows for ``args`` (converted as the ORM would)."""
        if any(isinstance(a, list | tuple) and not a for a in args):
            return []
        connection = connections[self._using]
        key = (connection.vendor, self._shape(args))
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(key[1])
        compiler, sql, template, slots = compiled
        params = list(template)
        for index, (position, item) in slots:
            params[index] = args[position] if item is None else args[position][item]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        return [tuple(row) for row in compiler.results_iter(results=[fetched])]


def in_field_order(model: type[Model], names: Sequence[str]) -> list[str]:
    """``names`` (attnames) in ``model``'s field order.

    ``Model.from_db(alias, names, values)`` with fewer values than fields
    expects them in that order; the rows of a ``values_list`` over this list
    can be turned into (partly deferred) instances that way.
    """
    wanted = set(names)
    ordered = [f.attname for f in model._meta.concrete_fields if f.attname in wanted]
    if len(ordered) != len(wanted):
        raise ValueError(f"not fields of {model.__name__}: {wanted - set(ordered)}")
    return ordered


def attach_prefetched(instance: Model, name: str, objects: Sequence[Model]) -> None:
    """Make ``instance.<name>.all()`` answer ``objects`` without a query.

    What ``prefetch_related`` leaves behind for a reverse relation, for rows
    read some other way (``prefetch_related_objects`` then skips ``name``).
    """
    queryset = getattr(instance, name).all()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset
