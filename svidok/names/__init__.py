"""Names across scripts: Ukrainian, Russian and Latin forms of the same person's name.

Pure functions, no storage: :func:`analyze` parses a name, finds the nominative of inflected
forms, transliterates it under the common standards and computes keys; :func:`compare_names`
says whether two written names can be the same; :class:`NameIndex` searches across scripts.
"""

from .analysis import NameAnalysis, NameKeys, analyze, father_name, key_columns
from .compare import NameComparison, compare_names, jaro_winkler, same_name
from .lemma import lemmas
from .parse import ParsedName, Token, is_patronymic, parse_name
from .script import languages, normalize_token, token_script
from .search import Match, NameIndex

__all__ = [
    "Match",
    "NameAnalysis",
    "NameComparison",
    "NameIndex",
    "NameKeys",
    "ParsedName",
    "Token",
    "analyze",
    "compare_names",
    "father_name",
    "is_patronymic",
    "jaro_winkler",
    "key_columns",
    "languages",
    "lemmas",
    "normalize_token",
    "parse_name",
    "same_name",
    "token_script",
]
