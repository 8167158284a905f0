"""The one pagination include: it keeps the page's filters and changes only the page."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def test_the_links_keep_the_filters_and_name_the_next_page():
    request = RequestFactory().get("/bank/", {"q": "mobilité", "page": "1", "partial": "on"})
    page = Paginator(range(30), 10).page(1)
    html = render_to_string("includes/pagination.html", {"page": page, "label": "Pages of results"}, request=request)
    assert 'aria-label="Pages of results"' in html
    assert "?q=mobilit%C3%A9&amp;page=2&amp;partial=on" in html
    assert "1 / 3" in html


def test_a_single_page_shows_no_pagination():
    request = RequestFactory().get("/bank/")
    html = render_to_string("includes/pagination.html", {"page": Paginator(range(3), 10).page(1)}, request=request)
    assert "pagination" not in html
