"""Margin's settings: documented defaults, then instance/config.py, then MARGIN_* variables.

Every setting below can be overridden in `instance/config.py` (plain Python assignments)
or by an environment variable with the `MARGIN_` prefix, e.g. `MARGIN_DATABASE_URL`.
Environment values are parsed as JSON when they can be (`MARGIN_REPORTS_HIDE_THRESHOLD=5`,
`MARGIN_EMAIL_CHECK_DELIVERABILITY=true`) and used as plain strings otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

ENV_PREFIX = "MARGIN"
# Where links point when PUBLIC_URL is unset: what `margin serve` binds by default.
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"


class ConfigError(ValueError):
    """A setting whose value cannot be used; the message names it and says what fits."""


class Defaults:
    """Hold the documented default of every setting."""

    # Signing secret. None: generated once into the instance folder (see instance.py).
    # Deployments running several processes or hosts must set one shared value.
    SECRET_KEY: str | None = None

    # SQLAlchemy URL. None: SQLite file `margin.sqlite3` in the instance folder.
    # PostgreSQL: postgresql+psycopg://user:password@host:5432/margin
    DATABASE_URL: str | None = None
    # Milliseconds a SQLite writer waits for the write lock before giving up.
    SQLITE_BUSY_TIMEOUT_MS = 30_000
    # Connection pool (PostgreSQL); pre-ping drops connections a restart has closed.
    DB_POOL_SIZE = 5
    DB_MAX_OVERFLOW = 10
    DB_POOL_RECYCLE_SECONDS = 1800

    # Rate limits in Flask-Limiter notation, per client address.
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_COMMENTS = "5/minute;50/day"
    RATELIMIT_READS = "1000/minute"
    # Prefix of every rate-limit key, so several sites can share one Redis.
    RATELIMIT_NAMESPACE = "margin"
    # Failed moderation-API authentications per client (bad, unknown or revoked tokens).
    RATELIMIT_MODERATION = "20/minute;200/day"
    # Failed console sign-ins per client, and per account (whoever tries it): past either
    # budget the form refuses every try, right or wrong, until the window ends.
    RATELIMIT_CONSOLE_SIGNIN = "10/minute;100/day"
    RATELIMIT_CONSOLE_ACCOUNT = "5/minute;50/day"
    # Reader reports per client.
    RATELIMIT_REPORTS = "10/hour;50/day"
    # When the rate-limit storage (Redis) cannot be reached: true lets requests through
    # (limited per process when the fallback below is on) and logs a warning; false
    # refuses them with a 503 and logs an error.
    RATELIMIT_FAIL_OPEN = True
    # While failing open, count in each process's memory instead of not at all.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # Networks of the reverse proxies in front of Margin: a list, or one comma-separated
    # string (MARGIN_TRUSTED_PROXIES="127.0.0.1/32,10.0.0.0/8"). X-Forwarded-For (and
    # -Proto, -Host) is believed only on connections from these; it is walked from the
    # right past trusted hops to the client, and an entry that is not an address leaves
    # the last one believed. Empty: the socket's address, the header ignored (any client
    # can forge it). An integer is the old hop count, believed from any peer: it works,
    # with a warning at start-up, but lets a client that reaches Margin directly choose
    # its own address.
    TRUSTED_PROXIES: list[str] | str | int = []

    # `margin serve`: seconds a client has to send a request's line and headers. Past it
    # the connection is closed and the thread reading it is free again; without this a
    # client sending a byte now and then holds a thread for as long as it likes.
    SERVE_HEAD_TIMEOUT_SECONDS = 10.0

    # Logs: "text" (one human-readable line each) or "json" (one JSON object per line).
    # Every line carries the request id (X-Request-ID). LOG_LEVEL applies to Margin's own
    # loggers; one access line per request is logged at INFO.
    LOG_FORMAT = "text"
    LOG_LEVEL = "INFO"
    # Bearer token /metrics asks for. None: /metrics is open to whoever reaches the bind
    # address, so keep it off the public proxy or set a token.
    METRICS_TOKEN: str | None = None

    # The demo article at "/", with the widget embedded: handy to try Margin, and nothing
    # a production site needs. False answers 404 there.
    DEMO_PAGE = True

    # Origins whose pages may call the public API: "*" or a list of origins.
    CORS_ORIGINS: str | list[str] = "*"

    # Largest request body accepted, in bytes (413 above it).
    MAX_CONTENT_LENGTH = 64 * 1024

    # Submission rules: the longest (and for the body, the shortest) value of each field,
    # in characters; the body is measured after trimming.
    THREAD_KEY_MAX_LENGTH = 512
    AUTHOR_MAX_LENGTH = 100
    EMAIL_MAX_LENGTH = 254
    WEBSITE_MAX_LENGTH = 512
    BODY_MIN_LENGTH = 2
    BODY_MAX_LENGTH = 5000
    TITLE_MAX_LENGTH = 300
    URL_MAX_LENGTH = 2048
    # Replies nest at most this deep (a top-level comment has depth 0).
    MAX_DEPTH = 10
    # DNS lookups make validation slow and flaky; off unless asked for.
    EMAIL_CHECK_DELIVERABILITY = False
    # Non-ASCII addresses (SMTPUTF8, internationalised domains) invite homoglyph spoofing.
    EMAIL_ALLOW_UNICODE = False

    # Pre-moderation for the whole site: "none", "first_time" (authors without an
    # approved comment wait), or "all". A thread's own setting overrides it.
    PREMODERATION = "none"

    # Reading: top-level comments per listing page (the default and the most a client may
    # ask for), and thread keys per counts request.
    PAGE_SIZE_DEFAULT = 50
    PAGE_SIZE_MAX = 200
    COUNTS_MAX_THREADS = 100
    # Replies a listing page shows under each top-level comment; the rest are paged
    # through GET /api/v1/comments/<id>/replies (the page's more_replies gives the cursor).
    REPLIES_PER_COMMENT = 20
    # Seconds browsers and CDNs may reuse a thread listing without asking again;
    # 0 makes them revalidate every time (cheap: a matching ETag answers 304).
    CACHE_MAX_AGE = 0
    # Rendered listings each worker keeps (keyed by thread version, so never stale);
    # 0 turns the cache off.
    LISTING_CACHE_ENTRIES = 512
    # Answer cached listings, their 304s and counts before Flask's request machinery
    # (service/fastpath.py): the same answers, several times cheaper.
    FAST_READS = True

    # Spam scoring: below LOW a comment is published (unless pre-moderated), from LOW
    # to HIGH it waits for a moderator, at HIGH and above it is kept hidden as spam.
    # The defaults meet the targets on held-out YouTube videos (docs/spam.md).
    SPAM_THRESHOLD_LOW = 0.3
    SPAM_THRESHOLD_HIGH = 0.85
    # More links than this holds a comment for moderation (WordPress's default too).
    SPAM_MAX_LINKS = 2
    # Words that hold a comment for moderation, or mark it as spam, when found as whole
    # words in the author, email, website, text, client address or browser. A list, or
    # one string of comma- or line-separated words (MARGIN_SPAM_BLOCKED_WORDS="a,b").
    SPAM_MODERATION_WORDS: list[str] | str = []
    SPAM_BLOCKED_WORDS: list[str] | str = []
    # Sent sooner than this after the form was shown (the widget's elapsed_ms): a bot.
    SPAM_MIN_ELAPSED_MS = 3000
    # Faster than this many characters per second is suspicious (pasting is not rare).
    SPAM_MAX_CHARS_PER_SECOND = 40
    # The same (or near-same) text posted this many times within the window, on any
    # thread, counts as a flood; texts shorter than the minimum length never do.
    SPAM_FLOOD_COUNT = 3
    SPAM_FLOOD_WINDOW_SECONDS = 600
    SPAM_FLOOD_MIN_LENGTH = 20
    # Classifier file used until `margin spam train` stores one in the database.
    # None: the model shipped in service/spam/data/model.bin.
    SPAM_MODEL_FILE: str | None = None

    # Abuse screening (docs/abuse.md): every new comment gets an abuse score in [0, 1]
    # with reasons. Off: comments are neither scored nor held for abuse.
    ABUSE_ENABLED = True
    # At or above this score a comment waits for a moderator (pending, never rejected or
    # filed as spam by the score). Fixed before measuring: one explicit threat, slur,
    # attack on a group or insult aimed at a person holds; swearing alone does not.
    ABUSE_THRESHOLD = 0.5
    # The same for comments written in French (the screener tells the two apart). Chosen
    # by `margin abuse tune-fr` on French data the reported figures do not use (docs/abuse.md).
    ABUSE_THRESHOLD_FR = 0.5
    # Per category ("harassment", "hate_speech", "threat", "sexual"), a site's own words
    # or phrases that always hold a comment, matched however they are spelled.
    ABUSE_HOLD_TERMS: dict[str, list[str]] = {
        "harassment": [], "hate_speech": [], "threat": [], "sexual": []}
    # Words or phrases that never count towards the score (a cycling site's "pedale"). A
    # list, or one string of comma- or line-separated terms.
    ABUSE_IGNORE_TERMS: list[str] | str = []
    # The widget asks the reader to reconsider a comment scored at or above the threshold
    # before posting it (they may edit it, or post it anyway to be held).
    ABUSE_NUDGE = True
    # Optional external screener speaking OpenAI's /v1/moderations shape (docs/abuse.md):
    # the worker sends each new comment there and holds it when the answer is flagged.
    # None: local screening only.
    ABUSE_EXTERNAL_URL: str | None = None
    ABUSE_EXTERNAL_MODEL = "omni-moderation-latest"
    # Sent as "Authorization: Bearer <token>" when set.
    ABUSE_EXTERNAL_TOKEN: str | None = None
    ABUSE_EXTERNAL_TIMEOUT_SECONDS = 5.0
    # Retry n waits BASE * 4**(n-1) seconds; after MAX_ATTEMPTS the check is given up
    # (the comment keeps its local score and standing).
    ABUSE_EXTERNAL_RETRY_BASE_SECONDS = 10.0
    ABUSE_EXTERNAL_MAX_ATTEMPTS = 6

    # Moderation. Open reports from this many distinct clients (an IPv6 client is its
    # /64) hide a comment (to pending) until a moderator decides; 0 turns hiding off. A
    # comment a moderator has approved is never hidden again: later reports queue it.
    REPORTS_HIDE_THRESHOLD = 3
    # Open reports one client (an IPv6 client is its /64) may make on one comment; more
    # are refused with 409 until a moderator decides. 0: no cap.
    REPORTS_PER_NETWORK = 3
    # Longest text a reader's report may carry (its text, and a notice's explanation).
    REPORT_TEXT_MAX_LENGTH = 2000
    # Longest name of the law a notice of illegal content says a comment breaks.
    NOTICE_LAW_MAX_LENGTH = 500
    # Statements of reasons for spam go to authors only up to this spam score (many sites
    # do not write to spammers); None: always, 0: never for spam.
    STATEMENTS_SPAM_SCORE_MAX: float | None = 0.9
    # Write the statement of reasons to an author when a filter holds their comment for a
    # moderator (the hold is in the statements export either way). False: the author is
    # told the moderator's decision instead, not every hold that is later approved.
    STATEMENTS_FOR_HOLDS = False
    # Longest text of a complaint against a moderation decision.
    COMPLAINT_TEXT_MAX_LENGTH = 5000
    # The address readers and moderators reach Margin at (e.g.
    # "https://comments.example.org"), for the links Margin gives out: in emails
    # (confirmation, unsubscribe, the comment, complaint forms) and a new account's
    # set-password link. Unsubscribe links must be https for mail providers' one-click
    # unsubscribe. None: http://127.0.0.1:8000 in emails and commands, which only works on
    # this machine; complaint links in API answers are then paths.
    PUBLIC_URL: str | None = None
    # Days client addresses are kept; `margin purge` erases older ones.
    IP_RETENTION_DAYS = 30

    # The moderation console at /console/ (docs/console.md). A session unused this many
    # minutes ends; any session ends this many hours after sign-in.
    CONSOLE_IDLE_MINUTES = 30
    CONSOLE_SESSION_HOURS = 12
    # Admins must have two-factor codes set up (`margin user totp EMAIL`) to sign in.
    CONSOLE_ADMIN_TOTP_REQUIRED = False
    # Seconds between the queue's checks for new comments and counts.
    CONSOLE_POLL_SECONDS = 15

    # Webhooks. Private, loopback and link-local addresses are refused unless allowed.
    WEBHOOKS_ALLOW_PRIVATE = False
    # `margin serve` starts a delivery worker beside the server; set false when running
    # `margin worker` on its own.
    WEBHOOKS_INPROCESS_WORKER = True
    # Seconds each delivery request may take to connect, and then to answer.
    WEBHOOKS_CONNECT_TIMEOUT_SECONDS = 5.0
    WEBHOOKS_READ_TIMEOUT_SECONDS = 15.0
    # Retry n (1, 2, ...) waits BASE * FACTOR**(n-1) seconds, at most MAX, each +-JITTER
    # (a fraction); after MAX_ATTEMPTS attempts a message is given up (a replay resends it).
    WEBHOOKS_RETRY_BASE_SECONDS = 5.0
    WEBHOOKS_RETRY_FACTOR = 4.0
    WEBHOOKS_RETRY_MAX_SECONDS = 86_400.0
    WEBHOOKS_RETRY_JITTER = 0.2
    WEBHOOKS_MAX_ATTEMPTS = 9
    # An endpoint failing without a single success for this long is disabled.
    WEBHOOKS_DISABLE_AFTER_SECONDS = 5 * 86_400
    # How long the old secret keeps signing after a rotation.
    WEBHOOKS_SECRET_GRACE_SECONDS = 86_400
    # A worker's claim on a message; a killed worker's claims are retried after it. Must
    # exceed the connect and read timeouts together.
    WEBHOOKS_LEASE_SECONDS = 60.0
    # Messages a worker claims at a time.
    WEBHOOKS_BATCH_SIZE = 20
    # Seconds an idle worker waits before looking for due messages again.
    WEBHOOKS_POLL_SECONDS = 1.0
    # Days delivered and given-up messages (and their attempts) are kept; workers prune
    # older ones hourly, and so does `margin purge`. 0 keeps them forever.
    WEBHOOKS_RETENTION_DAYS = 30

    # Email (docs/email.md). Where messages go: "file" writes each one as an .eml file in
    # the instance folder's mail/ directory and logs it (a fresh machine needs no mail
    # server); "smtp://user:password@host:port" speaks SMTP, upgrading with STARTTLS when
    # the server offers it ("?starttls=require" refuses to send without it, "=never" never
    # tries); "smtps://user:password@host:465" connects over TLS from the start. Percent-
    # encode special characters in the user and password. Messages are sent by the same
    # workers as webhooks (`margin worker`, or the one `margin serve` starts).
    MAIL_URL = "file"
    # The From of every message: an address, or "Name <address>".
    MAIL_FROM = "Margin <margin@localhost>"
    # Certificate authorities to trust for the mail server's TLS (a PEM file, read once
    # per process); None: the system's. The server's name is always checked.
    MAIL_CA_FILE: str | None = None
    # Seconds each connection to the mail server may take to connect and to answer.
    MAIL_TIMEOUT_SECONDS = 20.0
    # Retry n (1, 2, ...) after a temporary failure (a 4xx answer, a server that cannot be
    # reached) waits BASE * 4**(n-1) seconds, at most MAX; after MAX_ATTEMPTS attempts the
    # message is given up. A permanent refusal (5xx) gives it up at once.
    MAIL_RETRY_BASE_SECONDS = 60.0
    MAIL_RETRY_MAX_SECONDS = 6 * 3600.0
    MAIL_MAX_ATTEMPTS = 10
    # Days sent, failed and cancelled messages (and their log) are kept. 0: forever.
    MAIL_RETENTION_DAYS = 30
    # Language of messages whose page did not say ("en" or "fr"), and of moderators' alerts.
    MAIL_DEFAULT_LOCALE = "en"
    # A reader hears about replies on one thread at most once per this many minutes;
    # replies published meanwhile come together in the next message.
    MAIL_REPLY_THROTTLE_MINUTES = 30
    # Who gets moderators' alerts (a child-safety report, a comment hidden by readers'
    # reports) and the daily digest of the queue: a list, or one comma-separated string.
    # Empty: no alerts, no digest.
    MAIL_MODERATOR_ALERTS: list[str] | str = []
    # Hour of the day (UTC, 0-23) from which the daily digest of the moderation queue is
    # sent, when there is something in it; None: no daily digest.
    MAIL_DIGEST_HOUR: int | None = 7


def load(app: Flask, overrides: dict | None = None) -> None:
    """Load defaults, then instance/config.py, then MARGIN_* variables, then overrides."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env(ENV_PREFIX)
    if overrides:
        app.config.update(overrides)


def default_instance_path() -> str | None:
    """Return MARGIN_INSTANCE_PATH, or instance/ beside the code in a checkout."""
    configured = os.environ.get(f"{ENV_PREFIX}_INSTANCE_PATH")
    if configured:
        return str(Path(configured).resolve())
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file():
        return str(checkout / "instance")
    # Installed without a checkout: Flask's own choice, <prefix>/var/service-instance.
    return None
