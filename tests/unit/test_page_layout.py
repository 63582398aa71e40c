"""The staff pages share one frame (helpdesk/web/page_layout.py): each renders to a whole
document with the header, login form and scripts that common.js and its own script use."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from helpdesk.web.page_layout import render
from helpdesk.web.site_pages import STAFF_PAGES

FRAME_IDS = {"who", "logout", "login-panel", "login-form", "username", "password",
             "login-error"}


class Outline(HTMLParser):
    """The ids in the document, which of them sit in <header>, and the scripts in order."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.in_header: set[str] = set()
        self.scripts: list[str] = []
        self._header_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "header":
            self._header_depth += 1
        if found.get("id"):
            self.ids.append(found["id"] or "")
            if self._header_depth:
                self.in_header.add(found["id"] or "")
        if tag == "script":
            self.scripts.append(found.get("src") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "header":
            self._header_depth -= 1


@pytest.mark.parametrize("name", sorted(STAFF_PAGES))
def test_a_staff_page_is_its_own_part_in_the_shared_frame(name: str) -> None:
    _, page = STAFF_PAGES[name]
    document = render(page)
    outline = Outline()
    outline.feed(document)
    assert document.startswith("<!doctype html>") and document.endswith("</html>\n")
    assert "${" not in document and "<!-- header -->" not in document
    assert f"<title>{page.title} — Helpdesk</title>" in document
    assert f"<h1>{page.heading}</h1>" in document
    assert set(outline.ids) >= FRAME_IDS
    assert len(outline.ids) == len(set(outline.ids)), "an id twice"
    assert {"who", "logout"} <= outline.in_header
    assert outline.scripts[-2:] == ["/static/common.js", f"/static/{page.script}"]


def test_the_consoles_controls_are_in_the_header() -> None:
    outline = Outline()
    outline.feed(render(STAFF_PAGES["agent_console"][1]))
    assert {"presence-box", "presence", "live"} <= outline.in_header
    assert "tabs" in outline.ids and "tabs" not in outline.in_header
