"""Getting around: the router guard, links to the Reader, and widgets whose values live in the URL."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from urllib.parse import urlencode

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from ui.data import CORPUS_PARAM, custom_folder

READER_PAGE = "pages/reader.py"
READER_URL_PATH = "reader"  # st.Page's default url_path for pages/reader.py
ARTICLE_PARAM = "article"


def require_router() -> None:
    """Run the page through dashboard.py even when Streamlit started it on its own.

    Because the pages live in `pages/`, the first session after a server start that opens a deep
    link (`/reader?article=...`) runs the page file directly, in Streamlit's legacy multipage mode,
    without the router (no page config, no corpus picker). Leaving that mode and rerunning sends the
    same URL through `st.navigation`. Renaming `pages/` would remove the need for this.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def reader_params(article_id: str) -> dict[str, str]:
    """Query parameters that open an article in the Reader, keeping a custom corpus folder."""
    params = {ARTICLE_PARAM: article_id}
    if custom_folder():
        params[CORPUS_PARAM] = custom_folder()
    return params


def reader_urls(article_ids: Iterable[str]) -> list[str]:
    """Relative URLs of the Reader showing each article (for link columns; one folder lookup in all)."""
    folder = custom_folder()
    extra = f"&{urlencode({CORPUS_PARAM: folder})}" if folder else ""
    return [
        f"{READER_URL_PATH}?{urlencode({ARTICLE_PARAM: article_id})}{extra}" for article_id in article_ids
    ]


def reader_link(article_id: str, label: str = "Read the whole article") -> None:
    """A link that opens an article in the Reader page."""
    st.page_link(READER_PAGE, label=label, icon=":material/article:", query_params=reader_params(article_id))


def _sync_url(param: str, values: list[str]) -> None:
    """Write a widget's values to the URL (removing the parameter when there are none)."""
    if st.query_params.get_all(param) == values:
        return
    if values:
        st.query_params[param] = values
    else:
        st.query_params.pop(param, None)


def url_multiselect(
    label: str,
    options: Sequence[str],
    *,
    key: str,
    format_func: Callable[[str], str] = str,
    **kwargs,
) -> list[str]:
    """A multiselect whose values (not its labels) live in the URL as `?key=a&key=b`.

    `bind="query-params"` would put the displayed labels in the URL, so labels with counts
    ("David Parker (4)") would break `?speaker=David+Parker` links whenever a count changed. Values a
    link asks for that are not among the options are left out, and kept in `unlisted_values(key)`
    until the selection changes, so that the page can say so.
    """
    if key not in st.session_state:
        wanted = list(dict.fromkeys(st.query_params.get_all(key)))
        st.session_state[key] = [value for value in wanted if value in options]
        st.session_state[_unlisted_key(key)] = [value for value in wanted if value not in options]
    elif any(value not in options for value in st.session_state[key]):
        st.session_state[key] = [value for value in st.session_state[key] if value in options]
    on_change = kwargs.pop("on_change", None)

    def changed(*args, **kw) -> None:
        forget_unlisted(key)
        if on_change is not None:
            on_change(*args, **kw)

    selected = st.multiselect(label, options, key=key, format_func=format_func, on_change=changed, **kwargs)
    _sync_url(key, selected)
    return selected


def _unlisted_key(key: str) -> str:
    return f"{key}__unlisted"  # not a widget key: it outlives the run in which the link was read


def unlisted_values(key: str) -> list[str]:
    """The values a link gave a url_multiselect that were not among its options."""
    return st.session_state.get(_unlisted_key(key), [])


def forget_unlisted(key: str) -> None:
    """Stop reporting a url_multiselect's unlisted values (the visitor has moved on)."""
    st.session_state.pop(_unlisted_key(key), None)


def url_selectbox(
    label: str,
    options: Sequence[str],
    *,
    key: str,
    format_func: Callable[[str], str] = str,
    **kwargs,
) -> str | None:
    """A selectbox whose value (not its label) lives in the URL as `?key=value`."""
    if key not in st.session_state or st.session_state[key] not in options:
        wanted = st.query_params.get(key)
        st.session_state[key] = wanted if wanted in options else (options[0] if options else None)
    selected = st.selectbox(label, options, key=key, format_func=format_func, **kwargs)
    _sync_url(key, [selected] if selected is not None else [])
    return selected
