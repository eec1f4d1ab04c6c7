"""Co-occurrence: which people, places, organisations and events the articles name together."""

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lib.charts import MAX_LABELS, heatmap, mention_timeline, network
from lib.cooccurrence import (
    ENTITY_TYPES,
    MEASURE_NAMES,
    WINDOWS,
    excerpt_spans,
    labels_for,
    main_labels,
    mention_counts,
    partners,
    scored_pairs,
    shared_windows,
    top_entities,
)
from lib.derived import article_dates, article_titles
from lib.frames import CorpusFrames, per_corpus
from lib.markup import LABEL_NAMES, Mark, caption_html, marked_html, plain_html, text_block
from ui.data import article_body, corpus_frames, current_folder
from ui.navigation import reader_link, require_router

MEASURE_HELP = (
    "**Count**: windows naming both. **PMI** (pointwise mutual information, log2): how much more often "
    "the pair meets than if names were scattered at random; 0 = as often as chance, 1 = twice as often. "
    "**Jaccard**: windows naming both ÷ windows naming either, from 0 to 1."
)
MAX_WINDOWS_SHOWN = 10  # excerpts listed for a pair; each reads and marks up its article


@dataclass(frozen=True)
class Setting:
    """The sidebar's choice: which entities, named together within what, scored how, how many charted."""

    window: str
    types: tuple[str, ...]
    measure: str
    min_count: int
    top_n: int

    @property
    def labels(self) -> tuple[str, ...]:
        """The spaCy labels of the chosen entity types."""
        return labels_for(self.types)


@per_corpus
def pair_scores(
    frames: CorpusFrames, window: str, labels: tuple[str, ...], min_count: int, measure: str
) -> pd.DataFrame:
    """Pairs passing the minimum count, scored by the measure (kept with the frames per setting)."""
    return scored_pairs(frames.mentions, window, labels, min_count, measure)


def setting_scores(frames: CorpusFrames, setting: Setting) -> pd.DataFrame:
    """The scored pairs of a setting (shared by every number of entities charted)."""
    return pair_scores(frames, setting.window, setting.labels, setting.min_count, setting.measure)


@per_corpus
def entity_sizes(frames: CorpusFrames, labels: tuple[str, ...]) -> pd.Series:
    """Mentions per entity of the chosen labels, most mentioned first."""
    return mention_counts(frames.mentions, labels)


@per_corpus
def entity_labels(frames: CorpusFrames) -> pd.Series:
    """Each entity's most frequent label (built once per corpus)."""
    return main_labels(frames.mentions)


@per_corpus
def charted_entities(frames: CorpusFrames, setting: Setting) -> tuple[list[str], list[str]]:
    """The entities in the charts, and every paired entity (most mentioned first), for one setting."""
    scored = setting_scores(frames, setting)
    sizes = entity_sizes(frames, setting.labels)
    paired = set(scored["a"].unique()) | set(scored["b"].unique())
    return top_entities(scored, sizes, setting.top_n), [name for name in sizes.index if name in paired]


@per_corpus
def heatmap_figure(frames: CorpusFrames, setting: Setting) -> go.Figure:
    """The heatmap for one sidebar setting (built once per setting, then only read)."""
    entities, _ = charted_entities(frames, setting)
    return heatmap(setting_scores(frames, setting), entities, setting.measure)


@per_corpus
def network_figure(frames: CorpusFrames, setting: Setting) -> go.Figure:
    """The network for one sidebar setting (built once per setting, then only read)."""
    entities, _ = charted_entities(frames, setting)
    sizes = entity_sizes(frames, setting.labels)
    return network(setting_scores(frames, setting), entities, sizes, entity_labels(frames))


@per_corpus
def entity_timeline(frames: CorpusFrames, entity: str) -> tuple[go.Figure, str | None]:
    """An entity's mentions over time (or per article when undated), and a caption if one is needed
    (built once per entity: the entity picker reruns often)."""
    articles = frames.mentions.loc[frames.mentions["entity"] == entity, "article_id"]
    return mention_timeline(articles.map(article_dates(frames)), articles.map(article_titles(frames)), entity)


def sidebar() -> Setting:
    """The sidebar's choices: window, entity types, measure, minimum count and entities charted."""
    with st.sidebar:
        st.subheader("Co-occurrence")
        window = st.radio(
            "Together within", list(WINDOWS), key="window", bind="query-params", horizontal=True
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
        min_count = st.number_input("Minimum shared windows", 1, 100, 2, key="min", bind="query-params")
        top_n = st.slider("Entities in the chart", 5, 50, 20, key="top", bind="query-params")
    measure = {name: key for key, name in MEASURE_NAMES.items()}[measure_name]
    return Setting(window, tuple(types), measure, int(min_count), int(top_n))


def body(frames: CorpusFrames, setting: Setting) -> None:
    """The heatmap or network of a setting, then the pair and entity sections."""
    if not setting.types:
        st.info("Choose at least one entity type in the sidebar.", icon=":material/filter_alt_off:")
        return
    scored = setting_scores(frames, setting)
    if scored.empty:
        st.info(
            f"No two {', '.join(setting.types)} are named together in at least {setting.min_count} "
            f"{setting.window}(s). Lower the minimum, widen the window to paragraphs or articles, or add "
            "entity types.",
            icon=":material/hub:",
        )
        return
    entities, names = charted_entities(frames, setting)
    # Lazy tabs (bound to ?chart=): only the tab on show is computed.
    heat_tab, network_tab = st.tabs(["Heatmap", "Network"], key="chart", bind="query-params")
    if heat_tab.open:
        with heat_tab:
            st.plotly_chart(heatmap_figure(frames, setting), key="heatmap")
    if network_tab.open:
        with network_tab:
            st.plotly_chart(network_figure(frames, setting), key="network")
            st.caption(
                f"Dot size: mentions. Line width: shared {setting.window}s. Names beyond the {MAX_LABELS} "
                "most mentioned show when you hover over their dot."
                if len(entities) > MAX_LABELS
                else f"Dot size: mentions. Line width: shared {setting.window}s."
            )
    st.caption(
        f"The {len(entities)} most mentioned entities with a pair that passes the filters. {MEASURE_HELP}"
    )
    pair_section(frames, scored, setting.window)
    entity_section(frames, scored, names)


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
            marks = [
                Mark(r.start, r.end, r.label, r.entity) for r in rows.itertuples() if r.label in LABEL_NAMES
            ]
            for lo, hi in excerpt_spans(body, rows, window, a, b):
                st.html(text_block(marked_html(body, marks, lo, hi)))
            reader_link(article_id, label="Read the article")
        if index == MAX_WINDOWS_SHOWN - 1 and len(groups) > MAX_WINDOWS_SHOWN:
            st.caption(f"The first {MAX_WINDOWS_SHOWN} of {len(groups)}.")


@st.fragment
def entity_section(frames: CorpusFrames, scored: pd.DataFrame, names: list[str]) -> None:
    """Pick an entity, see its mentions over time and partners (a fragment, like pair_section)."""
    rerun_if_corpus_changed(frames)
    st.subheader("One entity")
    entity = st.selectbox("Entity", names, key="entity", bind="query-params")
    if entity:
        show_entity(frames, scored, entity)


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
    body(corpus_frames(), sidebar())


main()
