"""What a parent types on each page of the wizard, valid by default, for tests that send the
forms; each takes overrides (None leaves an answer out)."""

from django.urls import reverse
from django.utils import timezone

from tools.factories import upload, years_ago
from tools.fake import PDF_BYTES, resident_id


def step_url(application, step):
    return reverse("enrollment:step", args=[application.public_id, step])


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
