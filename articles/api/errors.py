"""Refusals, as JSON a program can act on: ``{"error": {"code": ..., "message": ...}}``."""

from django.http import JsonResponse

# What a refusal varies by: the key it was for, and the ninjs version asked for.
VARY = "Authorization, X-Api-Key, Accept"


class ApiError(Exception):
    """A request the API refuses: the HTTP ``status``, a stable ``code`` and a sentence."""

    def __init__(self, status, code, message, *, headers=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}

    def response(self):
        response = JsonResponse({"error": {"code": self.code, "message": self.message}}, status=self.status)
        if self.status == 401:
            error = ' error="invalid_token"' if self.code == "invalid_key" else ""
            response["WWW-Authenticate"] = f'Bearer realm="ninjs"{error}'
        for name, value in self.headers.items():
            response[name] = value
        response["Cache-Control"] = "no-store"
        response["Vary"] = VARY
        return response
