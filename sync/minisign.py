"""Ed25519 keys and detached signatures in the minisign file formats.

Why minisign: admins can sign, check and rotate feed keys with the stock ``minisign`` tool on any
OS, and the format is small enough to implement here on top of ``cryptography`` without a C binding.
Format reference: https://jedisct1.github.io/minisign/ ("Signature format").

* Public key: ``untrusted comment: …`` then base64(``"Ed"`` ‖ key id (8) ‖ public key (32)).
* Secret key: ``untrusted comment: …`` then base64(``"Ed"`` ‖ kdf (2) ‖ ``"B2"`` ‖ salt (32) ‖
  opslimit (8) ‖ memlimit (8) ‖ key id (8) ‖ secret key (64 = seed ‖ public) ‖ checksum (32)).
  We read and write only the unencrypted variant (kdf ``"\\0\\0"``, what ``minisign -G -W`` writes);
  the file's protection is its mode 600. Password-protected keys: ``minisign -C -W`` removes it.
* Signature: ``untrusted comment: …``, base64(algorithm ‖ key id ‖ signature (64)),
  ``trusted comment: …``, base64(global signature over signature ‖ trusted comment).
  Algorithm ``"ED"`` signs the BLAKE2b-512 of the file (minisign ≥ 0.10 default, what we write);
  legacy ``"Ed"`` signs the file itself. We verify both.

The key id is shown as minisign shows it: upper-case hex of the little-endian integer, but always
16 digits (minisign drops leading zeros: ``6B54A71835A07EF`` is our ``06B54A71835A07EF``), so the
manifest's ``key_id`` has one fixed form.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from sync.errors import BadSignatureError, KeyFormatError, SignatureFormatError

ALG_PURE = b"Ed"
ALG_PREHASHED = b"ED"
KDF_NONE = b"\0\0"
KDF_SCRYPT = b"Sc"
CHECKSUM_ALG = b"B2"
UNTRUSTED_PREFIX = "untrusted comment: "
TRUSTED_PREFIX = "trusted comment: "
MAX_SIGNATURE_FILE = 4096
"""A signature file is four short lines; anything bigger is refused before parsing."""


def key_id_hex(key_id: bytes) -> str:
    """The key id as minisign prints it (``457162D8C60B3F72``)."""
    return key_id[::-1].hex().upper()


def key_id_from_hex(text: str) -> bytes:
    """Inverse of :func:`key_id_hex`; also takes minisign's unpadded form (``6B54A71835A07EF``)."""
    if not 1 <= len(text) <= 16 or text.strip() != text:
        raise KeyFormatError(f"key id {text[:40]!r} is not 16 hex digits")
    try:
        return bytes.fromhex(text.zfill(16))[::-1]
    except ValueError:
        raise KeyFormatError(f"key id {text[:40]!r} is not 16 hex digits") from None


def _b64decode(line: str, what: str, error: type[KeyFormatError | SignatureFormatError]) -> bytes:
    try:
        return base64.b64decode(line.strip().encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise error(f"{what} is not valid base64") from None


@dataclass(frozen=True)
class PublicKey:
    """A minisign Ed25519 public key."""

    key_id: bytes
    key: bytes

    @property
    def key_id_hex(self) -> str:
        return key_id_hex(self.key_id)

    def to_base64(self) -> str:
        """The one-line form ``minisign -P`` takes."""
        return base64.b64encode(ALG_PURE + self.key_id + self.key).decode("ascii")

    def to_file_text(self) -> str:
        return f"{UNTRUSTED_PREFIX}minisign public key {self.key_id_hex}\n{self.to_base64()}\n"

    @classmethod
    def from_text(cls, text: str) -> PublicKey:
        """Parse a ``.pub`` file, or the bare base64 line (as given to ``minisign -P``)."""
        lines = [line for line in text.strip().splitlines() if line.strip()]
        if len(lines) == 2 and lines[0].startswith(UNTRUSTED_PREFIX):
            line = lines[1]
        elif len(lines) == 1:
            line = lines[0]
        else:
            raise KeyFormatError("public key: expected a minisign .pub file (two lines)")
        raw = _b64decode(line, "public key", KeyFormatError)
        if len(raw) != 42:
            raise KeyFormatError(f"public key: {len(raw)} bytes, a minisign key has 42")
        if raw[:2] != ALG_PURE:
            raise KeyFormatError(f"public key: algorithm {raw[:2]!r} is not Ed25519 ('Ed')")
        return cls(key_id=raw[2:10], key=raw[10:])

    def verify_raw(self, signature: bytes, message: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.key).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True


@dataclass(frozen=True)
class SecretKey:
    """A minisign Ed25519 secret key (seed kept in memory only as long as the object lives)."""

    key_id: bytes
    seed: bytes
    public: bytes

    @property
    def public_key(self) -> PublicKey:
        return PublicKey(key_id=self.key_id, key=self.public)

    @classmethod
    def generate(cls) -> SecretKey:
        private = Ed25519PrivateKey.generate()
        seed = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return cls(key_id=os.urandom(8), seed=seed, public=public)

    def _checksum(self) -> bytes:
        return hashlib.blake2b(
            ALG_PURE + self.key_id + self.seed + self.public, digest_size=32
        ).digest()

    def to_file_text(self) -> str:
        """The unencrypted minisign format (``minisign -S -s FILE`` signs with it, no password)."""
        body = (
            ALG_PURE
            + KDF_NONE
            + CHECKSUM_ALG
            + bytes(32)  # kdf salt: unused without a kdf
            + bytes(8)  # opslimit
            + bytes(8)  # memlimit
            + self.key_id
            + self.seed
            + self.public
            + self._checksum()
        )
        return (
            f"{UNTRUSTED_PREFIX}minisign secret key {key_id_hex(self.key_id)} (unencrypted; "
            f"keep this file mode 600)\n{base64.b64encode(body).decode('ascii')}\n"
        )

    @classmethod
    def from_text(cls, text: str) -> SecretKey:
        lines = [line for line in text.strip().splitlines() if line.strip()]
        if len(lines) != 2 or not lines[0].startswith(UNTRUSTED_PREFIX):
            raise KeyFormatError("secret key: expected a minisign secret key file (two lines)")
        raw = _b64decode(lines[1], "secret key", KeyFormatError)
        if len(raw) != 158:
            raise KeyFormatError(f"secret key: {len(raw)} bytes, a minisign secret key has 158")
        if raw[:2] != ALG_PURE or raw[4:6] != CHECKSUM_ALG:
            raise KeyFormatError("secret key: not an Ed25519/BLAKE2b minisign key")
        if raw[2:4] == KDF_SCRYPT:
            raise KeyFormatError(
                "secret key is password-protected; remove the password with `minisign -C -W -s FILE`"
            )
        if raw[2:4] != KDF_NONE:
            raise KeyFormatError(f"secret key: unknown key derivation {raw[2:4]!r}")
        key_id, seed, public, checksum = raw[54:62], raw[62:94], raw[94:126], raw[126:158]
        key = cls(key_id=key_id, seed=seed, public=public)
        # minisign 0.11 `-G -W` leaves the checksum zero; anything else must match.
        if checksum != bytes(32) and not hmac.compare_digest(checksum, key._checksum()):
            raise KeyFormatError("secret key: checksum does not match (damaged file?)")
        derived = (
            Ed25519PrivateKey.from_private_bytes(seed)
            .public_key()
            .public_bytes(Encoding.Raw, PublicFormat.Raw)
        )
        if derived != public:
            raise KeyFormatError("secret key: public half does not match the seed (damaged file?)")
        return key

    def sign_raw(self, message: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.seed).sign(message)


@dataclass(frozen=True)
class Signature:
    """A parsed ``.minisig`` file."""

    algorithm: bytes
    key_id: bytes
    signature: bytes
    trusted_comment: str
    global_signature: bytes
    untrusted_comment: str = ""

    @property
    def key_id_hex(self) -> str:
        return key_id_hex(self.key_id)

    def to_file_text(self) -> str:
        return (
            f"{UNTRUSTED_PREFIX}{self.untrusted_comment}\n"
            f"{base64.b64encode(self.algorithm + self.key_id + self.signature).decode('ascii')}\n"
            f"{TRUSTED_PREFIX}{self.trusted_comment}\n"
            f"{base64.b64encode(self.global_signature).decode('ascii')}\n"
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        if len(data) > MAX_SIGNATURE_FILE:
            raise SignatureFormatError(
                f"signature file is {len(data)} bytes, more than {MAX_SIGNATURE_FILE}"
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise SignatureFormatError("signature file is not UTF-8 text") from None
        lines = text.replace("\r\n", "\n").split("\n")
        while lines and lines[-1] == "":
            lines.pop()
        if len(lines) != 4:
            raise SignatureFormatError(f"signature file has {len(lines)} lines, minisign has 4")
        if not lines[0].startswith(UNTRUSTED_PREFIX):
            raise SignatureFormatError("signature file: line 1 is not an untrusted comment")
        if not lines[2].startswith(TRUSTED_PREFIX):
            raise SignatureFormatError("signature file: line 3 is not a trusted comment")
        raw = _b64decode(lines[1], "signature", SignatureFormatError)
        if len(raw) != 74:
            raise SignatureFormatError(f"signature is {len(raw)} bytes, minisign's has 74")
        if raw[:2] not in (ALG_PURE, ALG_PREHASHED):
            raise SignatureFormatError(f"signature algorithm {raw[:2]!r} is not 'Ed' or 'ED'")
        global_sig = _b64decode(lines[3], "global signature", SignatureFormatError)
        if len(global_sig) != 64:
            raise SignatureFormatError(f"global signature is {len(global_sig)} bytes, not 64")
        return cls(
            algorithm=raw[:2],
            key_id=raw[2:10],
            signature=raw[10:],
            trusted_comment=lines[2][len(TRUSTED_PREFIX) :],
            global_signature=global_sig,
            untrusted_comment=lines[0][len(UNTRUSTED_PREFIX) :],
        )


def _signed_message(algorithm: bytes, data: bytes) -> bytes:
    if algorithm == ALG_PREHASHED:
        return hashlib.blake2b(data, digest_size=64).digest()
    return data


def sign(
    secret: SecretKey,
    data: bytes,
    trusted_comment: str,
    untrusted_comment: str = "signature from tsunagi-admin",
) -> Signature:
    """Sign ``data`` prehashed (``"ED"``), as ``minisign -S`` does by default."""
    if "\n" in trusted_comment or "\r" in trusted_comment:
        raise ValueError("a trusted comment is a single line")
    signature = secret.sign_raw(_signed_message(ALG_PREHASHED, data))
    global_signature = secret.sign_raw(signature + trusted_comment.encode("utf-8"))
    return Signature(
        algorithm=ALG_PREHASHED,
        key_id=secret.key_id,
        signature=signature,
        trusted_comment=trusted_comment,
        global_signature=global_signature,
        untrusted_comment=untrusted_comment,
    )


def verify(public: PublicKey, data: bytes, signature: Signature, what: str = "file") -> str:
    """Check ``signature`` over ``data``; return the trusted comment.

    The caller picks ``public`` by the signature's key id; a mismatch here is still refused, so
    a wrong pick can never pass. Both the file signature and the global signature over the
    trusted comment must verify: the trusted comment is otherwise attacker-controlled text.
    """
    if signature.key_id != public.key_id:
        raise BadSignatureError(
            f"{what} is signed by key {signature.key_id_hex}, not by key {public.key_id_hex}"
        )
    if not public.verify_raw(signature.signature, _signed_message(signature.algorithm, data)):
        raise BadSignatureError(f"{what} signature does not verify with key {public.key_id_hex}")
    comment = signature.trusted_comment.encode("utf-8")
    if not public.verify_raw(signature.global_signature, signature.signature + comment):
        raise BadSignatureError(
            f"{what} trusted comment signature does not verify with key {public.key_id_hex}"
        )
    return signature.trusted_comment
