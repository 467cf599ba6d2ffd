"""Readers of source publications, and history from successive publications.

Every reader returns a :class:`Publication`: one list as one publication
shows it.
"""

from __future__ import annotations

from sanctionsmodel.sources._publication import Publication

__all__ = ["Publication"]
