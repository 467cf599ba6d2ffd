"""Type-checked use of the public API (run by mypy, not by pytest)."""

from __future__ import annotations

from datetime import date

import sanctionsmodel as sm
from sanctionsmodel import reference, serialize

ledger = sm.Ledger()
ledger.add(*reference.standard_objects(), reference.ofac_program("DPRK2"))
ledger.add(
    sm.Entity(
        id="us-ofac:52114", kind=sm.EntityKind.INDIVIDUAL, names=[sm.Name(text="KIM, Yong Bok")]
    )
)
ledger.record(
    sm.Action(
        id="a",
        kind=sm.ActionKind.DESIGNATE,
        list="us-ofac-sdn",
        entities=["us-ofac:52114"],
        programs=["DPRK2"],
        effective=date(2024, 12, 16),
        recorded=date(2024, 12, 16),
    )
)
holdings: tuple[sm.Holding, ...] = ledger.lists_holding("us-ofac:52114", on="2024-12-20")
report: sm.StatusReport = ledger.status("us-ofac:52114", "us-ofac-sdn", on=date(2024, 12, 20))
status: sm.Status = report.status
snap: sm.Snapshot = ledger.snapshot("us-ofac-sdn", on=date(2024, 12, 20))
listed: tuple[str, ...] = snap.listed
history: tuple[sm.Designation, ...] = ledger.designations("us-ofac:52114")
changes: sm.Changes = ledger.changes("2024-12-01", "2024-12-31")
change: sm.Change = changes[0]
complete: bool = changes.complete
view: sm.Ledger = ledger.as_of(date(2024, 12, 16))
text: str = serialize.dumps(report)
name: sm.Name = serialize.loads(sm.Name, '{"text": "x"}')
entity: sm.Entity = ledger.entity("KIM, Yong Bok")
