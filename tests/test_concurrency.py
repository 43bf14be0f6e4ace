"""Many readers posting at once: no 'database is locked', no lost counts."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from service.extensions import db
from service.models import Comment, Thread

pytestmark = pytest.mark.slow

WRITERS = 8
POSTS_EACH = 6


def test_concurrent_posts_all_succeed_and_counts_add_up(app):
    def writer(n):
        client = app.test_client()
        statuses = []
        for i in range(POSTS_EACH):
            thread = "/busy" if i % 2 else f"/new-{n}-{i}"  # shared and freshly created threads
            response = client.post(
                "/api/v1/comments", environ_base={"REMOTE_ADDR": f"198.51.100.{n}"},
                json={"thread": thread, "author": f"Writer {n}", "email": f"w{n}@example.com",
                      "body": f"Comment {i} from writer {n}"})
            statuses.append(response.status_code)
            client.get("/api/v1/comments?thread=/busy")
        return statuses

    with ThreadPoolExecutor(WRITERS) as pool:
        results = list(pool.map(writer, range(WRITERS)))
    assert all(status == 201 for statuses in results for status in statuses), results

    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Comment.id))).scalar() == \
            WRITERS * POSTS_EACH
        busy = db.session.execute(db.select(Thread).filter_by(key="/busy")).scalar_one()
        assert busy.comment_count == WRITERS * POSTS_EACH // 2
        assert busy.version == busy.comment_count
