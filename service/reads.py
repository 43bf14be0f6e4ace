"""The facts of the hot public reads, shared by their views (api/public.py) and by the
fast read path that answers them before Flask (fastpath.py)."""

LISTING_PATH = "/api/v1/comments"
COUNTS_PATH = "/api/v1/counts"
# The endpoint names Flask gives these views: the limiter's scope, the metrics' label and
# the access log's endpoint, whichever of the two answers.
LISTING_ENDPOINT = "api.public.list_comments"
COUNTS_ENDPOINT = "api.public.count_comments"
LISTING_PARAMS = frozenset({"thread", "order", "limit", "cursor"})
ORDERS = ("oldest", "newest")
CURSOR_MAX = 64
# Cached answers differ by Origin only through their CORS headers.
VARY = "Origin"
