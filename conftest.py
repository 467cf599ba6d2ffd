"""Run the examples in the docs, the README and the docstrings as tests (Sybil)."""

from __future__ import annotations

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser
from sybil.parsers.rest import DocTestParser

_FLAGS = ELLIPSIS | NORMALIZE_WHITESPACE

_markdown = [PythonCodeBlockParser(doctest_optionflags=_FLAGS)]

pytest_collect_file = (
    Sybil(parsers=_markdown, patterns=["docs/*.md", "docs/**/*.md", "README.md"])
    + Sybil(
        parsers=[DocTestParser(optionflags=_FLAGS)],
        patterns=["src/*/*.py", "src/*/*/*.py", "src/*/*/*/*.py"],
    )
).pytest()
