"""Which hosts may be fetched: the public internet, and private hosts only when the person named them.

A saved page is other people's HTML: an `<img src="http://127.0.0.1:631/...">` or
`http://192.168.1.1/...` in it would make importing the page send requests into the
reader's own machine or home network. So every connection is checked after its name is
resolved (and at every redirect, since each hop connects anew), and is made to the very
address that was checked, so a name cannot resolve to one address for the check and
another for the connection.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

import httpcore
import httpx

if TYPE_CHECKING:
    from httpcore._backends.base import SOCKET_OPTION, NetworkStream

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(Exception):
    """A connection the policy does not allow; `reason` says why, for the person."""

    def __init__(self, host: str, reason: str) -> None:
        super().__init__(f"{host}: {reason}")
        self.host = host
        self.reason = reason


def refusal(address: IPAddress) -> str | None:
    """Why `address` is not fetched unless named, or None for a public address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        return "a loopback address (this computer)"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_unspecified or address.is_reserved:
        return "a reserved address"
    if address.is_private or not address.is_global:
        return "a private network address"
    return None


# Names that mean this computer whatever DNS says (RFC 6761).
_LOCAL_NAMES = ("localhost", ".localhost")


class HostPolicy:
    """The hosts the person named (which may be private), and the check for every other one."""

    def __init__(self, named: Iterable[str] = ()) -> None:
        self._named = {host.lower().rstrip(".") for host in named}
        self._lock = threading.Lock()

    def name(self, host: str) -> None:
        """Allow `host` whatever its address: the person typed, pasted or imported it."""
        with self._lock:
            self._named.add(host.lower().rstrip("."))

    def is_named(self, host: str) -> bool:
        with self._lock:
            return host.lower().rstrip(".") in self._named

    def check_name(self, host: str) -> None:
        """Refuse, before any lookup, a literal private address or a name for this computer."""
        if self.is_named(host):
            return
        bare = host.lower().rstrip(".")
        if bare == "localhost" or bare.endswith(_LOCAL_NAMES[1]):
            raise AddressRefused(host, "refused: a name for this computer, and not an address you gave")
        try:
            address = ipaddress.ip_address(bare.strip("[]"))
        except ValueError:
            return
        reason = refusal(address)
        if reason:
            raise AddressRefused(host, f"refused: {reason}, and not an address you gave")

    def resolve(self, host: str, port: int) -> list[str]:
        """The addresses of `host` that may be connected to, or AddressRefused."""
        self.check_name(host)
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as error:
            # As httpcore would have failed: an unreachable host, which may come back.
            raise httpcore.ConnectError(str(error)) from error
        addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
        if self.is_named(host):
            return addresses
        allowed = [a for a in addresses if refusal(ipaddress.ip_address(a.split("%")[0])) is None]
        if not allowed:
            reason = refusal(ipaddress.ip_address(addresses[0].split("%")[0])) if addresses else "no address"
            raise AddressRefused(host, f"refused: it is {reason}, and not an address you gave")
        return allowed


class _CheckedBackend(httpcore.SyncBackend):
    """httpcore's own sockets, connected only to addresses the policy allows."""

    def __init__(self, policy: HostPolicy) -> None:
        self.policy = policy

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SOCKET_OPTION] | None = None,
    ) -> NetworkStream:
        failure: Exception | None = None
        for address in self.policy.resolve(host, port):
            try:
                # The checked address itself; TLS still verifies the certificate of `host`.
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as error:
                failure = error
        assert failure is not None
        raise failure


def checked_transport(policy: HostPolicy) -> httpx.HTTPTransport:
    """An httpx transport whose every direct connection is checked by `policy`."""
    transport = httpx.HTTPTransport()
    limits = httpx.Limits()
    # httpx takes no network backend, but the httpcore pool behind its transport does:
    # the pool httpx builds by default, with its sockets connected through the policy.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=_CheckedBackend(policy),
    )
    return transport


def environment_proxies() -> dict[str, httpx.HTTPTransport | None]:
    """The proxies the environment names (HTTP_PROXY, NO_PROXY, ...), as httpx would use them.

    Through a proxy, the proxy resolves names: only literal addresses and names of
    this computer can be refused (`HostPolicy.check_name`, before every request).
    """
    from httpx._utils import get_environment_proxies  # the rules httpx itself applies

    return {
        pattern: None if url is None else httpx.HTTPTransport(proxy=url)
        for pattern, url in get_environment_proxies().items()
    }
