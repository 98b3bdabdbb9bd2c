"""Querysets compiled once per process and run again with each page's own values.

Building and compiling a queryset costs Django more than PostgreSQL takes to run the prepared query:
on the story page 1 to 2.5 ms of Python a query against 0.2 ms in the database (bench profiles).
The few queries every story page runs are therefore built once, from stand-in values
(:class:`Slot`), and their SQL kept; each page puts its own values in the parameters and runs the
SQL. The query is still written with the ORM and the query vocabulary (``published()`` and the
rest stay the one definition of what readers may see); only the compiling is not repeated.

Rows come back as one ``values_list`` across the joined models (:class:`Joined`) and are turned into
model instances with ``Model.from_db``, linked as ``select_related`` would link them.
"""

import itertools
from datetime import UTC, datetime, timedelta

from django.db import connection

_serial = itertools.count(1)


class Slot:
    """A stand-in for a value given later: unlike any real value, so its place in the compiled
    parameters can be found. ``kind`` is "int", "text" or "moment" (an aware datetime)."""

    def __init__(self, name, kind):
        self.name, self.kind = name, kind
        serial = next(_serial)
        if kind == "int":
            self.value = -(10**15) - serial
        elif kind == "text":
            self.value = f"\x1fslot-{serial}-{name}\x1f"
        elif kind == "moment":
            self.value = datetime(1901, 1, 1, tzinfo=UTC) + timedelta(seconds=serial)
        else:
            raise ValueError(f"unknown slot kind {kind!r}")

    def adapt(self, value):
        """``value`` as the database driver receives it, as the ORM would have prepared it."""
        if self.kind == "moment":
            return connection.ops.adapt_datetimefield_value(value)
        return value


class Joined:
    """The columns of ``model`` and of the relations ``select_related`` would join, as one
    ``values_list``, and the instances built back from a row.

    ``relations`` maps a lookup path ("section", "lead_photo__agency", "rendering") to the fields
    to read there, or None for all of them; ``fields`` are the model's own (None: all but ``skip``).
    """

    def __init__(self, model, fields=None, relations=None, skip=()):
        self.model = model
        self.parts = [("", model, self._names(model, fields, skip))]
        for path, names in (relations or {}).items():
            related = model
            for step in path.split("__"):
                related = related._meta.get_field(step).related_model
            self.parts.append((path, related, self._names(related, names, ())))

    @staticmethod
    def _names(model, names, skip):
        # In the model's field order, which ``Model.from_db`` expects its values in.
        wanted = set(names or ()) | {model._meta.pk.attname}
        return [
            field.attname
            for field in model._meta.concrete_fields
            if (field.attname in wanted if names is not None else field.name not in skip)
        ]

    def lookups(self):
        return [f"{path}__{name}" if path else name for path, _model, names in self.parts for name in names]

    def build(self, row):
        """The instance of ``model`` for ``row``, its related instances cached on it."""
        made, start = {}, 0
        for path, model, names in self.parts:
            values = row[start : start + len(names)]
            start += len(names)
            instance = None
            if values[names.index(model._meta.pk.attname)] is not None:
                instance = model.from_db(connection.alias, names, values)
            made[path] = instance
            if path:
                parent_path, _, name = path.rpartition("__")
                parent = made[parent_path]
                if parent is not None:
                    parent._state.fields_cache[name] = instance
        return made[""]


class CompiledQuery:
    """A ``values_list`` queryset made by ``build(**slot values)``, compiled on first use."""

    def __init__(self, build, joined, **slot_kinds):
        self.build_queryset, self.joined = build, joined
        self.slots = {name: Slot(name, kind) for name, kind in slot_kinds.items()}
        self._compiled = {}  # connection alias -> (sql, params, {param index: slot})

    def _compile(self):
        queryset = self.build_queryset(**{name: slot.value for name, slot in self.slots.items()})
        compiler = queryset.values_list(*self.joined.lookups()).query.get_compiler(connection.alias)
        sql, params = compiler.as_sql()
        places = {}
        for slot in self.slots.values():
            stand_in = slot.adapt(slot.value)
            found = [index for index, param in enumerate(params) if param == stand_in]
            if not found:
                raise RuntimeError(f"slot {slot.name!r} does not reach the compiled query")
            places.update(dict.fromkeys(found, slot))
        # The compiler's own converters (dates on SQLite, JSON, booleans), worked out once.
        converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
        return compiler, converters, sql, list(params), places

    def rows(self, **values):
        """The rows for ``values`` (one per slot), converted as the ORM converts them."""
        compiled = self._compiled.get(connection.alias)
        if compiled is None:
            compiled = self._compiled[connection.alias] = self._compile()
        compiler, converters, sql, params, places = compiled
        params = list(params)
        for index, slot in places.items():
            params[index] = slot.adapt(values[slot.name])
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        if not converters:
            return fetched
        return list(compiler.apply_converters(fetched, converters))

    def instances(self, **values):
        return [self.joined.build(row) for row in self.rows(**values)]
