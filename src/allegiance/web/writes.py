"""The one write endpoint, ``POST /api/articles``: ingest, code and verify one posted text.

It exists only when the server was started with writes allowed and a token; every request must
carry that token (``Authorization: Bearer TOKEN``), compared in constant time. The text goes
through the same pipeline as ``allegiance run`` on a text file, under the store's write lock.

The route is a plain ``def``, so it runs on the thread pool and never on the event loop; the
coding itself goes to the app's worker process (``web.coding``), so this thread only waits for
it and reads keep being answered meanwhile. Reading, storing and verifying the article stay in
the server, on the one connection that writes (DuckDB takes one writer process).
"""

from __future__ import annotations

import hmac
import tempfile
from pathlib import Path

from fastapi import APIRouter, Header, HTTPException, Request
from pydantic import BaseModel, Field

from .. import pipeline
from . import params

router = APIRouter(prefix="/api", tags=["write"])


class PostedArticle(BaseModel):
    text: str = Field(min_length=1, description="The article's text; paragraphs separated by blank lines.")
    title: str | None = Field(None, max_length=500)
    date: str | None = Field(None, description="YYYY-MM-DD, when the text states none.")
    source: str | None = Field(None, max_length=200)


def check_token(request: Request, authorization: str | None) -> None:
    expected = request.app.state.token
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPException(401, "writes need 'Authorization: Bearer TOKEN' with the server's token",
                            headers={"WWW-Authenticate": "Bearer"})


@router.post("/articles", status_code=201, summary="Ingest, code and verify one article (writes enabled only)")
def post_article(request: Request, body: PostedArticle, authorization: str | None = Header(None)):
    check_token(request, authorization)
    day = params.date(body.date, "date")
    store = request.app.state.store
    with store.write_lock, tempfile.TemporaryDirectory(prefix="allegiance-post-") as folder:
        path = Path(folder) / "posted-article.txt"
        path.write_text(body.text, encoding="utf-8")
        try:
            report = pipeline.ingest([path], store.database, title=body.title, date=day, source=body.source)
            if report.documents == 0:
                reasons = "; ".join(f"{s.reason}: {s.detail}" for s in report.skipped) or "nothing readable"
                raise HTTPException(422, f"the text could not be ingested ({reasons})")
            coding = pipeline.code_pending(store.database, runner=request.app.state.coder)
            pipeline.verify_pending(store.database)
        finally:
            store.changed()  # even a refused text may have added a skipped_inputs row
        found = store.database.con.execute(
            "SELECT article_id, duplicate_of FROM articles WHERE origin = ? ORDER BY ingested_at DESC LIMIT 1",
            [str(path)]).fetchone()
    if found is None:  # the same text was stored before: it keeps its first origin
        return {"new": False, "already_stored": report.already_stored, "events": 0}
    return {"new": True, "article_id": found[0], "duplicate_of": found[1], "events": coding.events}
