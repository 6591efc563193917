"""Stop early when ``sources`` or ``notifier`` is somebody else's package.

ftwatch ships three top-level packages with generic names. PyPI has distributions that
install a top-level ``sources``, ``scraper`` or ``notifier`` too; in a shared environment pip
overwrites one with the other without a word (pypa/pip#4625). Running with a stranger's
``sources`` would poll nothing, silently: the worst failure ftwatch can have.
"""

from __future__ import annotations

import importlib
import importlib.metadata
from pathlib import Path

OURS = ("sources", "notifier")
FIX = (
    "Install ftwatch in an environment of its own: `pipx install ftwatch`, or "
    "`python -m venv .venv && .venv/bin/pip install ftwatch` (the Makefile and the GitHub Action do this)."
)


class ForeignPackageError(RuntimeError):
    """A top-level package ftwatch needs resolves to another distribution's code."""


def _owners(name: str) -> list[str]:
    try:
        return sorted(d for d in importlib.metadata.packages_distributions().get(name, []) if d.lower() != "ftwatch")
    except Exception:  # noqa: BLE001 - this is only a hint in an error message
        return []


def check() -> None:
    """Raise ForeignPackageError unless ``sources`` and ``notifier`` sit beside this ``scraper``."""
    home = Path(__file__).resolve().parent.parent
    for name in OURS:
        try:
            module = importlib.import_module(name)
        except ImportError as error:
            raise ForeignPackageError(f"ftwatch's package {name!r} cannot be imported ({error}). {FIX}") from error
        location = Path(getattr(module, "__file__", "") or "").resolve()
        if getattr(module, "FTWATCH_PACKAGE", None) != name or location.parent.parent != home:
            others = _owners(name)
            by = f" (installed by {', '.join(others)})" if others else ""
            raise ForeignPackageError(
                f"the top-level package {name!r} resolves to {location}{by}, which is not ftwatch's: "
                f"another distribution uses the same name. {FIX}"
            )
