"""Evidence: preserved original files, addressed by their SHA-256.

Imports hash each original file they reference (a photo in a Telegram export) and the importer
copies it here before it commits the records that name it.
"""

from .files import EvidenceFiles, IntegrityError, hash_file

__all__ = ["EvidenceFiles", "IntegrityError", "hash_file"]
