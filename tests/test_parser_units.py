"""The parser's components alone: sentences, polarity, owners, peer team lines, sections."""

from __future__ import annotations

import pytest

from importers.blocks import BlockKind, RawBlock, build_document
from importers.model import Polarity, SentencePolarity
from importers.owners import canonical_owner, find_owner_roles
from importers.peer_team import parse_member_line
from importers.polarity import passage_polarity, sentence_polarity
from importers.recommendations import recommending_sentences
from importers.sections import Part, walk_sections
from importers.sentences import split_sentences


def test_sentences_are_offsets_that_cut_back_out() -> None:
    text = "Staff are proud, e.g. of the MDT. However, waits are long! Is it safe? Yes."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Staff are proud, e.g. of the MDT.",
        "However, waits are long!",
        "Is it safe?",
        "Yes.",
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("There is an effective helpline and this is a critical component of the service.", "strength"),
        ("Staff are passionate and committed to good outcomes.", "strength"),
        ("Direct Payments are recorded as significantly below the England average.", "area_for_development"),
        (
            "The process for Direct Payments was not well understood or embedded in teams.",
            "area_for_development",
        ),
        ("Whilst the prevention offer is strong, the grant could be better used.", "area_for_development"),
        ("The team met the council on 19 June.", "neutral"),
    ],
)
def test_sentence_polarity(sentence: str, expected: str) -> None:
    assert sentence_polarity(sentence) is SentencePolarity(expected)


def test_a_paragraph_that_praises_then_criticises_is_mixed() -> None:
    paragraph = (
        "There is an effective helpline and this is a critical component of the service. "
        "However, others were more critical of the helpline, describing it as pot luck."
    )
    assert passage_polarity(paragraph) is Polarity.MIXED
    # A distinct criticism makes it mixed under a Strengths heading too.
    assert passage_polarity(paragraph, prior=Polarity.STRENGTH) is Polarity.MIXED


def test_a_strength_bullet_that_only_criticises_is_an_area_for_development() -> None:
    bullet = "One safeguarding record was considered to have lost focus and lacked clear risk analysis."
    assert passage_polarity(bullet, prior=Polarity.STRENGTH) is Polarity.AREA_FOR_DEVELOPMENT


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        (
            "senior representation (most probably by the DASS) should be on the ICO Executive",
            ["DASS", "ICO Executive"],
        ),
        (
            "The Principal Social Worker and the Lead Member should",
            ["Principal Social Worker", "Portfolio Holder"],
        ),
        (
            "agreed with the Integrated Care Board and the new S75 Joint Executive Group",
            ["ICB", "S75 Executive Group"],
        ),
        ("the Safeguarding Adults Board (SAB) should review", ["Safeguarding Adults Board"]),
        ("staff should be told", []),
    ],
)
def test_owner_roles_are_canonical(text: str, roles: list[str]) -> None:
    assert find_owner_roles(text) == roles


def test_a_short_owner_cell_maps_to_one_role() -> None:
    assert canonical_owner("Director of Adult Social Services") == "DASS"
    assert canonical_owner("Cabinet Member for Adults") == "Portfolio Holder"
    assert canonical_owner("Jane Smith") is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Alan Sinclair (Lead Peer), Director of Adults & Health, West Sussex County Council.",
            [("Alan Sinclair", "Lead Peer", "Director of Adults & Health", "West Sussex County Council")],
        ),
        (
            "Councillor Izzi Seccombe (Member Peer), Leader of Warwickshire County Council & LGA Vice-Chair.",
            [
                (
                    "Izzi Seccombe",
                    "Member Peer",
                    "Leader of Warwickshire County Council & LGA Vice-Chair",
                    "Warwickshire County Council",
                )
            ],
        ),
        (
            "**Karen Fuller**, Corporate Director for Adult Social Care, Oxfordshire County Council",
            [
                (
                    "Karen Fuller",
                    "Officer Peer",
                    "Corporate Director for Adult Social Care",
                    "Oxfordshire County Council",
                )
            ],
        ),
        (
            "Gavin Butler* and Alex Pitcher PSW and Practice improvement lead, Cheshire West and Chester Council",
            [
                (
                    "Gavin Butler",
                    "Officer Peer",
                    "PSW and Practice improvement lead",
                    "Cheshire West and Chester Council",
                ),
                (
                    "Alex Pitcher",
                    "Officer Peer",
                    "PSW and Practice improvement lead",
                    "Cheshire West and Chester Council",
                ),
            ],
        ),
        (
            "Cllr Keith Cunliffe Deputy Leader and Adult Social Care Portfolio, Wigan Council",
            [
                (
                    "Keith Cunliffe",
                    "Member Peer",
                    "Deputy Leader and Adult Social Care Portfolio",
                    "Wigan Council",
                )
            ],
        ),
        (
            "Chris Rowland, LGA Peer Challenge Manager.",
            [("Chris Rowland", "Challenge Manager", "LGA Peer Challenge Manager", None)],
        ),
    ],
)
def test_peer_team_lines(line: str, expected: list[tuple[str, str, str | None, str | None]]) -> None:
    members = parse_member_line(line)
    assert [(m.name, m.team_role, m.job_title, m.organisation) for m in members] == expected


def test_recommending_sentences_pick_out_advice() -> None:
    text = (
        "Carers leads are embedded in all networks. The council should review respite sufficiency. "
        "Consideration should be given to a provider forum."
    )
    assert [text[s:e] for s, e in recommending_sentences(text)] == [
        "The council should review respite sufficiency.",
        "Consideration should be given to a provider forum.",
    ]


def _document(*blocks: tuple[BlockKind, str]):  # type: ignore[no-untyped-def]
    return build_document("t", "text", [RawBlock(kind, text) for kind, text in blocks])


def test_theme_titles_in_the_background_are_not_theme_sections() -> None:
    document = _document(
        (BlockKind.HEADING, "Care Quality Commission Assurance themes"),
        (BlockKind.HEADING, "Theme 1: Working with people"),
        (BlockKind.PARAGRAPH, "This theme covers:"),
        (BlockKind.HEADING, "Key messages"),
        (BlockKind.PARAGRAPH, "Staff are committed."),
        (BlockKind.HEADING, "Theme 3: Ensuring safety"),
        (BlockKind.HEADING, "Strengths"),
        (BlockKind.PARAGRAPH, "Safeguarding is strong."),
        (BlockKind.LIST_ITEM, "Leadership"),
        (BlockKind.PARAGRAPH, "Leaders are visible."),
    )
    contexts = {block.text: context for block, context, _ in walk_sections(document)}
    assert contexts["This theme covers:"].part is Part.FRAMEWORK
    assert contexts["Staff are committed."].part is Part.KEY_MESSAGES
    assert (contexts["Safeguarding is strong."].theme, contexts["Safeguarding is strong."].prior) == (
        3,
        Polarity.STRENGTH,
    )
    assert contexts["Leaders are visible."].theme == 4
