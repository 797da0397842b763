"""``/static/``: a fixed list of files, looked up by name, so no path from a URL touches the disk.

The dashboard's own stylesheet and script live in ``static/``; the charting library is the
plotly.js that the ``plotly`` Python package ships (``package_data/plotly.min.js``), served from
here so pages never load anything from another origin.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

router = APIRouter(include_in_schema=False)

TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}


def _files() -> dict[str, Path]:
    own = resources.files(__package__) / "static"
    files = {entry.name: Path(str(entry)) for entry in own.iterdir() if Path(entry.name).suffix in TYPES}
    plotly = resources.files("plotly") / "package_data" / "plotly.min.js"
    if plotly.is_file():
        files["plotly.min.js"] = Path(str(plotly))
    return files


FILES = _files()


@router.get("/static/{name:path}")
def static(name: str):
    path = FILES.get(name)
    if path is None:
        raise HTTPException(404, "no such file")
    return FileResponse(path, media_type=TYPES[path.suffix], headers={"Cache-Control": "public, max-age=86400"})
