"""Who is asking, for rate limits only: the client's address as a digest under the hourly key.

The address is REMOTE_ADDR or, when REMOTE_ADDR is a proxy named in SAFEREPORT_TRUSTED_PROXY, the nearest
address in X-Forwarded-For that is not itself a trusted proxy (a header from anyone else is ignored, so
nobody can buy fresh allowances by inventing it). It is used here, in memory, and never kept.
"""

from __future__ import annotations

import hashlib
import ipaddress
from functools import lru_cache

from django.conf import settings

from . import rotating_key

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
# One IPv6 subscriber is usually given a whole /64: counting single addresses there would hand them 2^64 allowances.
IPV6_CLIENT_PREFIX = 64


def trusted_proxies() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return _parse(settings.TRUSTED_PROXY)


@lru_cache(maxsize=4)
def _parse(spec: str):
    networks = []
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"SAFEREPORT_TRUSTED_PROXY: {item!r} is not an IP address or network.") from None
    return tuple(networks)


def _address(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def real_address(meta) -> Address | None:
    proxies = trusted_proxies()
    address = _address(meta.get("REMOTE_ADDR", ""))
    if address is None or not any(address in proxy for proxy in proxies):
        return address
    # Each trusted proxy appends the address it saw: walk back from the right past our own proxies.
    for hop in reversed(meta.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        seen = _address(hop)
        if seen is None:
            break
        address = seen
        if not any(seen in proxy for proxy in proxies):
            break
    return address


def client_group(address: Address | None) -> str:
    if address is None:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(address)


def client_token(meta) -> str:
    """A digest naming the client for this hour; after the hour's key is deleted it names nobody."""
    group = client_group(real_address(meta)).encode()
    return hashlib.blake2b(group, key=rotating_key.current(), digest_size=16, person=b"sr-client").hexdigest()
