"""What the test run was given: CI or not, the PostgreSQL and Redis to use, its id."""

from __future__ import annotations

import os
import uuid

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


PG_URL = os.environ.get("MARGIN_TEST_DATABASE_URL")


REDIS_URL = os.environ.get("MARGIN_TEST_REDIS_URL")


RUN_ID = uuid.uuid4().hex[:10]
