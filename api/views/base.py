"""What every API view shares: detail responses carry ETag (and Last-Modified when the object has a date)."""

from django.utils.decorators import method_decorator
from django.utils.http import http_date
from django.views.decorators.http import conditional_page
from rest_framework import generics


def with_last_modified(response, moment):
    if moment is not None:
        response["Last-Modified"] = http_date(moment.timestamp())
    return response


conditional = method_decorator(conditional_page, name="dispatch")
"""ETag from the body, and 304 on a matching If-None-Match or If-Modified-Since (Django's ConditionalGet)."""


class ListView(generics.ListAPIView):
    """A paginated list (cursor), ordered by `ordering`."""


class DetailView(generics.GenericAPIView):
    pagination_class = None
    filter_backends = ()
