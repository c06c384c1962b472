"""``python -m svidok.web.i18n``: compile the catalogues after editing a ``messages.po``."""

from . import compile_catalogues

__all__: list[str] = []

for _path in compile_catalogues():
    print(f"wrote {_path}")
