"""What every page shares: the page config (tab icon) the app sets."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from tests.ui.helpers import open_app


def test_tab_icon_is_a_local_file_the_app_serves(data_dir, monkeypatch):
    configs = []
    real = st.set_page_config

    def record(**kwargs):
        configs.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(st, "set_page_config", record)
    open_app()
    [config] = configs
    icon = config["page_icon"]
    # an emoji or a :material/…: icon makes the browser ask fonts.gstatic.com or a CDN for it
    assert isinstance(icon, (str, Path)) and Path(icon).is_file(), icon
    assert Path(icon).suffix in (".png", ".svg", ".ico")
