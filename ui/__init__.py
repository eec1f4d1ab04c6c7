"""Streamlit helpers shared by the pages: cached loaders, the corpus picker, widgets, links, uploads.

Every module here imports Streamlit; what the pages need without it (tables, HTML, figures) is in lib/.
"""
