"""The OpenAPI schema's shared parts: the JSON error every endpoint may answer with."""

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class RowErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField(allow_null=True, help_text="Row of the file; null for the whole file.")
    column = serializers.CharField()
    message = serializers.CharField()


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable: not_authenticated, token_invalid, token_expired, … , not_found.")
    message = serializers.CharField(help_text="Translated, for people.")
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    rows = RowErrorSerializer(many=True, required=False, help_text="An import's problems, row by row.")


class ErrorSerializer(serializers.Serializer):
    error = ErrorBodySerializer()


ERRORS = {
    "400": "The input is not valid (`fields` says why, per field).",
    "401": "No valid token nor session.",
    "403": "Your role, or a read-only token, does not allow this.",
    "404": "Nothing here, or nothing you may see.",
    "405": "Not with this method.",
    "406": "Only JSON is served.",
    "415": "Send JSON or a form.",
    "429": "Too many requests: wait (Retry-After) and try again.",
}


class ApiAutoSchema(AutoSchema):
    """Every operation also documents the JSON errors it may answer with."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in ERRORS.items():
            if code == "400" and self.method == "GET" and not self._is_list_view():
                continue
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                responses[code]["description"] = description
        return responses
