"""Page parsing: one lxml parse per page, no BeautifulSoup on the per-page path.

Modules, one job each: decode (bytes -> text), dates (shared date parsing), links, lists
(column items, pagination, datastore), footer, challenge (WAF detection), info (title, date,
source, breadcrumb) and page (parse_page, which combines them).
"""
from govsite.parsing.challenge import detect_challenge
from govsite.parsing.dates import date_from_url, parse_date
from govsite.parsing.decode import decode_html
from govsite.parsing.links import extract_css_links, extract_links
from govsite.parsing.page import parse_file, parse_page
from govsite.parsing.tree import parse_html

__all__ = ["date_from_url", "decode_html", "detect_challenge", "extract_css_links",
           "extract_links", "parse_date", "parse_file", "parse_html", "parse_page"]
