from rest_framework.pagination import CursorPagination


class Pagination(CursorPagination):
    """Cursor pagination (stable under inserts, fast on large lists), ordered by the view's `ordering`
    (a unique field, `pk` by default)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "pk"

    def get_ordering(self, request, queryset, view):
        ordering = getattr(view, "ordering", None) or self.ordering
        return (ordering,) if isinstance(ordering, str) else tuple(ordering)
