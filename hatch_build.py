"""Compile the gettext catalogs (.po -> .mo) with Babel when a wheel is built.

The compiled files are build products: they are not committed, so a wheel
built from a clean checkout must make them itself.
"""

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogs(BuildHookInterface):
    def initialize(self, version, build_data):
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po_path in Path(self.root, "locales").glob("*/LC_MESSAGES/messages.po"):
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with po_path.with_suffix(".mo").open("wb") as mo_file:
                write_mo(mo_file, catalog)
