from rest_framework.pagination import CursorPagination


class Pagination(CursorPagination):
    """Cursor pagination (stable under inserts, fast on large lists); views set `ordering` to a unique field."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "pk"
