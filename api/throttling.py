"""Throttles counted in Django's default cache (Redis when REDIS_URL is set): per token, per signed-in user
for the browser session, per client IP for the open data."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken
from smartregion.clientip import client_ip


class PerTokenThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self):
        return settings.API_SESSION_RATE

    def allow_request(self, request, view):
        # Read at each request, so a test or an operator can change it without a restart.
        self.rate = settings.API_TOKEN_RATE if isinstance(request.auth, ApiToken) else settings.API_SESSION_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            return f"throttle_api_token_{request.auth.prefix}"
        if request.user and request.user.is_authenticated:
            return f"throttle_api_user_{request.user.pk}"
        return f"throttle_api_ip_{client_ip(request)}"


class OpenDataThrottle(SimpleRateThrottle):
    scope = "opendata"

    def get_rate(self):
        return settings.OPEN_DATA_RATE_PER_IP

    def allow_request(self, request, view):
        self.rate = settings.OPEN_DATA_RATE_PER_IP
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return f"throttle_opendata_{client_ip(request)}"
