"""Read a rendered Folium page the way a browser would: popups, tooltips, layers, icons.

Popups, tooltips, layer names and icons reach the page as JSON strings inside the map script;
these helpers decode them and turn their HTML into the text a user would see.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

_JSON_STR = r'("(?:[^"\\]|\\.)*")'


def map_script(page: str) -> str:
    """The page's own map script (the last script block, after the inlined libraries)."""
    start = page.rfind("<script>")
    return page[start:]


def _json_args(page: str, call: str) -> list[str]:
    pattern = re.escape(call) + r"\(\s*" + _JSON_STR
    return [json.loads(m.group(1)) for m in re.finditer(pattern, map_script(page))]


def popups(page: str) -> list[str]:
    """HTML of every popup, in page order."""
    return _json_args(page, ".bindPopup")


def tooltips(page: str) -> list[str]:
    """HTML of every tooltip bound to a marker or line, in page order."""
    return _json_args(page, ".bindTooltip")


def overlay_names(page: str) -> list[str]:
    """Visible names of the overlay layers in the layer control, in order."""
    block = re.search(r"overlays\s*:\s*\{(.*?)\n\s*\},", map_script(page), re.S)
    assert block, "no layer control in the page"
    keys = re.findall(r"^\s*" + _JSON_STR + r"\s*:", block.group(1), re.M)
    return [text_of(json.loads(k)) for k in keys]


def geojson_layers(page: str) -> list[dict[str, Any]]:
    """The GeoJSON FeatureCollections embedded in the page, in order."""
    out = []
    for m in re.finditer(r"_add\((\{.*?\})\);", map_script(page)):
        data = json.loads(m.group(1))
        if data.get("type") == "FeatureCollection":
            out.append(data)
    return out


def div_icons(page: str) -> list[str]:
    """HTML of every DivIcon, in page order."""
    return [json.loads(m) for m in re.findall(r'"html":\s*' + _JSON_STR, map_script(page))]


def stop_numbers(page: str) -> list[int]:
    """Numbers shown on the stop markers, in page order."""
    return [int(text_of(h)) for h in div_icons(page) if 'class="ikd-stop"' in h]


def legend_html(page: str) -> str:
    """HTML of the legend control."""
    m = re.search(r"div\.innerHTML\s*=\s*" + _JSON_STR, map_script(page))
    assert m, "no legend in the page"
    return str(json.loads(m.group(1)))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "br":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of(fragment: str) -> str:
    """The text a browser shows for an HTML fragment (tags dropped, entities decoded)."""
    p = _Text()
    p.feed(fragment)
    p.close()
    return "".join(p.parts).strip()


def tags_of(fragment: str) -> set[str]:
    """Element names an HTML fragment creates."""
    p = _Text()
    p.feed(fragment)
    p.close()
    return set(p.tags)
