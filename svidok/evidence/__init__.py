"""Evidence: preserved original files, addressed by their SHA-256, encrypted at rest when the
database is, with a chained custody log and metadata-free working copies.

Imports hash each original file they reference (a photo in a Telegram export) and the importer
copies it here before it commits the records that name it.
"""

from .custody import CustodyLog
from .files import EvidenceFiles, EvidenceReport, IntegrityError, hash_file
from .strip import MediaError, strip_image

__all__ = [
    "CustodyLog",
    "EvidenceFiles",
    "EvidenceReport",
    "IntegrityError",
    "MediaError",
    "hash_file",
    "strip_image",
]
