"""The mapping examples in docs/import.md are valid mappings."""

import re
from pathlib import Path

import yaml

from svidok.ingest.mapping import parse_mapping
from svidok.ingest.uwazi_mapping import parse_uwazi_mapping

DOC = Path(__file__).parents[2] / "docs" / "import.md"


def test_the_documented_mappings_parse():
    blocks = [
        yaml.safe_load(b)
        for b in re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    ]
    assert len(blocks) == 2
    spreadsheet, uwazi = blocks
    mapping = parse_mapping(spreadsheet, "docs/import.md")
    assert mapping.columns["Дата загибелі"].target == "event2.date"
    assert parse_uwazi_mapping(uwazi, "docs/import.md").templates["incident"].record == "event"
