"""SQL tables derived from the record model, and conversion between records and rows.

Each record type gets a table with one or more columns per non-identifying field; identifying
fields of every record go, as one JSON document, to the ``identity`` table, so that they can be
encrypted and access-controlled apart from the rest. Alembic migrations in ``migrations/`` must
match this metadata (a test checks).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from ..model import Field, PartialDate, Place, Record, record_types
from ..model.records import canonical_json

__all__ = [
    "column_names",
    "metadata",
    "record_from_row",
    "record_row",
    "record_table",
    "row_for_record",
    "tables",
]

metadata = sa.MetaData()

# Ids sort bytewise on every backend ("C" collation on PostgreSQL), as Python sorts them.
ID = sa.String(48).with_variant(sa.String(48, collation="C"), "postgresql")
DIGEST = sa.String(64)


def _columns(f: Field) -> list[sa.Column[Any]]:
    name, t = f.name, f.type_name
    if t == "partial_date":
        return [
            sa.Column(name, sa.String(40), nullable=True),
            sa.Column(f"{name}_start", sa.String(10), nullable=True),
            sa.Column(f"{name}_end", sa.String(10), nullable=True),
        ]
    if t == "place":
        return [
            sa.Column(f"{name}_code", sa.String(19), nullable=True),
            sa.Column(f"{name}_region", sa.String(5), nullable=True),
            sa.Column(f"{name}_precision", sa.String(12), nullable=True),
            sa.Column(f"{name}_label", sa.Text(), nullable=True),
        ]
    if t == "int":
        return [sa.Column(name, sa.BigInteger(), nullable=True)]
    if t == "bool":
        return [sa.Column(name, sa.Boolean(), nullable=True)]
    if t in ("vocab", "event_type", "phone", "sha256"):
        return [sa.Column(name, sa.String(64), nullable=True)]
    if t == "ref":
        return [sa.Column(name, ID, nullable=True)]
    return [sa.Column(name, sa.Text(), nullable=True)]  # text, locator, JSON-valued types


_INDEXED = {
    "source": ["parent"],
    "event": ["type", "date_start", "place_region"],
    "involvement": ["person", "event"],
    "claim": ["source", "subject"],
    "published_figure": ["source"],
    "evidence": ["source", "sha256"],
    "judgement": ["left", "right"],
}


def _build() -> dict[str, sa.Table]:
    result = {}
    for rt in record_types().values():
        columns: list[sa.Column[Any]] = [
            sa.Column("id", ID, primary_key=True),
            sa.Column("digest", DIGEST, nullable=False),
        ]
        for f in rt.plain_fields:
            columns.extend(_columns(f))
        table = sa.Table(rt.name, metadata, *columns)
        for column in _INDEXED.get(rt.name, []):
            sa.Index(f"ix_{rt.name}_{column}", table.c[column])
        result[rt.name] = table
    return result


tables = _build()

identity = sa.Table(
    "identity",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("data", sa.Text(), nullable=False),
)

audit = sa.Table(
    "audit",
    metadata,
    sa.Column(
        "seq",
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("action", sa.String(10), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("entity_id", ID, nullable=False),
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("prev", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)
sa.Index("ix_audit_entity", audit.c.kind, audit.c.entity_id, audit.c.seq)

# Where imported records came from: one row per imported row or message, so that importing
# the same file again adds nothing and a corrected file updates what changed. Maintained by
# the store in the same transaction as the records; the records themselves are audited.
origin = sa.Table(
    "origin",
    metadata,
    sa.Column("dataset", sa.String(200), primary_key=True),
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("file_digest", sa.String(64), nullable=False),
    sa.Column("line", sa.BigInteger(), nullable=False),
    sa.Column("records", sa.Text(), nullable=False),
)

# Linkage results: derived data (recomputed from records and judgements), kept per run.
linkage_run = sa.Table(
    "linkage_run",
    metadata,
    sa.Column("id", sa.String(48), primary_key=True),
    sa.Column("created", sa.String(32), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("backend", sa.String(32), nullable=False),
    sa.Column("threshold", sa.Float(), nullable=False),
    sa.Column("model", sa.Text(), nullable=False),  # the trained Splink model (JSON)
    sa.Column("summary", sa.Text(), nullable=False),  # JSON: counts, timings, data version
)
linkage_pair = sa.Table(
    "linkage_pair",
    metadata,
    sa.Column("run_id", sa.String(48), primary_key=True),
    sa.Column("left_id", ID, primary_key=True),
    sa.Column("right_id", ID, primary_key=True),
    sa.Column("probability", sa.Float(), nullable=False),
    sa.Column("match_weight", sa.Float(), nullable=False),
    sa.Column("detail", sa.Text(), nullable=False),  # JSON: level and weight per comparison
)
sa.Index("ix_linkage_pair_probability", linkage_pair.c.run_id, linkage_pair.c.probability)
linkage_cluster = sa.Table(
    "linkage_cluster",
    metadata,
    sa.Column("run_id", sa.String(48), primary_key=True),
    sa.Column("person_id", ID, primary_key=True),
    sa.Column("cluster_id", ID, nullable=False),
)

# Protection state: vault parameters (how to check a key, never the key), accounts (Argon2
# password hashes), ledger heads. Small; read and written by svidok.protect.
meta = sa.Table(
    "meta",
    metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("value", sa.Text(), nullable=False),
)

# Append-only ledgers chained like the audit trail (svidok.ledger): the access log records
# every read of identifying data and every security action.
ledger = sa.Table(
    "ledger",
    metadata,
    sa.Column("log", sa.String(32), primary_key=True),
    sa.Column("seq", sa.BigInteger(), primary_key=True, autoincrement=False),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("subject", sa.Text(), nullable=False),
    sa.Column("detail", sa.Text(), nullable=False),
    sa.Column("prev", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)

audit_head = sa.Table(
    "audit_head",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
    sa.Column("seq", sa.BigInteger(), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)


def record_table(kind: str) -> sa.Table:
    return tables[kind]


def row_for_record(record: Record, digest: str) -> tuple[dict[str, Any], str | None]:
    """(row for the record's table, JSON of identifying values or None)."""
    row: dict[str, Any] = {"id": record.id, "digest": digest}
    values = record.values
    identifying = record.dump(identifying=True)
    for name, t in _PLAIN[record.kind]:
        value = values.get(name)
        if value is None:
            for column in _EXPANDED.get(t, (name,)):
                row[column.format(name)] = None
        elif t == "partial_date":
            row[name] = str(value)
            row[f"{name}_start"] = value.start.isoformat() if value.start else None
            row[f"{name}_end"] = value.end.isoformat() if value.end else None
        elif t == "place":
            row[f"{name}_code"] = value.code
            row[f"{name}_region"] = value.region
            row[f"{name}_precision"] = value.precision
            row[f"{name}_label"] = value.label
        elif t in _JSON_TYPES:
            row[name] = canonical_json(record.dump()[name])
        else:
            row[name] = value
    return row, (canonical_json(identifying) if identifying else None)


_JSON_TYPES = frozenset({"person_name", "age_at", "consent", "region_list", "text_list"})
_EXPANDED = {
    "partial_date": ("{}", "{}_start", "{}_end"),
    "place": ("{}_code", "{}_region", "{}_precision", "{}_label"),
}
_PLAIN = {
    rt.name: [(f.name, f.type_name) for f in rt.plain_fields] for rt in record_types().values()
}


_DATE, _PLACE, _JSON, _PLAIN_VALUE = 0, 1, 2, 3


def _row_plan(kind: str) -> tuple[tuple[str, int], ...]:
    return tuple(
        (
            name,
            _DATE
            if t == "partial_date"
            else _PLACE
            if t == "place"
            else _JSON
            if t in _JSON_TYPES
            else _PLAIN_VALUE,
        )
        for name, t in _PLAIN[kind]
    )


def record_row(record: Record, digest: str) -> tuple[tuple[Any, ...], str | None]:
    """(values for the record's table in :func:`column_names` order, JSON of identifying values
    or None): what :func:`row_for_record` gives, as a tuple, with less overhead."""
    row: list[Any] = [record.id, digest]
    append = row.append
    values = record.values
    dumped = None
    for name, tag in _ROW_PLANS[record.kind]:
        value = values.get(name)
        if value is None:
            if tag == _DATE:
                row += (None, None, None)
            elif tag == _PLACE:
                row += (None, None, None, None)
            else:
                append(None)
        elif tag == _PLAIN_VALUE:
            append(value)
        elif tag == _DATE:
            start, end = value.start, value.end
            row += (
                str(value),
                start.isoformat() if start else None,
                end.isoformat() if end else None,
            )
        elif tag == _PLACE:
            row += (value.code, value.region, value.precision, value.label)
        else:
            if dumped is None:
                dumped = record.dumped()
            append(canonical_json(dumped[name]))
    secret = _IDENTIFYING[record.kind]
    if not secret:
        return tuple(row), None
    if dumped is None:
        dumped = record.dumped()
    identifying = {k: v for k, v in dumped.items() if k in secret}
    return tuple(row), (canonical_json(identifying) if identifying else None)


def record_from_row(kind: str, row: Mapping[Any, Any], identity_json: str | None) -> Record:
    """Rebuild a record from its row and identifying JSON (stored data is trusted)."""
    rt = record_types()[kind]
    values: dict[str, Any] = {}
    identifying = json.loads(identity_json) if identity_json else {}
    for f in rt.fields.values():
        if f.identifying:
            if f.name in identifying:
                values[f.name] = f.type.load(identifying[f.name])
            continue
        t = f.type_name
        if t == "partial_date":
            if row[f.name] is not None:
                values[f.name] = PartialDate.parse(row[f.name])
        elif t == "place":
            precision = row[f"{f.name}_precision"]
            if precision is not None:
                values[f.name] = Place(
                    precision,
                    row[f"{f.name}_code"],
                    row[f"{f.name}_region"],
                    row[f"{f.name}_label"],
                )
        elif t in _JSON_TYPES:
            if row[f.name] is not None:
                values[f.name] = f.type.load(json.loads(row[f.name]))
        elif row[f.name] is not None:
            values[f.name] = bool(row[f.name]) if t == "bool" else row[f.name]
    return Record(kind, row["id"], values)


def column_names(kind: str) -> tuple[str, ...]:
    """The table's columns in the order :func:`row_for_record` fills them."""
    return _COLUMN_NAMES[kind]


_COLUMN_NAMES = {kind: tuple(c.name for c in table.columns) for kind, table in tables.items()}
_ROW_PLANS = {kind: _row_plan(kind) for kind in _PLAIN}
_IDENTIFYING = {rt.name: rt.identifying_names for rt in record_types().values()}
