"""What every page shares: the page config (tab icon) the app sets."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.commands import page_config

from tests.ui.helpers import open_app


def test_tab_icon_is_a_local_file_the_app_serves(data_dir, monkeypatch):
    configs, favicons = [], []
    real_config, real_favicon = st.set_page_config, page_config._get_favicon_string

    def record(**kwargs):
        configs.append(kwargs)
        return real_config(**kwargs)

    def record_favicon(icon):
        favicons.append(real_favicon(icon))
        return favicons[-1]

    monkeypatch.setattr(st, "set_page_config", record)
    monkeypatch.setattr(page_config, "_get_favicon_string", record_favicon)
    open_app()
    [config] = configs
    icon = config["page_icon"]
    # an emoji or a :material/…: icon makes the browser ask fonts.gstatic.com or a CDN for it
    assert isinstance(icon, (str, Path)) and Path(icon).is_file(), icon
    assert Path(icon).suffix in (".png", ".svg", ".ico")
    # what the browser is told: a URL on the app's own server
    assert favicons and all(f.startswith("/") and "/media/" in f for f in favicons), favicons
