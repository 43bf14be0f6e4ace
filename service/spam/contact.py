"""Find contact details in a comment's text: phone numbers and email addresses."""

import re

# A run of digits, spaces and phone punctuation; a character class with no nesting, so the
# scan stays linear however the text is built. The digits are counted afterwards.
_PHONE_RUN = re.compile(r"\+?\(?\d[\d ().\-]{6,22}\d")
PHONE_DIGITS = (9, 15)
# Bounded parts (RFC 5321's 64-character local part, 63-character labels) keep the scan
# linear on long runs of letters with no "@" after them.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*\.[a-z]{2,}")


def phone_numbers(text: str) -> list[str]:
    """Return the phone numbers in text: 9 to 15 digits written as one number."""
    low, high = PHONE_DIGITS
    out = []
    for match in _PHONE_RUN.finditer(text):
        run = match.group(0)
        digits = sum(c.isdigit() for c in run)
        # "1984 1988 2000" is years, not a number: a phone number has no group of 4 digits
        # followed by a space and another group of 4 that both look like years.
        if low <= digits <= high and not _only_years(run):
            out.append(run.strip())
    return out


def _only_years(run: str) -> bool:
    """Return True if run is only four-digit years (1900-2099) and separators."""
    groups = re.findall(r"\d+", run)
    return all(len(g) == 4 and g[:2] in ("19", "20") for g in groups)


def email_addresses(text: str) -> list[str]:
    """Return the email addresses in normalised text."""
    return _EMAIL.findall(text) if "@" in text else []
