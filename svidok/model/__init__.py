"""The record model: record types, vocabularies and value types, as data plus a small registry.

Pure: imports nothing from storage, CLI or web.
"""

from .checks import involvement_problems, record_problems
from .dates import DatePrecision, PartialDate
from .places import Place, PlacePrecision, Region, region_for_name, regions
from .records import Record, canonical_json, load_record, make, make_from, new_id
from .schema import Field, RecordType, kind_for_id, record_type, record_types
from .values import AgeAt, Consent, PersonName, ValueType, value_type
from .vocab import EventType, Provision, Vocabulary, event_types, provisions, vocabulary

__all__ = [
    "AgeAt",
    "Consent",
    "DatePrecision",
    "EventType",
    "Field",
    "PartialDate",
    "PersonName",
    "Place",
    "PlacePrecision",
    "Provision",
    "Record",
    "RecordType",
    "Region",
    "ValueType",
    "Vocabulary",
    "canonical_json",
    "event_types",
    "involvement_problems",
    "kind_for_id",
    "load_record",
    "make",
    "make_from",
    "new_id",
    "provisions",
    "record_problems",
    "record_type",
    "record_types",
    "region_for_name",
    "regions",
    "value_type",
    "vocabulary",
]
