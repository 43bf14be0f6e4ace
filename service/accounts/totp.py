"""Time-based one-time codes (RFC 6238) for two-factor sign-in, through pyotp."""

from __future__ import annotations

import pyotp

ISSUER = "Margin"
# One step either side: a phone's clock a little off, or a code typed as it turned over.
VALID_WINDOW = 1


def new_secret() -> str:
    """Return a new random base32 secret."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    """Return the otpauth:// URI an authenticator app reads (from a QR code or typed in)."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def verify(secret: str, code: str) -> bool:
    """Tell whether the code is the current one for this secret."""
    code = code.strip().replace(" ", "")
    return code.isdigit() and pyotp.TOTP(secret).verify(code, valid_window=VALID_WINDOW)


def current_code(secret: str) -> str:
    """Return the code an authenticator shows now (for `margin user totp` to confirm)."""
    return pyotp.TOTP(secret).now()
