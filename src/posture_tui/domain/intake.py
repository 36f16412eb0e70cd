"""What the client tells the therapist: pain by region and contraindications."""

from __future__ import annotations

from attrs import frozen

from posture_tui.domain.common import Side


@frozen
class PainEntry:
    """Pain in one region (a CLINICAL.md pain region id), with side and NPRS 0-10."""

    region: str
    score: int
    side: Side | None = None


@frozen
class ContraindicationEntry:
    """A screened condition (CLINICAL.md section 5 id), with a region where it takes one."""

    id: str
    region: str | None = None
    note: str = ""
