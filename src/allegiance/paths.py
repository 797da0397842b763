"""Checks on the paths a user names, made before any work so a mistake costs nothing."""

from __future__ import annotations

import os
from pathlib import Path


def output_folder_error(path: str | os.PathLike) -> str | None:
    """Why ``path`` cannot be written because of its folder, or None: the folder must already
    exist (commands never create folders, so a typo cannot scatter them across the disk)."""
    folder = Path(path).parent
    if folder.is_dir():
        return None
    if folder.exists():
        return f"{folder} is a file, not a folder; give a path inside a folder"
    return f"the folder {folder} does not exist; create it first (mkdir -p {folder}) or choose another path"
