from datetime import date

import pytest

from govsite.parsing.dates import date_from_url, parse_date, resolve_yearless

AS_OF = date(2026, 11, 20)


@pytest.mark.parametrize("text, expected", [
    ("2026-11-20", date(2026, 11, 20)),
    ("2026/11/20", date(2026, 11, 20)),
    ("2026.11.20", date(2026, 11, 20)),
    ("2026年11月20日", date(2026, 11, 20)),
    ("2026 年 1 月 5 日", date(2026, 1, 5)),
    ("2026-11-20 09:30", date(2026, 11, 20)),
    ("2026-11-20 09:30:00", date(2026, 11, 20)),
    ("2026-11-20-09:30:00", date(2026, 11, 20)),      # gov.cn firstpublishedtime
    ("发布时间：2019年06月15日08:18", date(2019, 6, 15)),
    ("[11-20]", date(2026, 11, 20)),
    ("11-20", date(2026, 11, 20)),
    ("11月20日", date(2026, 11, 20)),
    ("（11-19）", date(2026, 11, 19)),
    ("11-21", date(2026, 11, 21)),                    # +1 day tolerance
    ("11-22", date(2025, 11, 22)),                    # later than as_of+1: last year
])
def test_formats(text, expected):
    assert parse_date(text, AS_OF) == expected


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "2026-11-22", "2027-01-01", "",
                                  "1-10月德清县固定资产投资", "000014348/2020-35428", "v1.2026.11.20",
                                  "共 11-20 人", "1985-01-01"])
def test_rejected(text):
    assert parse_date(text, AS_OF) is None


def test_yearless_across_new_year():
    assert parse_date("[12-28]", date(2027, 1, 5)) == date(2026, 12, 28)
    assert parse_date("01-03", date(2027, 1, 5)) == date(2027, 1, 3)
    assert resolve_yearless(2, 29, date(2027, 3, 1)) == date(2024, 2, 29)


def test_yearless_needs_as_of():
    assert parse_date("11-20", None) is None
    assert parse_date("2026-11-20", None) == date(2026, 11, 20)


@pytest.mark.parametrize("url, expected", [
    ("http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200805_1353179.html", date(2020, 8, 5)),
    ("http://www.shanxi.gov.cn/yw/sxyw/201909/t20190918_693227.shtml", date(2019, 9, 18)),
    ("http://fgw.zj.gov.cn/art/2016/11/22/art_1621004_30332664.html", date(2016, 11, 22)),
    ("http://www.xinhuanet.com/world/2019-12/10/c_1125327450.htm", date(2019, 12, 10)),
    ("http://www.gzfg.gov.cn/index.html", None),
    ("http://x.gov.cn/t20261399_1.html", None),
])
def test_date_from_url(url, expected):
    assert date_from_url(url, AS_OF) == expected
