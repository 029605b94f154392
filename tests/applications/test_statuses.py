"""The table of statuses: what the rest of the portal reads from it, written out literally, and
wording for every status a parent can meet, in both languages."""

import pytest
from django.utils import translation

from enrollment.applications import statuses
from enrollment.applications.statuses import Status
from tools.factories import make_application, move_to

from ..expected_statuses import LIFE, STAFF_MOVES, STATUSES


def test_the_table_knows_exactly_the_statuses_and_moves_of_the_product():
    assert {
        name: (set(move.from_statuses), move.to) for name, move in statuses.MOVES.items()
    } == LIFE
    assert [status.value for status in Status] == STATUSES
    assert set(statuses.FACTS) == set(Status)
    assert {name for name, move in statuses.MOVES.items() if move.by.value == "staff"} == (
        STAFF_MOVES
    )


def test_the_queue_and_the_lists_of_the_admin_come_from_the_table():
    assert statuses.OFFICE_WORK == ("submitted", "verified", "paid")
    assert statuses.WAITING_ELSEWHERE == ("returned", "sent_to_card_centre")
    assert statuses.FINAL == ("card_issued", "rejected", "withdrawn")
    assert statuses.DROPPED == ("rejected", "withdrawn")
    assert statuses.EDITABLE == ("draft", "returned")
    assert "draft" not in statuses.SEEN_BY_STAFF


def test_the_usual_path_to_each_status_is_the_shortest_run_of_moves():
    paths = {
        status: [move.name for move in statuses.usual_path(status)]
        for status in Status
        if status != Status.DRAFT
    }
    assert paths == {
        "submitted": [],
        "returned": ["return"],
        "verified": ["verify"],
        "paid": ["verify", "record_payment"],
        "sent_to_card_centre": ["verify", "record_payment", "send_to_card_centre"],
        "card_issued": ["verify", "record_payment", "issue_card"],
        "rejected": ["reject"],
        "withdrawn": ["withdraw"],
    }
    with pytest.raises(ValueError):
        statuses.usual_path(Status.DRAFT)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("status", [status for status in Status if status != Status.DRAFT])
def test_every_status_tells_the_parent_what_happens_in_their_language(
    parent, office, staff, status, language
):
    application = move_to(make_application(parent, office, upto="submitted"), status, staff=staff)
    change = application.history.latest("id")
    with translation.override(language):
        page, notice = statuses.page_wording(application), statuses.notice_wording(change)
    assert page and notice
    assert "%(" not in page + notice
    if language == "zh-hans":
        assert page != str(statuses.facts(status).page), "not translated"
    if status == Status.SUBMITTED:
        assert office.name in page and office.name in notice


def test_a_resubmission_is_told_as_changes_received(parent, office, staff):
    application = move_to(
        make_application(parent, office, upto="submitted"), "returned", staff=staff
    )
    change = application.history.latest("id")
    change.from_status, change.to_status = "returned", "submitted"
    assert statuses.notice_wording(change) == (
        "We received your changes. The office will check the application again."
    )
