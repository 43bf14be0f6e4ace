"""Moderation: decisions, queue, reports, bans, audit log, figures, personal data, tokens."""
