"""The staff pages (console, FAQ editor, dashboard, audit log) in one frame.

Every staff page has the same head, header (title, links to other pages, who is logged in,
log out) and login form; they are written once, in pages/staff_frame.html, and each page's
file in pages/ holds only its own part: a note to the reader, optionally a
`<!-- header -->...<!-- /header -->` block of controls for the header (the console's
presence and live badge), then its content. The ids the pages' scripts and common.js use
(`who`, `logout`, `login-panel`, `login-form`, `username`, `password`, `login-error`) are
the frame's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from string import Template

PAGES = Path(__file__).parent / "pages"
FRAME = "staff_frame.html"
_NOTE = re.compile(r"\A\s*<!--.*?-->\s*", re.DOTALL)  # the file's note to the reader
_HEADER = re.compile(r"\A<!-- header -->\n(.*?)<!-- /header -->\n", re.DOTALL)


@dataclass(frozen=True)
class StaffPage:
    file: str  # the page's own part, in pages/
    title: str  # the window's title, before " — Helpdesk"
    heading: str
    styles: tuple[str, ...]  # in pages/, served under /static/
    script: str  # the page's own script, after common.js
    links: tuple[tuple[str, str], ...] = ()  # (path, text) of other pages in the header
    vendor_scripts: tuple[str, ...] = ()  # kept libraries, before common.js


def render(page: StaffPage, pages: Path = PAGES) -> str:
    """The whole HTML document of PAGE."""
    own = _NOTE.sub("", (pages / page.file).read_text(encoding="utf-8"), count=1)
    header = _HEADER.match(own)
    controls, content = (header.group(1), own[header.end():]) if header else ("", own)
    scripts = [*(f"/vendor/{name}" for name in page.vendor_scripts), "/static/common.js",
               f"/static/{page.script}"]
    links = " ".join(f'<a href="{path}">{escape(text)}</a>' for path, text in page.links)
    frame = Template((pages / FRAME).read_text(encoding="utf-8"))
    return frame.substitute(
        title=escape(page.title), heading=escape(page.heading),
        styles="\n".join(f'<link rel="stylesheet" href="/static/{name}">'
                         for name in page.styles),
        links=f'  <nav aria-label="Pages">{links}</nav>\n' if links else "",
        controls=controls, content=content,
        scripts="".join(f'<script src="{src}"></script>\n' for src in scripts).rstrip("\n"))
