"""PIN hashing: scrypt with a per-user salt (never a bare or unsalted hash)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from possouk.domain.errors import N_, UserError

MAX_FAILED_PINS = 5
_N, _R, _P = 2**14, 8, 1


def check_pin_format(pin: str) -> str:
    """A PIN is 4 to 12 digits."""
    pin = pin.strip()
    if not pin.isdigit() or not 4 <= len(pin) <= 12 or not pin.isascii():
        raise UserError(N_("A PIN is 4 to 12 digits."))
    return pin


def new_salt() -> str:
    return secrets.token_hex(16)


def hash_pin(pin: str, salt: str) -> str:
    digest = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=_N, r=_R, p=_P, dklen=32)
    return digest.hex()


def pin_matches(pin: str, salt: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_pin(pin, salt), stored_hash)
