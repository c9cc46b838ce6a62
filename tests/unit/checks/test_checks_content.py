"""The content-safety rules (privacy.*, secrecy.marking, attribute.not_public, wording.political,
content.harmful and the leaders' rules, with the sample profile's leadership) on
hand-made scan data and on the whole sample portal: every planted finding found, no trap fired,
and no full personal number in any message or evidence."""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

import pytest

from govsite.attachments import ExtractLimits, extract_text
from govsite.checks import content, leaders, privacy, secrecy, wording
from govsite.cli import sample_profile_path
from govsite.models import ParsedPage
from govsite.parsing.decode import decode_html
from govsite.parsing.page import parse_page
from govsite.profile import load_profile
from govsite.sample.answers import answers_for
from govsite.sample.site import build_site
from govsite.scan.view import PageInfo, ScanView, StoredAttachment
from govsite.textscan.ids import check_char

AS_OF = date(2026, 11, 27)
SITE = "http://127.0.0.1:8800"
EXT = "http://127.0.0.1:8801"
RULES = {
    "privacy.id_number": privacy.id_numbers,
    "privacy.bank_card": privacy.bank_cards,
    "privacy.phone": privacy.phones,
    "secrecy.marking": secrecy.secrecy_markings,
    "attribute.not_public": secrecy.not_public,
    "wording.political": wording.political_wording,
    "content.harmful": content.harmful,
    "wording.leader_name": leaders.leader_name,
    "wording.leader_title": leaders.leader_title,
    "leaders.outdated": leaders.outdated,
}
CONTENT_PREFIXES = ("privacy.", "secrecy.", "attribute.", "wording.", "content.", "leaders.")
# .png: pictures are read by OCR (issue 15)
ATTACHMENT_EXT = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".et", ".zip", ".txt", ".rtf", ".ofd", ".png")


@pytest.fixture(scope="module")
def profile():
    return load_profile(sample_profile_path())     # the sample portal's leadership


def run_all(data: ScanView, profile) -> list:
    return [f for func in RULES.values() for f in func(data, profile)]


def valid_id(first17: str = "52032719900101123") -> str:
    return first17 + check_char(first17)


def hand_made(pages: dict[str, str], attachments: dict[str, tuple[str, str]] | None = None,
              links: dict[str, list[str]] | None = None) -> ScanView:
    infos, parsed = [], {}
    for url, text in pages.items():
        infos.append(PageInfo(url, "article", 200, "标题", None, None, "通知公告", SITE + "/zwgk/tzgg/", 0.1))
        parsed[url] = ParsedPage(url=url, kind="article", text=text, body_text=text)
    stored = [StoredAttachment(url, status, "" if status == "scanned" else "encrypted PDF", text)
              for url, (status, text) in (attachments or {}).items()]
    return ScanView(1, SITE + "/", AS_OF, "complete", pages=infos, attachments=stored,
                    load_parsed=parsed.get, load_sources=lambda u: (links or {}).get(u, []))


def test_hand_made_scan(profile):
    idn = valid_id()
    page = SITE + "/zwgk/tzgg/t1.html"
    att = SITE + "/zwgk/tzgg/P1.xlsx"
    locked = SITE + "/zwgk/tzgg/P2.pdf"
    data = hand_made(
        {page: "关于做好年底安全保卫工作的通知\n秘密★1年\n社会主意核心价值观\n（此件不予公开）",
         SITE + "/xwzx/t2.html": "严禁在互联网上发布涉及国家秘密的信息。拿定主意。（此件主动公开）"},
        {att: ("scanned", f"姓名\t身份证号码\t手机\n王德明\t{idn}\t13812345678\n李秀英\t{valid_id('52032719850505123')}\t13998765432"),
         locked: ("not scanned", "")},
        links={att: [page]})
    found = {(f.rule_id, f.url): f for f in run_all(data, profile)}
    assert set(found) == {("secrecy.marking", page), ("wording.political", page),
                          ("attribute.not_public", page), ("privacy.id_number", att), ("privacy.phone", att)}
    f = found[("privacy.id_number", att)]
    assert f.message == "附件公开了2个未脱敏的居民身份证号码" and f.severity == "deduct"
    assert f.column == "通知公告" and f.column_url == SITE + "/zwgk/tzgg/"
    assert "520327********" in f.evidence and idn not in f.evidence
    w = found[("wording.political", page)]
    assert w.severity == "veto" and "需人工确认" in w.message
    assert "社会主意核心价值观 → 社会主义核心价值观" in w.evidence and "«" in w.evidence
    assert found[("secrecy.marking", page)].severity == "veto"


def test_one_finding_per_text_with_at_most_five_examples(profile):
    ids = []
    for day in range(1, 9):
        first17 = f"5203271990010{day}123"
        ids.append(first17 + check_char(first17))
    url = SITE + "/p.html"
    data = hand_made({url: "\n".join(f"张三{i}\t{n}" for i, n in enumerate(ids))})
    (f,) = list(privacy.id_numbers(data, profile))
    assert f.evidence.startswith("共8处：") and f.evidence.count("【520327********") == 5
    assert "另有3处" in f.evidence


# --------------------------------------------------------------------------- the sample portal
@pytest.fixture(scope="module")
def sample():
    site = build_site(AS_OF, delay_scale=0.1, ext_base_url=EXT)
    return site, answers_for(site, SITE, EXT)


@pytest.fixture(scope="module")
def sample_scan(sample):
    """The sample portal as a ScanView: every HTML page parsed, every attachment extracted."""
    site, _ = sample
    infos, parsed, attachments = [], {}, []
    sources: dict[str, list[str]] = defaultdict(list)
    limits = ExtractLimits(seconds_per_file=0)
    for (host, path), res in site.resources.items():
        if host != "site" or res.status != 200:
            continue
        url = SITE + path
        if res.content_type.startswith("text/html"):
            html, enc = decode_html(res.body, res.content_type)
            page = parse_page(url, html, AS_OF, home_url=SITE + "/")
            parsed[url] = page
            infos.append(PageInfo(url, page.kind, 200, page.title, page.published, page.source,
                                  page.column, None, 0.1))
            for link in page.links:
                if link.category == "attachment":
                    sources[link.url].append(url)
        elif path.lower().endswith(ATTACHMENT_EXT):
            r = extract_text(res.body, path, res.content_type, limits)
            attachments.append(StoredAttachment(url, r.status, r.reason, r.text, res.content_type, len(res.body)))
    return ScanView(1, SITE + "/", AS_OF, "complete", pages=infos, attachments=attachments,
                    load_parsed=parsed.get, load_sources=lambda u: sources.get(u, []))


@pytest.fixture(scope="module")
def sample_findings(sample_scan, profile):
    return run_all(sample_scan, profile)


def test_every_planted_content_finding_is_found(sample, sample_findings):
    _, ans = sample
    found = {(f.rule_id, f.url) for f in sample_findings}
    planted = [(r["rule_id"], r["url"]) for r in ans["findings"] if r["rule_id"].startswith(CONTENT_PREFIXES)]
    assert len(planted) >= 15
    missing = [p for p in planted if p not in found]
    assert missing == []


def test_no_trap_fires(sample, sample_findings):
    _, ans = sample
    planted = {(r["rule_id"], r["url"]) for r in ans["findings"]}
    by_key = {(f.rule_id, f.url): f for f in sample_findings}
    traps = [(r["rule_id"], r["url"]) for r in ans["traps"] if r["rule_id"].startswith(CONTENT_PREFIXES)]
    assert len(traps) >= 7
    for key in traps:
        if key in planted:   # the same page also holds the planted defect: the trap's part must not count
            assert key == ("privacy.phone", key[1])
            assert "139****1106" not in by_key[key].evidence    # 值班手机 of a unit
            assert by_key[key].message.startswith("页面公开了3个")
        else:
            assert key not in by_key, by_key[key]


def test_attachment_findings_carry_the_column_of_the_page_they_hang_on(sample_findings):
    xlsx = [f for f in sample_findings if f.url.endswith(".xlsx")]
    assert xlsx and all(f.column == "通知公告" for f in xlsx)


def test_no_full_number_in_any_message_or_evidence(sample, sample_findings):
    site, _ = sample
    full = set()
    for (_host, _path), res in site.resources.items():
        full.update(re.findall(rb"(?<!\d)(\d{17}[\dX]|1[3-9]\d{9}|62\d{14,17})(?!\d)", res.body))
    for f in sample_findings:
        text = f.message + f.evidence
        for number in full:
            assert number.decode() not in text, (f.rule_id, f.url)
