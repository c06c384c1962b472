"""Record linkage: deduplicating persons across sources with Splink (DuckDB by default, Spark for scale)."""

__all__: list[str] = []
