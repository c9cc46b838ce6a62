"""The one definition of an index page (urls.INDEX_NAMES) and the URL forms built on it."""
from govsite.scan.view import PageInfo, without_aliases
from govsite.urls import column_url_of, folder_url, is_home, is_index_page


def test_index_pages_of_every_server_kind():
    for name in ("index.html", "index.htm", "index.shtml", "index.jsp", "index.php"):
        url = f"http://x.gov.cn/zwgk/{name}"
        assert is_index_page(url) and folder_url(url) == "http://x.gov.cn/zwgk/"
        assert is_home(f"http://x.gov.cn/{name}", "http://x.gov.cn/")
    assert not is_index_page("http://x.gov.cn/zwgk/t20261120_1.html")
    assert folder_url("http://x.gov.cn/a/index.html#top") == "http://x.gov.cn/a/"
    assert column_url_of("http://x.gov.cn/a/index_3.html") == "http://x.gov.cn/a/"


def test_a_folder_and_its_index_page_are_one_page():
    def page(url):
        return PageInfo(url, "column", 200, None, None, None, None, None, None)
    pages = [page("http://x/a/"), page("http://x/a/index.jsp"), page("http://x/b/index.html")]
    assert [p.url for p in without_aliases(pages)] == ["http://x/a/", "http://x/b/index.html"]


def test_url_answers_asked_again_are_remembered_and_unchanged():
    """The checks ask is_home / column_url_of of each page's URL rule after rule: the second
    asking is a memo lookup with the first answer."""
    is_home.cache_clear()
    column_url_of.cache_clear()
    url, home = "http://memo.gov.cn/a/index_2.html", "http://memo.gov.cn/"
    for _ in range(3):
        assert is_home(url, home) is False
        assert is_home(home + "index.html", home) is True
        assert column_url_of(url) == "http://memo.gov.cn/a/"
    assert is_home.cache_info().hits == 4 and column_url_of.cache_info().hits == 2
