"""PINs kept only as salted slow hashes (hashlib.scrypt), compared in constant time.

A 4-6 digit PIN has at most a million values, so the hash must be slow (scrypt,
16 MB, ~50 ms) and salted per member, and the real protection is the sign-in rate
limit (signin.py). The stored text names its parameters, so they can be raised
later without breaking old hashes:  scrypt$<n>$<r>$<p>$<salt hex>$<hash hex>
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32
PREFIX = "scrypt"


def hash_pin(pin: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """The storable hash of `pin` with a fresh random salt."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(pin, salt, n, r, p)
    return f"{PREFIX}${n}${r}${p}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str | None) -> bool:
    """True when `pin` matches `stored` (constant-time compare; a malformed hash never matches)."""
    if not stored or pin is None:
        return False
    try:
        prefix, n, r, p, salt, digest = stored.split("$")
        if prefix != PREFIX:
            return False
        expected = bytes.fromhex(digest)
        actual = _scrypt(str(pin), bytes.fromhex(salt), int(n), int(r), int(p), len(expected))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, dklen: int = HASH_BYTES) -> bytes:
    return hashlib.scrypt(
        pin.strip().encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r + 1024 * 1024, dklen=dklen
    )
