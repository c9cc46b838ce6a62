"""The console's unit tests hash with cheap argon2 parameters (the production ones take a second
a hash on a busy machine); test_auth checks the production parameters themselves."""
from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from govsite.console import auth


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    monkeypatch.setattr(auth, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
