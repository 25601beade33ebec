"""How the library knows the same article again: its address made plain, or a digest of its text."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

_TRACKING_PARAMETER = re.compile(
    r"^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|ref_src|cmpid|ncid)$",
    re.IGNORECASE,
)


def url_key(url: str | None) -> str | None:
    """The form of an address used to recognise the same article: no scheme, `www.`,
    fragment, default port, trailing slash or tracking parameters."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    if port and port not in {80, 443}:
        host = f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMETER.match(k)
    ]
    return host + path + (f"?{urlencode(query)}" if query else "")


def text_key(text: str) -> str | None:
    """A digest of the text with case and spacing normalised, for articles with no address."""
    normalised = " ".join(text.lower().split())
    return hashlib.sha256(normalised.encode()).hexdigest() if normalised else None
