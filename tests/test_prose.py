"""Shutdowns in sentences: what counts as one, and what never does."""

from __future__ import annotations

from sources.prose import deprecated_without_date, shutdowns


def test_shutdown_on_a_date_names_the_models_of_the_deprecation_sentence():
    text = ("Announced the deprecation of `a-1` and `b-2`. These models will shut down on February 26, 2027. "
            "Migrate to `c-3`.")
    [statement] = shutdowns(text, ("a-1", "b-2", "c-3"))
    assert (statement.models, statement.date.iso, statement.future, statement.replacement) == (
        ("a-1", "b-2"), "2027-02-26", True, ("c-3",))


def test_retired_without_on():
    [statement] = shutdowns("`claude-x` will be retired July 21, 2026.", ("claude-x",))
    assert statement.date.iso == "2026-07-21"


def test_effective_date_before_the_verb_and_a_following_list():
    text = "Effective April 4, 2026, the following models are no longer available. `m-1`. `m-2`. We recommend `m-3`."
    [statement] = shutdowns(text, ("m-1", "m-2", "m-3"))
    assert statement.models == ("m-1", "m-2") and statement.replacement == ("m-3",)


def test_an_unreadable_date_is_kept_with_its_problem():
    [statement] = shutdowns("`x` will shut down on September 31, 2026.", ("x",))
    assert statement.date.iso is None and "impossible" in statement.date.problem


def test_dates_that_are_not_shutdowns():
    assert shutdowns("Promotional pricing for `m` is available at least through November 21, 2026.", ("m",)) == []
    assert shutdowns("On June 17, 2026, we emailed users of `m`.", ("m",)) == []
    assert shutdowns("The models will shut down on February 26, 2027.", ()) == [], "no id, no statement"


def test_deprecated_without_a_date():
    assert deprecated_without_date("We deprecated `old-1`. Migrate to `new-1`.", ("old-1", "new-1")) == ["old-1"]


def test_bullets_are_sentences_and_ids_match_whole():
    text = "* Released `a-1`. * `b-2` will be shut down on June 1, 2026."
    [statement] = shutdowns(text, ("a-1", "b-2"))
    assert statement.models == ("b-2",)
    assert shutdowns("`gemini-1.5-flash-002` will be shut down on June 1, 2026.", ("gemini-1.5-flash",)) == []
