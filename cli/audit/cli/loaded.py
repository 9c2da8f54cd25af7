"""The registry a listing or writing command works on, loaded whole (the reading commands go
through the status pipeline and its cache instead)."""
from __future__ import annotations

from audit.cli.base import cache, registry_path
from audit.core.model import Registry
from audit.registry.load import load_valid


def load(local: str | None = None) -> Registry:
    """The registry, or an error listing every problem found (exit 2)."""
    return load_valid(registry_path(local), cache()).registry
