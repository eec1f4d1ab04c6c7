"""Streamlit helpers shared by the pages: cached loaders, the corpus picker, HTML marking, links."""
