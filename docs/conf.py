"""Sphinx configuration: ``sphinx-build docs docs/_build`` with the ``docs`` group."""

project = "sanctionsmodel"
author = "sanctionsmodel developers"
copyright = "2026, sanctionsmodel developers"
extensions = ["myst_parser", "sphinx.ext.autodoc"]
source_suffix = {".md": "markdown"}
myst_enable_extensions = ["colon_fence"]
html_theme = "furo"
exclude_patterns = ["_build"]
