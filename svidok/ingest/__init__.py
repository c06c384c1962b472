"""Ingest: spreadsheets with declarative mappings, Telegram exports, Uwazi exports.

Adapters read files and yield items that build records; they never write. The importer
applies items to a store in one transaction, idempotently (by each item's key and content hash).
"""

__all__: list[str] = []
