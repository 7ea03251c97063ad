"""Make Folium's HTML work with no network: inline pinned JavaScript and CSS from `assets/`.

Folium links Leaflet and its plugins from CDNs. Field teams open the maps on phones and laptops
far from a signal, so every page we write carries its scripts and styles inline, taken from
the copies in `planner/render/assets/` (versions and licences in its README.md). Images the
CSS refers to (the layer-control icon, the search and fullscreen buttons) become data: URIs.
Libraries we do not use (jQuery, Bootstrap, Font Awesome, awesome-markers) are dropped: our
markers are DivIcons and CircleMarkers, and our popups are bound without jQuery.
A link to any URL not in the table below is an error, so a Folium upgrade that changes a CDN
address fails the tests instead of shipping a page that needs the internet.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Final

ASSET_DIR: Final[Path] = Path(__file__).resolve().parent / "assets"


@dataclass(frozen=True)
class Asset:
    """A pinned file that replaces one CDN URL; `images` maps CSS `url(...)` refs to files."""

    url: str
    file: str
    package: str
    version: str
    images: dict[str, str] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return "css" if self.file.endswith(".css") else "js"


_JSDELIVR = "https://cdn.jsdelivr.net/npm/"
_CDNJS_MC = "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/"

ASSETS: Final[tuple[Asset, ...]] = (
    Asset(_JSDELIVR + "leaflet@1.9.3/dist/leaflet.js", "leaflet.js", "leaflet", "1.9.3"),
    Asset(
        _JSDELIVR + "leaflet@1.9.3/dist/leaflet.css",
        "leaflet.css",
        "leaflet",
        "1.9.3",
        {
            "images/layers.png": "leaflet-images-layers.png",
            "images/layers-2x.png": "leaflet-images-layers-2x.png",
            "images/marker-icon.png": "leaflet-images-marker-icon.png",
        },
    ),
    Asset(
        _CDNJS_MC + "leaflet.markercluster.js",
        "leaflet.markercluster.js",
        "leaflet.markercluster",
        "1.1.0",
    ),
    Asset(
        _CDNJS_MC + "MarkerCluster.css",
        "leaflet.markercluster-MarkerCluster.css",
        "leaflet.markercluster",
        "1.1.0",
    ),
    Asset(
        _CDNJS_MC + "MarkerCluster.Default.css",
        "leaflet.markercluster-MarkerCluster.Default.css",
        "leaflet.markercluster",
        "1.1.0",
    ),
    Asset(
        _JSDELIVR + "leaflet.fullscreen@3.0.0/Control.FullScreen.min.js",
        "leaflet.fullscreen-Control.FullScreen.js",
        "leaflet.fullscreen",
        "3.0.0",
    ),
    Asset(
        _JSDELIVR + "leaflet.fullscreen@3.0.0/Control.FullScreen.css",
        "leaflet.fullscreen-Control.FullScreen.css",
        "leaflet.fullscreen",
        "3.0.0",
        {"icon-fullscreen.svg": "leaflet.fullscreen-icon-fullscreen.svg"},
    ),
    Asset(
        _JSDELIVR + "leaflet-search@2.9.7/dist/leaflet-search.min.js",
        "leaflet-search.min.js",
        "leaflet-search",
        "2.9.7",
    ),
    Asset(
        _JSDELIVR + "leaflet-search@2.9.7/dist/leaflet-search.min.css",
        "leaflet-search.min.css",
        "leaflet-search",
        "2.9.7",
        {
            "../images/search-icon.png": "leaflet-search-images-search-icon.png",
            "../images/loader.gif": "leaflet-search-images-loader.gif",
        },
    ),
    Asset(
        _JSDELIVR + "leaflet-textpath@1.2.3/leaflet.textpath.min.js",
        "leaflet-textpath.js",
        "leaflet-textpath",
        "1.2.3",
    ),
    Asset(
        "https://unpkg.com/leaflet.featuregroup.subgroup@1.0.2/dist/"
        "leaflet.featuregroup.subgroup.js",
        "leaflet.featuregroup.subgroup.js",
        "leaflet.featuregroup.subgroup",
        "1.0.2",
    ),
)

#: Folium's default links we do not need (see the module docstring); they are removed.
DROPPED_URLS: Final[frozenset[str]] = frozenset(
    {
        "https://code.jquery.com/jquery-3.7.1.min.js",
        "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js",
        "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/"
        "leaflet.awesome-markers.js",
        "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css",
        "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css",
        "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css",
        "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/"
        "leaflet.awesome-markers.css",
        "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/"
        "leaflet.awesome.rotate.min.css",
    }
)

_BY_URL: Final[dict[str, Asset]] = {a.url: a for a in ASSETS}
_SCRIPT_TAG = re.compile(r"""<script\s+src\s*=\s*["']([^"']+)["']\s*>\s*</script>""", re.I)
_LINK_TAG = re.compile(r"""<link\s+[^>]*href\s*=\s*["']([^"']+)["'][^>]*/?>""", re.I)
_SOURCE_MAP = re.compile(r"^\s*//# sourceMappingURL=\S+\s*$", re.M)
_MIME = {".png": "image/png", ".gif": "image/gif", ".svg": "image/svg+xml"}


class OfflineError(RuntimeError):
    """A page would load something from the network (a URL with no pinned copy)."""


def _data_uri(file: str) -> str:
    raw = (ASSET_DIR / file).read_bytes()
    return f"data:{_MIME[Path(file).suffix]};base64,{base64.b64encode(raw).decode('ascii')}"


@cache
def asset_text(url: str) -> str:
    """The pinned content for a CDN `url`, ready to inline (images as data: URIs)."""
    asset = _BY_URL[url]
    text = (ASSET_DIR / asset.file).read_text(encoding="utf-8")
    text = _SOURCE_MAP.sub("", text)
    for ref, file in asset.images.items():
        text = text.replace(f"url({ref})", f"url({_data_uri(file)})")
    if "</script" in text.lower() or "</style" in text.lower():
        raise OfflineError(f"{asset.file} cannot be inlined: it contains a closing tag")
    return text


def _inline_script(match: re.Match[str]) -> str:
    url = match.group(1)
    if url in DROPPED_URLS:
        return ""
    if url not in _BY_URL:
        raise OfflineError(f"no pinned copy of script {url}; add it to planner/render/assets")
    return (
        f"<script>/* {_BY_URL[url].package} {_BY_URL[url].version} */\n{asset_text(url)}\n</script>"
    )


def _inline_link(match: re.Match[str]) -> str:
    url = match.group(1)
    if not re.match(r"https?:", url, re.I):
        return match.group(0)
    if url in DROPPED_URLS:
        return ""
    if url not in _BY_URL:
        raise OfflineError(f"no pinned copy of stylesheet {url}; add it to planner/render/assets")
    return (
        f"<style>/* {_BY_URL[url].package} {_BY_URL[url].version} */\n{asset_text(url)}\n</style>"
    )


def inline_assets(html: str) -> str:
    """`html` with every CDN `<script src>` and `<link href>` replaced by the pinned content.

    Raises OfflineError for a script or stylesheet URL that has no pinned copy.
    """
    html = _SCRIPT_TAG.sub(_inline_script, html)
    html = _LINK_TAG.sub(_inline_link, html)
    left = external_refs(html)
    if left:
        raise OfflineError(f"external references left in the page: {left}")
    return html


def external_refs(html: str) -> list[str]:
    """URLs of scripts and stylesheets a page would fetch from the network."""
    refs = [m.group(1) for m in re.finditer(r"<script[^>]*\ssrc\s*=\s*[\"']([^\"']+)", html, re.I)]
    refs += [m.group(1) for m in _LINK_TAG.finditer(html)]
    return [u for u in refs if re.match(r"(https?:)?//", u, re.I)]
