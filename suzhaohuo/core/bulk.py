"""Raw bulk inserts for the hot tables of an import (issue #19).

Django's ``bulk_create`` prepares every value through several layers per field and row (``pre_save``,
``get_db_prep_save``, the insert compiler): about 1.6 ms of CPU per imported posting on this machine. Here
each column gets **one adapter**, chosen once per call from the field's type, and the rows go to the
database in one statement per batch:

* SQLite: ``executemany`` of one ``INSERT``; when the new ids are wanted, a multi-row
  ``INSERT … RETURNING id`` per batch (what ``bulk_create`` does, in the same order);
* PostgreSQL: ``COPY … FROM STDIN`` through psycopg; ids wanted are taken from the table's sequence
  first (``nextval`` over ``generate_series``) and copied with the rows.

What is written is what ``bulk_create`` would write: plain text, numbers and foreign keys go as they are,
dates and datetimes through the backend's adapter, and every other field (JSON, binary, decimals, the
encrypted and keyed-hash fields) through its own ``get_db_prep_save`` — so encryption and keyed hashes
are never skipped. Columns left out get what the ORM would give them (the field's default, else NULL, else "" for text;
computed once per call), ``auto_now`` / ``auto_now_add`` the call's time. Model ``save()``, signals and ``pre_save`` hooks
are not run: callers use it only for tables whose writes carry no behaviour of their own (the import's
jobs and history rows, status changes, audit events, raw records, postings, source links, index rows).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connections, models
from django.utils import timezone

Adapter = Callable[[Any], Any]

_PLAIN = (models.IntegerField, models.BigIntegerField, models.SmallIntegerField, models.PositiveIntegerField,
          models.PositiveSmallIntegerField, models.PositiveBigIntegerField, models.BooleanField, models.FloatField,
          models.AutoField, models.BigAutoField, models.SmallAutoField)
_TEXT = (models.CharField, models.TextField, models.SlugField)
SQLITE_BATCH = 500


def _text(value: Any) -> Any:
    return value if value is None or type(value) is str else str(value)


def _same(value: Any) -> Any:
    return value


def column_adapter(field: models.Field[Any, Any], connection: Any) -> Adapter:
    """One function turning a Python value into what the driver is given for this column."""
    kind = type(field)
    if isinstance(field, models.ForeignKey):
        target = field.target_field
        return _same if type(target) in _PLAIN else (lambda v: None if v is None else target.get_db_prep_save(
            v, connection))
    if kind in _TEXT:
        return _text
    if kind in _PLAIN:
        return _same
    ops = connection.ops
    if kind is models.DateTimeField:
        return _last(ops.adapt_datetimefield_value)
    if kind is models.DateField:
        return _last(ops.adapt_datefield_value)
    return lambda v: field.get_db_prep_save(v, connection)


def _last(adapt: Adapter) -> Adapter:
    """``adapt`` remembering its last answer: the rows of one call mostly share one timestamp object."""
    seen: list[Any] = [None, None]

    def run(value: Any) -> Any:
        if value is None:
            return None
        if value is not seen[0]:
            seen[0], seen[1] = value, adapt(value)
        return seen[1]

    return run


class _Plan:
    def __init__(self, model: type[models.Model], names: Sequence[str], connection: Any) -> None:
        meta = model._meta
        by_name = {f.attname: f for f in meta.concrete_fields} | {f.name: f for f in meta.concrete_fields}
        self.fields = [by_name[n] for n in names]
        self.adapters = [column_adapter(f, connection) for f in self.fields]
        given = {f.attname for f in self.fields}
        pk = meta.pk
        assert pk is not None
        self.pk = pk
        now = timezone.now()
        self.fixed: list[tuple[models.Field[Any, Any], Any]] = []  # the columns not given: one value per call
        for f in meta.concrete_fields:
            if f.attname in given or f is pk:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value: Any = now
            elif f.has_default() or f.null or f.empty_strings_allowed:
                value = f.get_default()  # as the ORM: the default, else NULL, else "" for text
            else:
                raise ValueError(f"{meta.label}.{f.name}: no value given and no default")
            self.fixed.append((f, column_adapter(f, connection)(value)))
        self.table = meta.db_table
        self.connection = connection

    def columns(self, with_pk: bool) -> list[str]:
        q = self.connection.ops.quote_name
        names = [q(f.column) for f in self.fields] + [q(f.column) for f, _v in self.fixed]
        return ([q(self.pk.column)] if with_pk else []) + names

    def adapt(self, rows: Iterable[Sequence[Any]]) -> list[tuple[Any, ...]]:
        tail = tuple(v for _f, v in self.fixed)
        width = len(self.adapters)
        # only the columns whose adapter does something are visited (numbers and keys pass as they are)
        active = [(i, a) for i, a in enumerate(self.adapters) if a is not _same]
        out: list[tuple[Any, ...]] = []
        for row in rows:
            values = list(row)
            if len(values) != width:
                raise ValueError(f"{self.table}: {len(values)} values for {width} columns")
            for i, a in active:
                values[i] = a(values[i])
            out.append((*values, *tail))
        return out


def insert_rows(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]], *,
                returning: bool = False, using: str = "default") -> list[int]:
    """Insert ``rows`` (tuples in the order of ``names``: field names or attnames such as ``job_id``) into
    ``model``'s table. Returns the new primary keys in row order when ``returning``, else []."""
    connection = connections[using]
    plan = _Plan(model, names, connection)
    values = plan.adapt(rows)
    if not values:
        return []
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # the driver's own cursor: no per-statement wrapping
        if connection.vendor == "postgresql":
            return _copy(plan, cursor, values, returning)
        return _sqlite(plan, cursor, values, returning, connection)


def _sqlite(plan: _Plan, cursor: Any, values: list[tuple[Any, ...]], returning: bool, connection: Any) -> list[int]:
    cols = plan.columns(with_pk=False)
    head = f'INSERT INTO {connection.ops.quote_name(plan.table)} ({", ".join(cols)}) VALUES '
    one = "(" + ", ".join("?" * len(cols)) + ")"
    if not returning:
        cursor.executemany(head + one, values)
        return []
    size = max(1, min(SQLITE_BATCH, connection.features.max_query_params // len(cols)))
    ids: list[int] = []
    pk = connection.ops.quote_name(plan.pk.column)
    for start in range(0, len(values), size):
        part = values[start:start + size]
        cursor.execute(head + ", ".join([one] * len(part)) + f" RETURNING {pk}", [v for row in part for v in row])
        ids += [r[0] for r in cursor.fetchall()]
    return ids


def _copy(plan: _Plan, cursor: Any, values: list[tuple[Any, ...]], returning: bool) -> list[int]:
    q = plan.connection.ops.quote_name
    ids: list[int] = []
    if returning:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [q(plan.table), plan.pk.column, len(values)])
        ids = [r[0] for r in cursor.fetchall()]
        values = [(pk, *row) for pk, row in zip(ids, values, strict=True)]
    with cursor.copy(f"COPY {q(plan.table)} ({', '.join(plan.columns(with_pk=returning))}) FROM STDIN") as copy:
        for row in values:
            copy.write_row(row)
    return ids


def insert_objects(objs: Sequence[models.Model], *, using: str = "default") -> None:
    """Insert unsaved model instances of one model (raw, as above), setting their primary keys and
    ``auto_now``/``auto_now_add`` fields like ``save()`` would. For callers that need the instances."""
    if not objs:
        return
    model = type(objs[0])
    meta = model._meta
    now = timezone.now()
    stamped = [f.attname for f in meta.concrete_fields if getattr(f, "auto_now", False)
               or getattr(f, "auto_now_add", False)]
    for obj in objs:
        for name in stamped:
            setattr(obj, name, now)
    names = [f.attname for f in meta.concrete_fields if f is not meta.pk]
    ids = insert_rows(model, names, ([getattr(o, n) for n in names] for o in objs), returning=True, using=using)
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, using
