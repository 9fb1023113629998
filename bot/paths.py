"""Where the dialogue specs and the catalogs live.

In a source checkout they are the top-level `dialogs/` and `locales/`
folders; in an installed wheel they are packaged under `bot/_data/`.
"""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _resource(name: str) -> Path:
    for candidate in (_PACKAGE.parent / name, _PACKAGE / "_data" / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"cannot find the '{name}' folder next to {_PACKAGE}")


def dialogs_dir() -> Path:
    return _resource("dialogs")


def locales_dir() -> Path:
    return _resource("locales")
