"""One small exception hierarchy.  Each error carries a stable code, an exit code for the CLI
and an HTTP status for the API; each face turns them into messages in exactly one place.
Library code raises these; it never prints or exits."""

from __future__ import annotations

__all__ = [
    "AuthError",
    "ConfigError",
    "DetenteError",
    "InputError",
    "NotFoundError",
    "StoreError",
]


class DetenteError(Exception):
    code = "detente_error"
    exit_code = 2
    http_status = 500

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.message} ({self.fix})" if self.fix else self.message


class ConfigError(DetenteError):
    """A setting, option or argument is wrong: exit 2."""

    code = "config_error"
    exit_code = 2
    http_status = 400


class InputError(DetenteError):
    """An input item cannot be read; the rest of the run goes on: exit 1."""

    code = "input_error"
    exit_code = 1
    http_status = 422


class NotFoundError(DetenteError):
    code = "not_found"
    exit_code = 1
    http_status = 404


class StoreError(DetenteError):
    """The database cannot be opened or written (read-only file, full disk, ...)."""

    code = "store_error"
    exit_code = 2
    http_status = 503


class AuthError(DetenteError):
    code = "unauthorized"
    exit_code = 2
    http_status = 401
