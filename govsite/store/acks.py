"""Accepted findings (`govsite ack`): a finding kept out of the score, with a reason, until a day."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from govsite.store.db import Store
from govsite.store.schema import AckRow


def save_ack(store: Store, site: str, key: str, rule_id: str, url: str, column: str, reason: str,
             until: date | None) -> None:
    """Record that the finding `key` of `site` is accepted for `reason` (until `until`, or for good)."""
    with store.session() as s:
        s.add(AckRow(site=site, key=key, rule_id=rule_id, url=url, column=column, reason=reason,
                     until=until, created_at=datetime.now()))
        s.commit()


def acks_in_force(store: Store, site: str, as_of: date) -> list[tuple[str, str]]:
    """(finding key, reason) of every acknowledgement of `site` that still holds on `as_of`,
    oldest first (a later one for the same key overrides an earlier one)."""
    with store.session() as s:
        rows = s.execute(select(AckRow.key, AckRow.reason)
                         .where(AckRow.site == site,
                                (AckRow.until.is_(None)) | (AckRow.until >= as_of))
                         .order_by(AckRow.id)).all()
    return [(key, reason) for key, reason in rows]
