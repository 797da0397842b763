"""Parquet partitions: what one coding task wrote, readable by DuckDB, pandas or any Parquet reader.

A partition is one coded batch. Its rows lie in ``DIR/<table>/part-<key>.parquet`` (one file per
table: sentences, mentions, events, office_claims, quotes, figures) and its manifest,
``DIR/_coded/part-<key>.parquet``, lists the batch's article ids with the counts. The manifest is
written last and every file is written under a temporary name and renamed, so a partition whose
manifest exists is complete, and a task killed half-way leaves only files without a manifest,
which the next run deletes. ``read_parquet('DIR/events/*.parquet')`` then reads every coded
event once.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .arrow import TABLES, CodedBatch

MANIFEST = "_coded"


def partition_key(article_ids) -> str:
    return hashlib.sha256("\n".join(sorted(article_ids)).encode()).hexdigest()[:20]


def _write(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, temporary)
    os.replace(temporary, path)


def write_partition(directory: str | os.PathLike, coded: CodedBatch) -> CodedBatch:
    """Write ``coded`` as a partition under ``directory``; returns it without its tables."""
    root = Path(directory)
    key = partition_key(coded.article_ids)
    for table in TABLES:
        _write(coded.tables[table], root / table / f"part-{key}.parquet")
    manifest = pa.table({"article_id": pa.array(coded.article_ids, pa.string())},
                        metadata={b"sentences": str(coded.sentences).encode(),
                                  b"events": str(coded.events).encode()})
    path = root / MANIFEST / f"part-{key}.parquet"
    _write(manifest, path)
    return CodedBatch(list(coded.article_ids), coded.sentences, coded.events, partition=str(path))


def partition_files(manifest: str | os.PathLike) -> dict[str, str]:
    """The table files of the partition whose manifest is ``manifest``."""
    path = Path(manifest)
    return {table: str(path.parent.parent / table / path.name) for table in TABLES}


def read_manifest(manifest: str | os.PathLike) -> CodedBatch:
    table = pq.read_table(manifest)
    meta = table.schema.metadata or {}
    return CodedBatch(table.column("article_id").to_pylist(), int(meta.get(b"sentences", 0)),
                      int(meta.get(b"events", 0)), partition=str(manifest))


def complete_partitions(directory: str | os.PathLike) -> list[Path]:
    """Manifests of the complete partitions under ``directory``, after deleting what killed tasks left."""
    root = Path(directory)
    manifests = sorted((root / MANIFEST).glob("part-*.parquet"))
    keep = {m.name for m in manifests}
    for table in TABLES:
        for path in (root / table).glob("*"):
            if path.name not in keep:
                path.unlink(missing_ok=True)
    for path in (root / MANIFEST).glob(".*.tmp"):
        path.unlink(missing_ok=True)
    return manifests


def remove_partition(manifest: str | os.PathLike) -> None:
    """Delete a partition (manifest first, so a half-deleted one is never taken as complete)."""
    Path(manifest).unlink(missing_ok=True)
    for path in partition_files(manifest).values():
        Path(path).unlink(missing_ok=True)
