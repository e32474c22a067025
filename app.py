"""claimcheck's Streamlit app: builds the services once, lays out the pages and the sidebar."""

from pathlib import Path

import streamlit as st

from ui.components import run_page
from ui.sidebar import render_sidebar
from ui.state import services, session_usage
from verifier.usage_scope import counting

# A local file, served by the app itself: for an emoji or a :material/…: icon the browser fetches
# the tab icon from a CDN, and nothing the app serves may reach outside the machine.
FAVICON = Path(__file__).parent / "ui" / "static" / "favicon.png"

st.set_page_config(page_title="claimcheck", page_icon=FAVICON, layout="wide")

PAGES = [
    st.Page("ui/chat.py", title="Chat", icon=":material/forum:", default=True),
    st.Page("ui/check.py", title="Check a claim", icon=":material/fact_check:"),
    st.Page("ui/claims.py", title="Claims", icon=":material/table_view:"),
    st.Page("ui/library.py", title="Library", icon=":material/library_books:"),
    st.Page("ui/reports.py", title="Reports", icon=":material/summarize:"),
]

page = st.navigation(PAGES)
# Calls made in this run count for this session only, not for others sharing the model.
with counting(session_usage()):
    page.run()
    # After the page, so the sidebar's token count includes what the page just spent.
    run_page(lambda: render_sidebar(services()))
