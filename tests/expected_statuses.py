"""The statuses of an application and the moves between them, written out literally once: the
tests of the table (test_statuses) and of what reads it (moves, the dashboard, the admin) compare
the code with these rather than with the table itself."""

# The life of an application, written out here rather than read from statuses.MOVES: a move
# added there by mistake fails these tests (and tests/applications/test_moves.py tries each).
LIFE = {
    # move: (the statuses it starts from, the status it leads to)
    "submit": ({"draft", "returned"}, "submitted"),
    "return": ({"submitted"}, "returned"),
    "verify": ({"submitted"}, "verified"),
    "record_payment": ({"verified"}, "paid"),
    "send_to_card_centre": ({"paid"}, "sent_to_card_centre"),
    "issue_card": ({"paid", "sent_to_card_centre"}, "card_issued"),
    "reject": ({"submitted", "returned", "verified"}, "rejected"),
    "withdraw": ({"submitted", "returned"}, "withdrawn"),
}


STATUSES = [
    "draft",
    "submitted",
    "returned",
    "verified",
    "paid",
    "sent_to_card_centre",
    "card_issued",
    "rejected",
    "withdrawn",
]
# The moves staff make on an application's page (a card batch sends many at once).
STAFF_MOVES = {"return", "verify", "record_payment", "issue_card", "reject"}


def staff_moves_from(status) -> set[str]:
    return {move for move, (froms, _) in LIFE.items() if status in froms and move in STAFF_MOVES}
