"""Which column owns a page (scan.ownership): the deepest column listing it, whatever order the
listings come in; list pages and column pages keep their own."""
from __future__ import annotations

import itertools

from govsite.scan.ownership import list_column, owner_columns

H = "http://127.0.0.1/"


def test_a_list_page_is_its_own_column_and_an_article_is_not():
    assert list_column(H + "xxgk/tzgg/index_2.html", "column", False, False) == H + "xxgk/tzgg/"
    assert list_column(H + "xxgk/list.jsp?page=2", "other", True, False) == H + "xxgk/list.jsp"
    assert list_column(H + "xxgk/a/index.html", "other", False, True) == H + "xxgk/a/"
    assert list_column(H + "xxgk/tzgg/t1.html", "article", False, False) is None


def test_the_deepest_listing_column_owns_a_page_in_any_order():
    article = H + "xxgk/tzgg/t1.html"
    listings = [(H + "index.html", H, article),                                  # the home page's newest block
                (H + "xxgk/tzgg/index.html", H + "xxgk/tzgg/", article),
                (H + "xxgk/index.html", H + "xxgk/", article)]
    pages = [(article, "article", H)]                      # reached first from the home page
    for order in itertools.permutations(listings):
        assert owner_columns(order, pages) == {article: H + "xxgk/tzgg/"}


def test_ties_go_to_the_smaller_url_and_unchanged_pages_are_not_returned():
    page = H + "p.html"
    listings = [(H + "b/index.html", H + "b/", page), (H + "a/index.html", H + "a/", page)]
    assert owner_columns(listings, [(page, "article", H + "b/")]) == {page: H + "a/"}
    assert owner_columns(listings, [(page, "article", H + "a/")]) == {}


def test_list_pages_column_pages_and_unlisted_pages_keep_their_column():
    lister, column, footer = H + "a/list.html", H + "b/index.html", H + "about.html"
    listings = [(H + "x/y/index.html", H + "x/y/", lister),
                (lister, H + "a/", H + "a/t.html"),           # it lists items itself
                (H + "x/y/index.html", H + "x/y/", column)]
    pages = [(lister, "other", H + "a/"), (column, "column", H + "b/"), (footer, "other", H)]
    assert owner_columns(listings, pages) == {}


def test_pages_are_read_only_after_every_listing():
    """The store streams both from one transaction: the pages' query may start only once the
    listings are consumed."""
    seen = []

    def listings():
        for row in [(H + "l/index.html", H + "l/", H + "l/t.html")]:
            seen.append("listing")
            yield row

    def pages():
        seen.append("pages")
        yield (H + "l/t.html", "article", H)

    assert owner_columns(listings(), pages()) == {H + "l/t.html": H + "l/"}
    assert seen == ["listing", "pages"]
