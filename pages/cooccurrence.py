"""Co-occurrence: which people, places, organisations and events the articles name together."""

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lib.charts import MAX_LABELS, heatmap, mention_timeline, network
from lib.cooccurrence import (
    ENTITY_TYPES,
    MEASURE_NAMES,
    WINDOWS,
    labels_for,
    mention_counts,
    partners,
    scored_pairs,
    shared_windows,
)
from lib.derived import article_dates, article_titles
from lib.frames import CorpusFrames, per_corpus
from lib.markup import (
    LABEL_NAMES,
    Mark,
    caption_html,
    marked_html,
    paragraph_span,
    plain_html,
    sentence_span,
    text_block,
)
from ui.data import article_body, corpus_frames, current_folder
from ui.navigation import reader_link, require_router

MEASURE_HELP = (
    "**Count**: windows naming both. **PMI** (pointwise mutual information, log2): how much more often "
    "the pair meets than if names were scattered at random; 0 = as often as chance, 1 = twice as often. "
    "**Jaccard**: windows naming both ÷ windows naming either, from 0 to 1."
)
MAX_WINDOWS_SHOWN = 10  # excerpts listed for a pair; each reads and marks up its article


@per_corpus
def pair_scores(
    frames: CorpusFrames, window: str, labels: tuple[str, ...], min_count: int, measure: str
) -> pd.DataFrame:
    """Pairs passing the minimum count, scored by the measure (kept with the frames per setting)."""
    return scored_pairs(frames.mentions, window, labels, min_count, measure)


@per_corpus
def entity_sizes(frames: CorpusFrames, labels: tuple[str, ...]) -> pd.Series:
    """Mentions per entity of the chosen labels, most mentioned first."""
    return mention_counts(frames.mentions, labels)


def top_entities(scored: pd.DataFrame, mentions: pd.Series, n: int) -> list[str]:
    """The n most mentioned entities among those in at least one scored pair."""
    paired = set(scored["a"]) | set(scored["b"])
    return [name for name in mentions.index if name in paired][:n]


@per_corpus
def main_labels(frames: CorpusFrames) -> pd.Series:
    """Each entity's most frequent label (vectorised: a per-entity lambda cost ~0.8 s at 5,000 articles)."""
    counts = frames.mentions.groupby(["entity", "label"], observed=True).size().rename("n").reset_index()
    top = counts.sort_values(["n", "label"], ascending=[False, True]).drop_duplicates("entity")
    return top.set_index("entity")["label"]


def window_excerpt(body: str, rows: pd.DataFrame, window: str) -> tuple[int, int]:
    """The stretch of text to show for one shared window: its sentence, its paragraph or both mentions."""
    first, last = int(rows["start"].min()), int(rows["end"].max())
    bounds = paragraph_span(body, int(rows["paragraph"].iloc[0]))
    lo, hi = bounds if bounds else (0, len(body))
    if window == "sentence":
        return sentence_span(body, first, last, lo, hi)
    if window == "paragraph":
        return lo, hi
    return sentence_span(body, first, last, 0, len(body))


def merged_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character spans in text order, overlapping ones joined (two names in one sentence show it once)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def show_shared(frames: CorpusFrames, window: str, a: str, b: str) -> None:
    """The places in the text where both entities appear, each with a link to the Reader."""
    found = shared_windows(frames.mentions, window, a, b)
    keys = list(WINDOWS[window])
    titles = frames.articles.set_index("article_id")
    groups = list(found.groupby(keys, sort=False))
    st.html(caption_html(plain_html(f"{len(groups)} {window}(s) name both {a} and {b}.")))
    for index, (key, rows) in enumerate(groups[:MAX_WINDOWS_SHOWN]):
        article_id = key[0] if isinstance(key, tuple) else key
        article = titles.loc[article_id]
        with st.container(border=True):
            st.html(f"<p><b>{plain_html(article['title'] or article_id)}</b></p>")
            body = article_body(current_folder(), article["file"])
            if window == "article":
                # Whole articles are long: show the first sentence naming each entity.
                pieces = [rows[rows["entity"] == name].head(1) for name in (a, b)]
            else:
                pieces = [rows]
            marks = [
                Mark(r.start, r.end, r.label, r.entity) for r in rows.itertuples() if r.label in LABEL_NAMES
            ]
            for lo, hi in merged_spans(window_excerpt(body, piece, window) for piece in pieces):
                st.html(text_block(marked_html(body, marks, lo, hi)))
            reader_link(article_id, label="Read the article")
        if index == MAX_WINDOWS_SHOWN - 1 and len(groups) > MAX_WINDOWS_SHOWN:
            st.caption(f"The first {MAX_WINDOWS_SHOWN} of {len(groups)}.")


@per_corpus
def entity_timeline(frames: CorpusFrames, entity: str) -> tuple[go.Figure, str | None]:
    """An entity's mentions over time (or per article when undated), and a caption if one is needed
    (built once per entity: the entity picker reruns often)."""
    articles = frames.mentions.loc[frames.mentions["entity"] == entity, "article_id"]
    return mention_timeline(articles.map(article_dates(frames)), articles.map(article_titles(frames)), entity)


def show_entity(frames: CorpusFrames, scored: pd.DataFrame, entity: str) -> None:
    """An entity's mentions over time (or per article when undated) and its strongest partners."""
    left, right = st.columns([3, 2])
    with left:
        figure, caption = entity_timeline(frames, entity)
        st.plotly_chart(figure, key="entity_chart")
        if caption:
            st.caption(caption)
    with right:
        st.markdown("**Top partners**")
        table = partners(scored, entity).head(15)
        if table.empty:
            st.caption("No partners pass the minimum count.")
        else:
            st.dataframe(
                table,
                hide_index=True,
                column_config={
                    "partner": "Partner",
                    "count": st.column_config.NumberColumn("Shared", help="Windows naming both"),
                    "score": st.column_config.NumberColumn("Score", format="%.3g"),
                },
            )


def main() -> None:
    """The Co-occurrence page."""
    require_router()
    st.title("Co-occurrence")
    st.caption("Who and what the articles name together, within a sentence, a paragraph or an article.")
    frames = corpus_frames()
    with st.sidebar:
        st.subheader("Co-occurrence")
        window = st.radio(
            "Together within",
            list(WINDOWS),
            key="window",
            bind="query-params",
            horizontal=True,
        )
        types = st.multiselect(
            "Entity types",
            list(ENTITY_TYPES),
            default=["people", "places", "organisations"],
            key="types",
            bind="query-params",
        )
        # Bound widgets put their labels in the URL, so the options are the labels: ?measure=PMI.
        measure_name = st.radio(
            "Measure",
            list(MEASURE_NAMES.values()),
            key="measure",
            bind="query-params",
            horizontal=True,
            help=MEASURE_HELP,
        )
        measure = {name: key for key, name in MEASURE_NAMES.items()}[measure_name]
        min_count = st.number_input("Minimum shared windows", 1, 100, 2, key="min", bind="query-params")
        top_n = st.slider("Entities in the chart", 5, 50, 20, key="top", bind="query-params")
    if not types:
        st.info("Choose at least one entity type in the sidebar.", icon=":material/filter_alt_off:")
        return
    labels = labels_for(types)
    scored = pair_scores(frames, window, labels, int(min_count), measure)
    if scored.empty:
        st.info(
            f"No two {', '.join(types)} are named together in at least {min_count} {window}(s). "
            "Lower the minimum, widen the window to paragraphs or articles, or add entity types.",
            icon=":material/hub:",
        )
        return
    entities, names = charted_entities(frames, window, labels, int(min_count), measure, int(top_n))
    setting = (window, labels, int(min_count), measure, int(top_n))
    # Lazy tabs (bound to ?chart=): only the tab on show is computed.
    heat_tab, network_tab = st.tabs(["Heatmap", "Network"], key="chart", bind="query-params")
    if heat_tab.open:
        with heat_tab:
            st.plotly_chart(heatmap_figure(frames, *setting), key="heatmap")
    if network_tab.open:
        with network_tab:
            st.plotly_chart(network_figure(frames, *setting), key="network")
            st.caption(
                f"Dot size: mentions. Line width: shared {window}s. Names beyond the {MAX_LABELS} most "
                "mentioned show when you hover over their dot."
                if len(entities) > MAX_LABELS
                else f"Dot size: mentions. Line width: shared {window}s."
            )
    st.caption(
        f"The {len(entities)} most mentioned entities with a pair that passes the filters. {MEASURE_HELP}"
    )
    pair_section(frames, scored, window)
    entity_section(frames, scored, names)


@per_corpus
def charted_entities(
    frames: CorpusFrames, window: str, labels: tuple[str, ...], min_count: int, measure: str, top_n: int
) -> tuple[list[str], list[str]]:
    """The entities in the charts, and every paired entity (most mentioned first), for one setting."""
    scored = pair_scores(frames, window, labels, min_count, measure)
    sizes = entity_sizes(frames, labels)
    paired = set(scored["a"].unique()) | set(scored["b"].unique())
    return top_entities(scored, sizes, top_n), [name for name in sizes.index if name in paired]


@per_corpus
def heatmap_figure(
    frames: CorpusFrames, window: str, labels: tuple[str, ...], min_count: int, measure: str, top_n: int
) -> go.Figure:
    """The heatmap for one sidebar setting (built once per setting, then only read)."""
    entities, _ = charted_entities(frames, window, labels, min_count, measure, top_n)
    return heatmap(pair_scores(frames, window, labels, min_count, measure), entities, measure)


@per_corpus
def network_figure(
    frames: CorpusFrames, window: str, labels: tuple[str, ...], min_count: int, measure: str, top_n: int
) -> go.Figure:
    """The network for one sidebar setting (built once per setting, then only read)."""
    entities, _ = charted_entities(frames, window, labels, min_count, measure, top_n)
    scored = pair_scores(frames, window, labels, min_count, measure)
    return network(scored, entities, entity_sizes(frames, labels), main_labels(frames))


def rerun_if_corpus_changed(frames: CorpusFrames) -> None:
    """Rerun the whole page when a fragment's frames are no longer the corpus's (a file was edited):
    excerpts come from the files as they are now, and must match the rows' offsets."""
    if corpus_frames() is not frames:
        st.rerun()


@st.fragment
def pair_section(frames: CorpusFrames, scored: pd.DataFrame, window: str) -> None:
    """Pick a pair, read where the articles name both (a fragment: picking reruns only this part)."""
    rerun_if_corpus_changed(frames)
    st.subheader("Where do they appear together?")
    top_pairs = scored.head(100)
    shared = dict(zip(zip(top_pairs["a"], top_pairs["b"], strict=True), top_pairs["count"], strict=True))
    pair = st.selectbox(
        "Pair", list(shared), format_func=lambda p: f"{p[0]} + {p[1]} ({shared[p]})", key="pair"
    )
    if pair is not None:
        show_shared(frames, window, *pair)


@st.fragment
def entity_section(frames: CorpusFrames, scored: pd.DataFrame, names: list[str]) -> None:
    """Pick an entity, see its mentions over time and partners (a fragment, like pair_section)."""
    rerun_if_corpus_changed(frames)
    st.subheader("One entity")
    entity = st.selectbox("Entity", names, key="entity", bind="query-params")
    if entity:
        show_entity(frames, scored, entity)


main()
