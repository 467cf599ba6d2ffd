"""Name normalization and matching keys.

The exact-name lookup of :meth:`sanctionsmodel.Ledger.entity` uses
:func:`name_keys`: two spellings that differ only in case, width,
punctuation, spacing or ``SURNAME, Given`` order share a key.

>>> from sanctionsmodel.names import name_keys, normalize
>>> normalize("  KIM,  Yong-Bok ")
'kim yong bok'
>>> sorted(name_keys("GAZARYAN, Rafael Anatolyevich"))
['gazaryan rafael anatolyevich', 'rafael anatolyevich gazaryan']
>>> name_keys("리 봉춘") == name_keys("리봉춘")
True
"""

from __future__ import annotations

from sanctionsmodel.names._normalize import name_keys, normalize

__all__ = ["name_keys", "normalize"]
