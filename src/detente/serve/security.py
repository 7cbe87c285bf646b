"""Write access and request limits: the bearer token (compared in constant time) and the
largest request body accepted."""

from __future__ import annotations

import hmac
import json
from typing import Any

from detente.errors import AuthError, DetenteError

__all__ = ["BodyLimit", "WritesDisabled", "check_token"]

ASGIApp = Any


class WritesDisabled(DetenteError):
    code = "writes_disabled"
    http_status = 403


def check_token(configured: str | None, authorization: str | None) -> None:
    """Raise unless ``authorization`` is ``Bearer <the configured token>``."""
    if not configured:
        raise WritesDisabled("this server is read-only: no write token is configured",
                             fix="set DETENTE_TOKEN to a secret and send it as 'Authorization: Bearer <token>'")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), configured.encode()):
        raise AuthError("missing or wrong token", fix="send 'Authorization: Bearer <token>' with DETENTE_TOKEN's value")


class BodyLimit:
    """ASGI middleware refusing request bodies over ``limit`` bytes with a JSON 413, whether the
    size is declared (Content-Length) or only seen while streaming."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._too_large(send)
            return
        seen = 0

        async def limited_receive() -> dict[str, Any]:
            nonlocal seen
            message: dict[str, Any] = await receive()
            if message.get("type") == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            await self._too_large(send)

    async def _too_large(self, send: Any) -> None:
        body = json.dumps({"error": {"code": "request_too_large",
                                     "message": f"request body over {self.limit} bytes "
                                                "(raise DETENTE_MAX_REQUEST_BYTES or send less)"}}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass
