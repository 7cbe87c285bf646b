"""Fetch one http(s) URL with httpx: a timeout, a redirect limit and a size cap."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from detente.errors import InputError
from detente.settings import Settings

__all__ = ["FetchError", "Fetched", "fetch_url", "is_url", "looks_like_url"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_USER_AGENT = "detente/0.1 (news monitor)"


@dataclass
class Fetched:
    """The body of a fetched URL and what the server said about it."""

    url: str  # the final address, after redirects
    data: bytes
    content_type: str | None
    charset: str | None
    status: int = 200  # 304: not modified since the validators sent (``data`` is empty)
    etag: str | None = None
    last_modified: str | None = None


class FetchError(InputError):
    """A URL that could not be fetched, with the server's status (None: no answer) and how long
    it asked us to wait before trying again (its Retry-After, in seconds)."""

    def __init__(self, message: str, *, fix: str | None = None, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message, fix=fix)
        self.status = status
        self.retry_after = retry_after


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def looks_like_url(source: str) -> bool:
    """True for anything with a scheme (http://, ftp://, file://, ...)."""
    return bool(_SCHEME.match(source))


def is_url(source: str) -> bool:
    """True for an http or https address, the only kinds détente fetches."""
    return source.lower().startswith(("http://", "https://"))


def size_error(what: str, size: int, limit: int) -> InputError:
    """The error for an item over ``max_bytes``, naming the size, the limit and the setting."""
    return InputError(
        f"{what} is {size:,} bytes, over the limit of {limit:,} bytes",
        fix="raise the limit with DETENTE_MAX_BYTES if the item is wanted",
    )


def fetch_url(url: str, settings: Settings, *, headers: dict[str, str] | None = None,
              deadline: float | None = None) -> Fetched:
    """GET ``url``, following at most ``settings.max_redirects`` redirects, reading at most
    ``settings.max_bytes`` bytes; raise InputError (a FetchError when the server is at fault
    or silent) on any failure.  ``headers`` are sent as well (If-None-Match, If-Modified-Since:
    a 304 comes back as a Fetched with ``status`` 304 and no data); ``deadline``: most seconds
    for the whole answer, however slowly it trickles in."""
    import httpx

    if not is_url(url):
        raise InputError(
            f"unsupported address {url!r}: only http and https URLs are fetched",
            fix="give an http(s) URL or a local path",
        )
    limit = settings.max_bytes
    started = time.monotonic()
    try:
        with httpx.Client(
            follow_redirects=True,
            max_redirects=settings.max_redirects,
            timeout=settings.fetch_timeout,
            headers={"User-Agent": _USER_AGENT},
        ) as client, client.stream("GET", url, headers=headers) as response:
            if response.status_code >= 400:
                raise FetchError(
                    f"{url}: the server answered HTTP {response.status_code} "
                    f"{response.reason_phrase}",
                    fix="check the address, or try again later",
                    status=response.status_code,
                    retry_after=_retry_after(response.headers.get("retry-after")),
                )
            validators = {"etag": response.headers.get("etag"),
                          "last_modified": response.headers.get("last-modified")}
            if response.status_code == 304:
                return Fetched(str(response.url), b"", None, None, 304, **validators)
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise size_error(url, int(declared), limit)
            chunks: list[bytes] = []
            total = 0
            for chunk in response.iter_bytes():
                total += len(chunk)
                if total > limit:
                    raise size_error(f"{url} (stopped reading)", total, limit)
                if deadline is not None and time.monotonic() - started > deadline:
                    raise FetchError(f"{url}: the answer took more than {deadline:g} seconds",
                                     fix="try again later, or raise DETENTE_FETCH_TIMEOUT")
                chunks.append(chunk)
            content_type = response.headers.get("content-type")
            return Fetched(
                url=str(response.url),
                data=b"".join(chunks),
                content_type=content_type.split(";")[0].strip().lower() if content_type else None,
                charset=response.charset_encoding,
                status=response.status_code,
                **validators,
            )
    except httpx.TooManyRedirects as exc:
        raise InputError(
            f"{url}: more than {settings.max_redirects} redirects",
            fix="give the final address, or raise DETENTE_MAX_REDIRECTS",
        ) from exc
    except httpx.TimeoutException as exc:
        raise FetchError(
            f"{url}: no answer within {settings.fetch_timeout:g} seconds",
            fix="try again later, or raise DETENTE_FETCH_TIMEOUT",
        ) from exc
    except httpx.UnsupportedProtocol as exc:
        raise InputError(
            f"{url}: redirected to an unsupported address ({exc})",
            fix="only http and https URLs are fetched",
        ) from exc
    except httpx.HTTPError as exc:
        raise FetchError(
            f"{url}: cannot fetch ({type(exc).__name__}: {exc})",
            fix="check the address and the network",
        ) from exc
