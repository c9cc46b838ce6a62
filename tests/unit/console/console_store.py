"""A hand-made store for the console's unit tests: scans of http://fg.test/ with findings of two
units (县政府办, 蜂岩镇人民政府) and a column register, written through the store's own writers."""
from __future__ import annotations

from datetime import date

import pytest
from argon2 import PasswordHasher

from govsite.console import auth
from govsite.models import Finding
from govsite.store.db import Store, create_scan, finish_scan, save_score
from govsite.store.schema import ColumnRow

SITE = "http://fg.test/"
GOV, TOWN = "县政府办", "蜂岩镇人民政府"


def finding(rule_id: str, path: str, unit: str, severity: str = "deduct", message: str = "",
            column: str = "") -> Finding:
    return Finding(rule_id=rule_id, severity=severity, standard="both", clause="规范 第二十三条(十)",
                   url=SITE + path, message=message or f"{rule_id} {path}", evidence=f"证据 {path}",
                   column=column, column_url=SITE + path.rsplit("/", 1)[0] + "/", unit=unit)


A = finding("link.broken", "xwzx/gzdt/a.html", GOV, message="链接打不开或错误")
B = finding("column.stale", "xzzx/fyz/", TOWN, column="蜂岩镇动态", message="栏目「蜂岩镇动态」40天未更新")
C = finding("home.stale", "index.html", GOV, severity="veto", message="首页<script>alert(1)</script>未更新")


def add_scan(store: Store, as_of: date, findings: list[Finding], status: str = "complete") -> int:
    from govsite.store.findings import save_findings
    scan_id = create_scan(store, SITE, as_of, "test", {}, {})
    save_findings(store, scan_id, SITE, findings)
    with store.session() as s:
        for name, path, unit in (("工作动态", "xwzx/gzdt/", GOV), ("蜂岩镇动态", "xzzx/fyz/", TOWN)):
            s.add(ColumnRow(scan_id=scan_id, column=name, column_url=SITE + path, category="news", unit=unit,
                            newest_date=as_of, age_days=3, limit_county_days=7, limit_national_days=14,
                            status="ok", items=5))
        s.commit()
    save_score(store, scan_id, {"total": 88.5, "pass": True, "provisional": True, "vetoes": [],
                                "deductions": [], "bonus": {}, "notes": []})
    finish_scan(store, scan_id, status)
    return scan_id


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """Cheap argon2 parameters for the tests that import this fixture (the production ones take a
    second a hash on a busy machine); test_auth checks the production parameters themselves."""
    monkeypatch.setattr(auth, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
