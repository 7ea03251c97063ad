"""The pinned map libraries: every CDN link Folium makes is inlined or dropped, files unchanged."""

from __future__ import annotations

import hashlib
import re

import folium
import folium.plugins
import pytest

from planner.render.offline import (
    ASSET_DIR,
    ASSETS,
    DROPPED_URLS,
    OfflineError,
    asset_text,
    external_refs,
    inline_assets,
)

USED_PLUGINS = (
    folium.plugins.MarkerCluster,
    folium.plugins.Fullscreen,
    folium.plugins.Search,
    folium.plugins.PolyLineTextPath,
    folium.plugins.FeatureGroupSubGroup,
)


def test_every_folium_link_we_use_is_pinned_or_dropped() -> None:
    """A Folium upgrade that moves a CDN link fails here, not on a phone without signal."""
    pinned = {a.url for a in ASSETS}
    urls = [u for _, u in folium.Map.default_js + folium.Map.default_css]
    for plugin in USED_PLUGINS:
        urls += [u for _, u in plugin.default_js + getattr(plugin, "default_css", [])]
    for url in urls:
        assert url in pinned or url in DROPPED_URLS, url


def test_pinned_files_match_the_readme_checksums_and_have_licences() -> None:
    """Every shipped file is listed in assets/README.md with its SHA-256, and each package's
    licence file is there."""
    readme = (ASSET_DIR / "README.md").read_text(encoding="utf-8")
    listed = {name: digest for digest, name in re.findall(r"^([0-9a-f]{64})  (\S+)$", readme, re.M)}
    shipped = {p.name for p in ASSET_DIR.iterdir() if p.name != "README.md"}
    assert set(listed) == shipped
    for name, digest in listed.items():
        assert hashlib.sha256((ASSET_DIR / name).read_bytes()).hexdigest() == digest, name
    for a in ASSETS:
        assert (ASSET_DIR / f"{a.package}.LICENSE").is_file(), a.package
        assert f"| {a.package} | {a.version} |" in readme


def test_css_images_become_data_uris() -> None:
    """The layer-control and search icons are embedded, so no image is fetched."""
    for a in ASSETS:
        if a.kind == "css":
            css = asset_text(a.url)
            refs = re.findall(r"url\(([^)]+)\)", css)
            assert all(r.startswith(("data:", "#")) for r in refs), (a.file, refs)


def test_unknown_cdn_link_is_an_error() -> None:
    """A script from an unknown URL is refused rather than left as a network dependency."""
    page = '<html><head><script src="https://cdn.example.invalid/x.js"></script></head></html>'
    with pytest.raises(OfflineError, match="no pinned copy"):
        inline_assets(page)
    assert external_refs('<link rel="stylesheet" href="//cdn.example.invalid/a.css"/>') == [
        "//cdn.example.invalid/a.css"
    ]


def test_inlined_folium_page_has_no_external_refs() -> None:
    """A plain Folium map with every plugin we use becomes fully self-contained."""
    m = folium.Map(tiles=None)
    group = folium.FeatureGroup().add_to(m)
    cluster = folium.plugins.MarkerCluster().add_to(m)  # type: ignore[no-untyped-call]
    folium.plugins.FeatureGroupSubGroup(group).add_to(m)  # type: ignore[no-untyped-call]
    folium.plugins.Fullscreen().add_to(m)  # type: ignore[no-untyped-call]
    folium.plugins.Search(cluster).add_to(m)  # type: ignore[no-untyped-call]
    line = folium.PolyLine([[0, 0], [1, 1]]).add_to(m)  # type: ignore[no-untyped-call]
    folium.plugins.PolyLineTextPath(line, ">").add_to(m)  # type: ignore[no-untyped-call]
    page = inline_assets(m.get_root().render())
    assert external_refs(page) == []
    assert "jquery" not in page.lower().split("<script>")[0]
    assert "L.Control.Search" in page and "MarkerClusterGroup" in page and "setText" in page
