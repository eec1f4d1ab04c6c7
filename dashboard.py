"""Dateline: explore news coverage of political travel. Run with `streamlit run dashboard.py`."""

import streamlit as st

from ui.data import corpus_picker
from ui.search import search_box

# An emoji favicon is drawn in the browser; a material one is fetched from Google Fonts (not offline).
st.set_page_config(page_title="Dateline", page_icon="🧭", layout="wide")

page = st.navigation(
    [
        st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("pages/map.py", title="Map", icon=":material/public:"),
        st.Page("pages/cooccurrence.py", title="Co-occurrence", icon=":material/hub:"),
        st.Page("pages/quotes.py", title="Quotes", icon=":material/format_quote:"),
        st.Page("pages/person.py", title="People", icon=":material/person:"),
        st.Page("pages/reader.py", title="Reader", icon=":material/article:"),
    ]
)
# The widgets every page shares; here, so that they belong to no single page (nor does ?corpus=).
corpus_picker()
search_box()
page.run()
