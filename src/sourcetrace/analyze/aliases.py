"""The alias table: entities known by more than one name, and governments by demonym.

``data/aliases.toml`` ships governments with their metonyms and demonyms, people with
their transliterations, outlets, and a gazetteer of places; a user's file extends it, a
later entry taking over a form. Lookups fold case, dots and a leading "the".
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from sourcetrace.errors import AliasFileError
from sourcetrace.models import EntityType

__all__ = ["AliasTable", "Known", "bare", "fold", "load_aliases"]


@dataclass(frozen=True, slots=True)
class Known:
    """An entity the table knows: its canonical name and type."""

    name: str
    type: EntityType


@dataclass(frozen=True, slots=True)
class AliasTable:
    """Known entities by surface form, and governments by demonym."""

    forms: dict[str, Known]  # folded surface form -> entity
    demonyms: dict[str, Known]
    written: tuple[str, ...]  # every surface form as the table writes it

    def lookup(self, surface: str) -> Known | None:
        """Return the entity a surface form names, if the table knows it."""
        return self.forms.get(fold(surface)) or self.forms.get(fold(bare(surface)))


def load_aliases(user_file: str | Path | None = None) -> AliasTable:
    """Return the shipped alias table, extended (and overridden) by ``user_file``.

    Raises:
        AliasFileError: the user's file is missing or is not a valid alias table.
    """
    entries = list(_shipped_entries())
    if user_file is not None:
        try:
            entries += _entries(tomllib.loads(Path(user_file).read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError, KeyError, ValueError) as exc:
            raise AliasFileError(f"cannot read alias file {user_file}: {exc}") from exc
    forms: dict[str, Known] = {}
    demonyms: dict[str, Known] = {}
    written: set[str] = set()
    for known, aliases, nationals in entries:
        for form in (known.name, *aliases):
            written |= {form, bare(form)}
            forms[fold(form)] = known
            forms[fold(bare(form))] = known
        for demonym in nationals:
            demonyms[demonym.lower()] = known
    return AliasTable(forms, demonyms, tuple(sorted(written)))


@lru_cache(maxsize=1)
def _shipped_entries() -> tuple[tuple[Known, tuple[str, ...], tuple[str, ...]], ...]:
    data = resources.files("sourcetrace.analyze").joinpath("data/aliases.toml").read_text("utf-8")
    return tuple(_entries(tomllib.loads(data)))


def _entries(data: dict[str, Any]) -> list[tuple[Known, tuple[str, ...], tuple[str, ...]]]:
    return [
        (
            Known(str(item["name"]), EntityType(item["type"])),
            tuple(str(a) for a in item.get("aliases", ())),
            tuple(str(d) for d in item.get("demonyms", ())),
        )
        for item in data.get("entity", ())
    ]


def bare(surface: str) -> str:
    """Return a surface form without a leading "the" or a trailing possessive."""
    stripped = re.sub(r"^(?:the|The)\s+", "", surface.strip())
    return re.sub(r"['’]s$", "", stripped).strip()


@lru_cache(maxsize=8192)
def fold(surface: str) -> str:
    """Return the form lookups compare: lower case, no dots, single spaces."""
    return " ".join(surface.lower().replace(".", "").split())
