"""The exchange bundle as a file: signed, compressed, refused whole when anything is off.

Layout::

    possouk-exchange 1\\n
    {header, one line of JSON: kind, origin, public key, body length and SHA-256}\\n
    <the body: gzip of one JSON document>
    \\nsignature <Ed25519 signature of everything before it, hex>\\n

A bundle with one byte changed fails its signature; one cut short has no signature where
the header says it is. Either is refused before anything of it is read into a database.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from possouk.domain.errors import N_, BundleRefused

MAGIC = b"possouk-exchange 1\n"
_SIGNATURE = b"\nsignature "
_SIGNATURE_HEX = 128

NOT_A_BUNDLE = N_("{name} is not a possouk exchange bundle.")
CUT_SHORT = N_("The bundle {name} is cut short (its copy did not finish?): copy it again from "
               "where it was written. Nothing of it was imported.")
CHANGED = N_("The bundle {name} was changed after it was written (its signature does not match): "
             "nothing of it was imported. Export it again where it was written.")


@dataclass(frozen=True)
class Bundle:
    header: dict[str, Any]
    body: dict[str, Any]

    @property
    def kind(self) -> str:
        return str(self.header["kind"])

    @property
    def origin(self) -> str:
        return str(self.header["origin"])

    @property
    def public_key(self) -> str:
        return str(self.header["public_key"])


def public_key_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def fingerprint(public_key: str) -> str:
    """What people compare to trust a key: "3F2A-9C01-77B4-E5D0" (the key's SHA-256, cut)."""
    digest = hashlib.sha256(bytes.fromhex(public_key)).hexdigest()[:16].upper()
    return "-".join(digest[i:i + 4] for i in range(0, 16, 4))


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def write_bundle(header: dict[str, Any], body: dict[str, Any], key: Ed25519PrivateKey) -> bytes:
    """The bytes of a bundle of ``body``, signed with ``key``."""
    packed = gzip.compress(_json(body), compresslevel=6, mtime=0)
    full_header = {**header, "public_key": public_key_hex(key), "body_length": len(packed),
                   "body_sha256": hashlib.sha256(packed).hexdigest()}
    signed = MAGIC + _json(full_header) + b"\n" + packed
    return signed + _SIGNATURE + key.sign(signed).hex().encode() + b"\n"


def read_bundle(data: bytes, name: str) -> Bundle:
    """Check and open a bundle; :class:`BundleRefused` when it is not whole and unchanged."""
    if not data.startswith(MAGIC):
        raise BundleRefused(NOT_A_BUNDLE, name=name)
    end = data.find(b"\n", len(MAGIC))
    if end < 0:
        raise BundleRefused(CUT_SHORT, name=name)
    try:
        header = json.loads(data[len(MAGIC):end])
        body_length = int(header["body_length"])
        public_key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(header["public_key"]))
    except (ValueError, KeyError, TypeError):
        raise BundleRefused(CHANGED, name=name) from None
    signed_end = end + 1 + body_length
    expected = signed_end + len(_SIGNATURE) + _SIGNATURE_HEX + 1
    if len(data) < expected:
        raise BundleRefused(CUT_SHORT, name=name)
    if len(data) > expected or data[signed_end:signed_end + len(_SIGNATURE)] != _SIGNATURE:
        raise BundleRefused(CHANGED, name=name)
    try:
        signature = bytes.fromhex(data[signed_end + len(_SIGNATURE):expected - 1].decode("ascii"))
        public_key.verify(signature, data[:signed_end])
    except (ValueError, UnicodeDecodeError, InvalidSignature):
        raise BundleRefused(CHANGED, name=name) from None
    packed = data[end + 1:signed_end]
    if hashlib.sha256(packed).hexdigest() != header.get("body_sha256"):
        raise BundleRefused(CHANGED, name=name)
    try:
        body = json.loads(gzip.decompress(packed))
    except (OSError, ValueError, EOFError):
        raise BundleRefused(CHANGED, name=name) from None
    return Bundle(header=header, body=body)
