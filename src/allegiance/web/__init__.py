"""The web dashboard: a FastAPI app over one allegiance database (``allegiance serve``).

``create_app(db_path)`` builds it; ``docs/dashboard.md`` describes the pages, the JSON API and the
security model. The app module is imported on first use, so the command line starts without
loading FastAPI for commands that do not serve.
"""

__all__ = ["create_app"]


def __getattr__(name: str):
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
