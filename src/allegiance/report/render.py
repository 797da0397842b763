"""Write a brief as HTML (one file, charts embedded), Markdown (charts beside it) or PDF.

The PDF is WeasyPrint's rendering of the same HTML, so the two never disagree. Article text
reaches HTML only through Jinja2's autoescaping and Markdown only through ``md_escape``.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from .citations import SentenceRef
from .model import Brief, Chart, Paragraph, Table, Thin

FORMATS = {".html": "html", ".htm": "html", ".md": "markdown", ".pdf": "pdf"}


def output_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"a brief is written as .html, .md or .pdf, not {suffix or 'a file without a suffix'!r}")
    return FORMATS[suffix]


def _environment() -> Environment:
    return Environment(loader=PackageLoader("allegiance.report", "templates"),
                       autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)


def _view(block) -> dict:
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "statements": block.statements}
    if isinstance(block, Thin):
        return {"kind": "thin", "text": block.text, "cites": block.cites}
    if isinstance(block, Chart):
        return {"kind": "chart", "title": block.title, "caption": block.caption,
                "data": base64.b64encode(block.png).decode("ascii")}
    if isinstance(block, Table):
        return {"kind": "table", "columns": block.columns, "rows": block.rows, "caption": block.caption}
    raise TypeError(f"unknown block {type(block).__name__}")


def _evidence(brief: Brief) -> list[tuple[int, dict]]:
    out = []
    for n, ref in brief.citations.numbered():
        if isinstance(ref, SentenceRef):
            out.append((n, {"sentence": ref.text, "title": ref.title, "source": ref.source, "date": ref.date,
                            "article_id": ref.article_id, "sent_index": ref.sent_index, "url": _safe_url(ref.url)}))
        else:
            out.append((n, {"sentence": None, "description": ref.description}))
    return out


def _safe_url(url: str | None) -> str | None:
    """Only http(s) links become links: a javascript: URL stored with an article must stay text."""
    return url if url and re.match(r"^https?://", url, re.IGNORECASE) else None


def to_html(brief: Brief) -> str:
    sections = [{"key": s.key, "title": s.title, "blocks": [_view(b) for b in s.blocks]} for s in brief.sections]
    view = {"title": brief.title, "focus": brief.focus, "focus_name": brief.focus_name, "dyads": brief.dyads,
            "window": brief.window, "generated": brief.generated, "sections": sections, "evidence": _evidence(brief)}
    return _environment().get_template("brief.html.j2").render(brief=view)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def md_escape(text: str) -> str:
    """Markdown-inert text: specials backslash-escaped, line breaks folded (tables stay one line)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _md_cites(numbers: list[int]) -> str:
    return "".join(f" [\\[{n}\\]](#e{n})" for n in numbers)


def to_markdown(brief: Brief, chart_dir: Path | None, chart_prefix: str = "") -> str:
    """The brief in Markdown; charts are written into ``chart_dir`` and linked relatively."""
    lines = [f"# {md_escape(brief.title)}", ""]
    window = (f" · window {brief.window[0]} to {brief.window[1]}" if brief.window[0] else "")
    dyads = f" · dyads: {', '.join(f'{a}–{b}' for a, b in brief.dyads)}" if brief.dyads else ""
    lines += [f"*Focus: {md_escape(brief.focus_name)} ({brief.focus}){dyads}{window} · generated "
              f"{brief.generated:%Y-%m-%d %H:%M UTC} by allegiance*", ""]
    for section in brief.sections:
        lines += [f"## {md_escape(section.title)}", ""]
        for block in section.blocks:
            lines += _md_block(block, chart_dir, chart_prefix) + [""]
    lines += ["## Evidence", ""]
    for n, ref in _evidence(brief):
        anchor = f'<a id="e{n}"></a>{n}.'
        if ref["sentence"] is not None:
            where = f"{ref['title'] or 'untitled article'}, {ref['date'] or 'undated'} · article {ref['article_id']}, " \
                    f"sentence {ref['sent_index']}" + (f" · {ref['url']}" if ref["url"] else "")
            lines.append(f"{anchor} {md_escape(ref['sentence'])} — {md_escape(where)}")
        else:
            lines.append(f"{anchor} Data: {md_escape(ref['description'])}")
    return "\n".join(lines) + "\n"


def _md_block(block, chart_dir: Path | None, prefix: str) -> list[str]:
    if isinstance(block, Paragraph):
        return [" ".join(md_escape(s.text) + _md_cites(s.cites) for s in block.statements)]
    if isinstance(block, Thin):
        return [f"> **Thin data.** {md_escape(block.text)}{_md_cites(block.cites)}"]
    if isinstance(block, Chart):
        if chart_dir is None:
            return [f"*{md_escape(block.caption.text)}*{_md_cites(block.caption.cites)}"]
        chart_dir.mkdir(exist_ok=True)  # beside the Markdown file, whose folder exists
        (chart_dir / f"{block.name}.png").write_bytes(block.png)
        return [f"![{md_escape(block.title)}]({prefix}{block.name}.png)", "",
                f"*{md_escape(block.caption.text)}*{_md_cites(block.caption.cites)}"]
    if isinstance(block, Table):
        out = ["| " + " | ".join(md_escape(c) for c in block.columns) + " |",
               "|" + "---|" * len(block.columns)]
        out += ["| " + " | ".join(md_escape(c.text) + _md_cites(c.cites) for c in row) + " |" for row in block.rows]
        if block.caption:
            out += ["", f"*{md_escape(block.caption)}*"]
        return out
    raise TypeError(f"unknown block {type(block).__name__}")


def to_pdf(brief: Brief, path: Path) -> None:
    from weasyprint import HTML

    HTML(string=to_html(brief), base_url=str(path.parent)).write_pdf(str(path))


def write(brief: Brief, path: str | Path) -> Path:
    """Write ``brief`` in the format its suffix names; returns the path written."""
    path = Path(path)
    kind = output_format(path)  # the folder must exist: write_brief checks it before any work
    if kind == "html":
        path.write_text(to_html(brief), encoding="utf-8")
    elif kind == "markdown":
        folder = path.with_name(path.stem + "_charts")
        path.write_text(to_markdown(brief, folder, f"{folder.name}/"), encoding="utf-8")
    else:
        to_pdf(brief, path)
    return path
