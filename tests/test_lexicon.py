"""The shared word lists (lib.lexicon) as the rules that read them see them. Every example is invented."""

from __future__ import annotations

from lib.derived import titles_before


def test_the_title_file_is_part_of_the_titles_every_rule_reads():
    """lib/data/name_titles.txt ("Sheriff", "Rabbi") counts as a title beside the office words, so a
    person's page shows it as the title the article gives them."""
    body = "Sheriff Dale Brantley closed the road. Rabbi Tova Hirsch led the vigil, and Mayor Ana Ruiz spoke."
    starts = [body.index(name) for name in ("Dale", "Tova", "Ana")]
    assert titles_before(body, starts) == {"Sheriff": 1, "Rabbi": 1, "Mayor": 1}
