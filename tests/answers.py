"""The wizard as a parent meets it: its pages in order, written out once (the tests that follow a
parent from page to page read the next page here, not from the code under test), and what a
parent types on each page, valid by default, for tests that send the forms; each takes overrides
(None leaves an answer out)."""

from django.urls import reverse
from django.utils import timezone

from tools.factories import photo_upload, upload, years_ago
from tools.fake import PDF_BYTES, resident_id

# The order of the paper process (tests/wizard/test_wizard_flow.py checks the wizard against it).
STEP_ORDER = ["office", "child", "household-register", "guardian", "photo", "fee"]


def next_step(step, *, skipping=()):
    """The page after `step`, passing over the steps in `skipping` that do not apply to the
    child; None after the last (the check page comes next)."""
    following = [s for s in STEP_ORDER[STEP_ORDER.index(step) + 1 :] if s not in skipping]
    return following[0] if following else None


def previous_step(step):
    return STEP_ORDER[STEP_ORDER.index(step) - 1]


def step_url(application, step):
    return reverse("enrollment:step", args=[application.public_id, step])


def next_step_url(application, step, *, skipping=()):
    """Where a step's page sends the parent once its answers are accepted."""
    following = next_step(step, skipping=skipping)
    if following is None:
        return reverse("enrollment:check", args=[application.public_id])
    return step_url(application, following)


def child_answers(**overrides):
    born = years_ago(8)
    answers = {
        "full_name": "王小明",
        "id_number": resident_id(born, male=True),
        "date_of_birth": born.isoformat(),
        "sex": "M",
        "first_enrollment": "False",
        "last_covered_year": str(timezone.localdate().year),
    }
    answers.update(overrides)
    return answers


def register_answers(**overrides):
    answers = {
        "register_number": "110001234",
        "register_type": "family",
        "address": "北京市东城区幸福路 8 号",
        "head_name": "王大明",
        "relationship_to_head": "child",
        "head_page": upload("head.png"),
        "child_page": upload("child.pdf", PDF_BYTES),
    }
    answers.update(overrides)
    return {k: v for k, v in answers.items() if v is not None}


def guardian_answers(**overrides):
    answers = {
        "full_name": "王大明",
        "relationship": "father",
        "id_number": resident_id(years_ago(35)),
        "phone": "138 0013 8000",
    }
    answers.update(overrides)
    return {k: v for k, v in answers.items() if v is not None}


def answers_by_step(office, *, child=None):
    """Valid answers for every page of the wizard, by step, for tests that walk it whole (the
    photo's second page, "Use this photo", is the walk's own)."""
    return {
        "office": {"office": office.pk},
        "child": child or child_answers(),
        "household-register": register_answers(),
        "guardian": guardian_answers(),
        "photo": {"photo": photo_upload()},
        "fee": {"subsidy": "none"},
    }
