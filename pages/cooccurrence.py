"""Co-occurrence: who met whom, and which people, places, organisations and events the articles name
together."""

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lib import store_pairs as pairs
from lib import store_queries as q
from lib.charts import MAX_LABELS, heatmap, mention_timeline, network
from lib.cooccurrence import (
    ENTITY_TYPES,
    MEASURE_NAMES,
    WINDOWS,
    labels_for,
    pair_sizes,
    partners,
    top_entities,
)
from lib.markup import plain_html, plural
from lib.store import CorpusStore
from ui.data import corpus_store, per_store
from ui.navigation import PERSON_PAGE, PERSON_PARAM, person_urls, require_router, with_corpus
from ui.views import meeting_sentence, shared_excerpts

MEASURE_HELP = (
    "**Count**: windows naming both. **PMI** (pointwise mutual information, log2): how much more often "
    "the pair meets than if names were scattered at random; 0 = as often as chance, 1 = twice as often. "
    "**Jaccard**: windows naming both ÷ windows naming either, from 0 to 1."
)
MET, MENTIONED = "Met", "Mentioned together"
VIEW_HELP = (
    "**Met**: people the articles say met or are to meet (“X held talks with Y”), counted in articles. "
    "**Mentioned together**: names within one sentence, paragraph or article, whatever they did."
)
MAX_WINDOWS_SHOWN = 10  # excerpts listed for a pair; each reads and marks up its article
MAX_ENTITIES = 5_000  # entities the entity picker offers: the largest
TOP_PARTNERS = 15


@dataclass(frozen=True)
class Setting:
    """The sidebar's choice: met or named together (within what, which entities, scored how), the
    minimum count and how many entities are charted."""

    view: str
    window: str
    types: tuple[str, ...]
    measure: str
    min_count: int
    top_n: int

    @property
    def labels(self) -> tuple[str, ...]:
        """The spaCy labels of the chosen entity types."""
        return labels_for(self.types)


@per_store
def setting_scores(store: CorpusStore, setting: Setting) -> pd.DataFrame:
    """The scored pairs of a setting, strongest first: meetings counted in articles, or names scored by
    the measure (the first pairs.MAX_PAIRS)."""
    if setting.view == MET:
        return q.meeting_pairs(store, setting.min_count, limit=pairs.MAX_PAIRS)
    return pairs.scored_pairs(store, setting.window, setting.labels, setting.min_count, setting.measure)


@per_store
def entity_sizes(store: CorpusStore, setting: Setting) -> pd.Series:
    """Each charted entity's size: articles telling of their meetings, or mentions; largest first."""
    if setting.view == MET:
        return pair_sizes(setting_scores(store, setting))
    return pairs.mention_counts(store, setting.labels, limit=MAX_ENTITIES)


@per_store
def figures(store: CorpusStore, setting: Setting) -> tuple[list[str], go.Figure, go.Figure]:
    """The charted entities, the heatmap and the network of a setting (built once per setting)."""
    scored = setting_scores(store, setting)
    sizes = entity_sizes(store, setting)
    entities = top_entities(scored, sizes, setting.top_n)
    measure = "count" if setting.view == MET else setting.measure
    labels = q.main_labels(store, entities) if setting.view != MET else pd.Series("PERSON", index=sizes.index)
    return entities, heatmap(scored, entities, measure), network(scored, entities, sizes, labels)


@per_store
def entity_timeline(store: CorpusStore, entity: str) -> tuple[go.Figure, str | None]:
    """An entity's mentions over time (or per article when undated), and a caption if one is needed."""
    counts = q.entity_mention_counts(store, entity)
    return mention_timeline(counts.per_day, counts.undated, counts.per_title, entity)


def sidebar() -> Setting:
    """The sidebar's choices: met or named together; window, entity types and measure (for the latter),
    minimum count and entities charted."""
    with st.sidebar:
        st.subheader("Co-occurrence")
        view = st.segmented_control(
            "Show", [MET, MENTIONED], default=MET, key="view", bind="query-params", help=VIEW_HELP
        )
        mentioned = view != MET
        window = st.radio(
            "Together within",
            list(WINDOWS),
            key="window",
            bind="query-params",
            horizontal=True,
            disabled=not mentioned,
        )
        types = st.multiselect(
            "Entity types",
            list(ENTITY_TYPES),
            default=["people"],
            key="types",
            bind="query-params",
            disabled=not mentioned,
            help="People with people answers “who appears with whom”; add places to see where.",
        )
        # Bound widgets put their labels in the URL, so the options are the labels: ?measure=PMI.
        measure_name = st.radio(
            "Measure",
            list(MEASURE_NAMES.values()),
            key="measure",
            bind="query-params",
            horizontal=True,
            help=MEASURE_HELP,
            disabled=not mentioned,
        )
        min_count = st.number_input(
            "Minimum shared windows" if mentioned else "Minimum articles",
            1,
            100,
            1 if not mentioned else 2,
            key="min",
            bind="query-params",
        )
        top_n = st.slider("Entities in the chart", 5, 50, 20, key="top", bind="query-params")
    measure = {name: key for key, name in MEASURE_NAMES.items()}[measure_name]
    return Setting(view or MET, window, tuple(types), measure, int(min_count), int(top_n))


def body(store: CorpusStore, setting: Setting) -> None:
    """The heatmap or network of a setting, then the pair and entity sections."""
    met = setting.view == MET
    if not met and not setting.types:
        st.info("Choose at least one entity type in the sidebar.", icon=":material/filter_alt_off:")
        return
    if met or pairs.is_counted(store, setting.window, setting.labels):
        scored = setting_scores(store, setting)
    else:
        with st.spinner(
            f"Counting which {', '.join(setting.types)} are named together, once for this setting "
            "(a large corpus takes a minute; later visits are at once)…"
        ):
            scored = setting_scores(store, setting)
    if scored.empty:
        st.info(
            f"No two people met in at least {plural(setting.min_count, 'article')}. Lower the minimum, "
            "or show who is mentioned together."
            if met
            else f"No two {', '.join(setting.types)} are named together in at least "
            f"{plural(setting.min_count, setting.window)}. Lower the minimum, widen the window to "
            "paragraphs or articles, or add entity types.",
            icon=":material/hub:",
        )
        return
    entities, heat, net = figures(store, setting)
    # Lazy tabs (bound to ?chart=): only the tab on show is drawn.
    heat_tab, network_tab = st.tabs(["Heatmap", "Network"], key="chart", bind="query-params")
    if heat_tab.open:
        with heat_tab:
            st.plotly_chart(heat, key="heatmap")
    if network_tab.open:
        with network_tab:
            event = st.plotly_chart(net, key="network", on_select="rerun", selection_mode="points")
            open_person(store, event)
            unit = "articles telling of their meetings" if met else "mentions"
            line = "articles" if met else f"shared {setting.window}s"
            more = (
                f" Names beyond the {MAX_LABELS} largest show when you hover over their dot."
                if len(entities) > MAX_LABELS
                else ""
            )
            st.caption(f"Dot size: {unit}. Line width: {line}. Click a person to open their page.{more}")
    what = (
        "people with the most meetings"
        if met
        else "most mentioned entities with a pair that passes the filters"
    )
    st.caption(f"The {len(entities)} {what}." + ("" if met else f" {MEASURE_HELP}"))
    pair_section(store, scored, setting)
    entity_section(store, scored, setting)


def open_person(store: CorpusStore, event) -> None:
    """A click on a person's dot opens their page."""
    points = event.selection.points if event else []
    name = points[0].get("customdata") if points else None
    if isinstance(name, str) and q.known_people(store, [name]):
        st.switch_page(PERSON_PAGE, query_params=with_corpus({PERSON_PARAM: name}))


def rerun_if_corpus_changed(store: CorpusStore) -> None:
    """Rerun the whole page when a fragment's store is no longer the corpus's (a file was edited):
    excerpts come from the files as they are now, and must match the rows' offsets."""
    if corpus_store() is not store:
        st.rerun()


@st.fragment
def pair_section(store: CorpusStore, scored: pd.DataFrame, setting: Setting) -> None:
    """Pick a pair, read where the articles say they met or name both (a fragment: picking reruns only
    this part)."""
    rerun_if_corpus_changed(store)
    st.subheader("Where did they meet?" if setting.view == MET else "Where do they appear together?")
    top_pairs = scored.head(100)
    shared = dict(zip(zip(top_pairs["a"], top_pairs["b"], strict=True), top_pairs["count"], strict=True))
    pair = st.selectbox(
        "Pair", list(shared), format_func=lambda p: f"{p[0]} + {p[1]} ({shared[p]})", key="pair"
    )
    if pair is None:
        return
    if setting.view == MENTIONED:
        shared_excerpts(store, setting.window, *pair, limit=MAX_WINDOWS_SHOWN, total=shared[pair])
        return
    for row in q.pair_meetings(store, *pair, limit=MAX_WINDOWS_SHOWN).itertuples(index=False):
        meeting = pd.Series(row._asdict())
        with st.container(border=True):
            where = f" in {meeting['place']}" if meeting["place"] else ""
            when = f" · {meeting['when']:%Y-%m-%d}" if pd.notna(meeting["when"]) else ""
            what = plain_html(meeting["status"] + where + when)
            st.html(f"<p>{what} · <b>{plain_html(meeting['title'])}</b></p>")
            meeting_sentence(store, meeting)


def entity_partners(store: CorpusStore, scored: pd.DataFrame, setting: Setting, entity: str) -> pd.DataFrame:
    """An entity's strongest partners: among the meeting pairs, or counted by the store for a window."""
    if setting.view == MET:
        return partners(scored, entity).head(TOP_PARTNERS)
    return pairs.partners(
        store, entity, setting.window, setting.labels, setting.min_count, setting.measure, limit=TOP_PARTNERS
    )


@st.fragment
def entity_section(store: CorpusStore, scored: pd.DataFrame, setting: Setting) -> None:
    """Pick an entity, see its mentions over time and its partners (a fragment, like pair_section)."""
    rerun_if_corpus_changed(store)
    st.subheader("One entity")
    names = list(entity_sizes(store, setting).index[:MAX_ENTITIES])
    entity = st.selectbox("Entity", names, key="entity", bind="query-params")
    if not entity:
        return
    left, right = st.columns([3, 2])
    with left:
        figure, caption = entity_timeline(store, entity)
        st.plotly_chart(figure, key="entity_chart")
        if caption:
            st.caption(caption)
    with right:
        st.markdown("**Met**" if setting.view == MET else "**Top partners**")
        table = entity_partners(store, scored, setting, entity)
        if table.empty:
            st.caption("No partners pass the minimum count.")
            return
        people = q.known_people(store, table["partner"])
        links = [
            url if name in people else ""
            for url, name in zip(person_urls(table["partner"]), table["partner"], strict=True)
        ]
        st.dataframe(
            table.assign(page=links),
            hide_index=True,
            column_config={
                "partner": "Partner",
                "count": st.column_config.NumberColumn(
                    "Articles" if setting.view == MET else "Shared",
                    help="Articles telling of a meeting" if setting.view == MET else "Windows naming both",
                ),
                "score": None
                if setting.view == MET
                else st.column_config.NumberColumn("Score", format="%.3g"),
                "page": st.column_config.LinkColumn("Page", display_text="Open"),
            },
        )


def main() -> None:
    """The Co-occurrence page."""
    require_router()
    st.title("Co-occurrence")
    st.caption("Who met whom, and who and what the articles name together.")
    body(corpus_store(), sidebar())


main()
