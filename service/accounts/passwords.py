"""Passwords: a slow salted hash (scrypt), and the rules a new password must meet."""

from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash

# scrypt with werkzeug's parameters (N=2**15, r=8, p=1): about 50 ms and 32 MiB a check.
METHOD = "scrypt"
MIN_LENGTH = 12
# Past this a hash only costs the server time; no person types more.
MAX_LENGTH = 1024
# Checked against when the account is unknown, so a wrong address takes as long as a
# wrong password and the timing tells nobody which addresses have accounts.
_DUMMY = generate_password_hash("margin-dummy-password", method=METHOD)


def problem(password: str) -> str | None:
    """Return why a new password is refused, or None when it will do."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if not password.strip():
        return "Use more than spaces."
    return None


def hash_password(password: str) -> str:
    """Return the stored form of a password."""
    return generate_password_hash(password, method=METHOD)


def verify(stored: str | None, password: str) -> bool:
    """Tell whether the password matches the stored hash (None matches nothing)."""
    if len(password) > MAX_LENGTH:
        return False
    if stored is None:
        check_password_hash(_DUMMY, password)
        return False
    return check_password_hash(stored, password)
