"""The public API: what is exported, documented and versioned."""

from __future__ import annotations

import importlib
import inspect
from importlib.metadata import version

import attrs
import pytest

import sanctionsmodel
from sanctionsmodel import exceptions, reference, serialize

PUBLIC_MODULES = [sanctionsmodel, exceptions, reference, serialize]


@pytest.mark.parametrize("module", PUBLIC_MODULES, ids=lambda m: m.__name__)
def test_all_is_sorted_and_importable(module):
    """__all__ is sorted and every name in it exists."""
    names = list(module.__all__)
    assert sorted(names, key=str.casefold) == names or sorted(names) == names
    for name in names:
        assert hasattr(module, name), name


@pytest.mark.parametrize("module", PUBLIC_MODULES, ids=lambda m: m.__name__)
def test_no_private_names_exported(module):
    """No private name is part of the public API."""
    assert [n for n in module.__all__ if n.startswith("_") and n != "__version__"] == []


@pytest.mark.parametrize("module", PUBLIC_MODULES, ids=lambda m: m.__name__)
def test_public_names_are_documented(module):
    """Every public class and function has a docstring, and so do their public methods."""
    undocumented = []
    for name in module.__all__:
        obj = getattr(module, name)
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue
        if not inspect.getdoc(obj):
            undocumented.append(name)
        if inspect.isclass(obj) and not issubclass(obj, BaseException):
            for attr, member in vars(obj).items():
                if attr.startswith("_") or (
                    not callable(member) and not isinstance(member, property)
                ):
                    continue
                if not inspect.getdoc(member):
                    undocumented.append(f"{name}.{attr}")
    assert undocumented == []


def test_exceptions_share_one_base():
    """Every public exception derives from SanctionsModelError."""
    for name in exceptions.__all__:
        assert issubclass(getattr(exceptions, name), exceptions.SanctionsModelError), name


def test_model_classes_are_frozen_and_keyword_only():
    """Public attrs classes are frozen and keyword-only."""
    for name in sanctionsmodel.__all__:
        obj = getattr(sanctionsmodel, name)
        if inspect.isclass(obj) and attrs.has(obj):
            assert all(f.kw_only for f in attrs.fields(obj)), name
            with pytest.raises(TypeError):
                obj(*[None] * len(attrs.fields(obj)))


def test_version_matches_metadata():
    """__version__ is the installed distribution's version."""
    assert version("sanctionsmodel") == sanctionsmodel.__version__


def test_private_modules_stay_private():
    """The package's own __all__ exposes no private module."""
    pkg = importlib.import_module("sanctionsmodel")
    assert not any(n.startswith("_") and n != "__version__" for n in pkg.__all__)


def test_the_api_page_names_every_field_of_a_holding():
    """docs/api.md lists exactly the fields a Holding has (they went stale once)."""
    import re  # noqa: PLC0415 - this test only
    from pathlib import Path  # noqa: PLC0415

    page = (Path(__file__).parents[1] / "docs" / "api.md").read_text(encoding="utf-8")
    row = next(line for line in page.splitlines() if line.startswith("| `lists_holding("))
    described = row.split("a tuple of `Holding`, one per list:")[1].split("; before")[0]
    # A field is named in backticks before its gloss; glosses name other things in backticks.
    named = re.findall(r"`(\w+)`(?= \(|,| and|$)", described)
    assert named == [f.name for f in attrs.fields(sanctionsmodel.Holding)]
