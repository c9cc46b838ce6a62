"""The store's own secrets: the key of the keyed digests that stand for personal numbers in what
the store keeps of a page (textscan.redact), made once per store and kept in it, so that a
re-scan recognises the same number again without the number ever being stored."""
from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from govsite.store.db import Store
from govsite.store.schema import StoreSecretRow

_REDACTION = "redaction_key"


def redaction_key(store: Store) -> bytes:
    """The store's redaction key, made (32 random bytes) the first time it is asked for."""
    return store_secret(store, _REDACTION)


def store_secret(store: Store, name: str) -> bytes:
    """The store's secret `name` (32 random bytes), made the first time it is asked for (e.g. the
    key of the web console's session cookies)."""
    with store.session() as s:
        value = s.scalar(select(StoreSecretRow.value).where(StoreSecretRow.name == name))
        if value is not None:
            return value
        s.add(StoreSecretRow(name=name, value=secrets.token_bytes(32)))
        try:
            s.commit()
        except IntegrityError:      # another process made it first: use theirs
            s.rollback()
        return s.scalar(select(StoreSecretRow.value).where(StoreSecretRow.name == name))
