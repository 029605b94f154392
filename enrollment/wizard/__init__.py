"""The wizard the parent answers, as an ordered list of steps (wizard/steps.py), each of which
owns its part of the application (wizard/base.py); `Flow(application)` works out once per
request which steps apply, which is the first incomplete one, and what comes before and after a
step. What the rest of the portal needs of the steps is read here, over all of them."""

from .base import Answer, Section, Step  # noqa: F401
from .child import ChildStep  # noqa: F401
from .fee import FeeStep  # noqa: F401
from .flow import Flow  # noqa: F401
from .guardian import GuardianStep  # noqa: F401
from .household_register import HouseholdRegisterStep  # noqa: F401
from .office import OfficeStep  # noqa: F401
from .photo import PhotoStep  # noqa: F401
from .steps import STEPS, STEPS_BY_ID  # noqa: F401

# The application's parts that the steps read, with the application.
PARTS = tuple(dict.fromkeys(part for step in STEPS for part in step.reads))


def parts_read_up_to(step) -> tuple[str, ...]:
    """The parts a step's page reads: its own, those of the steps before it (whose completeness
    decides whether it may open), and the child, whose age decides which steps apply."""
    earlier = STEPS[: STEPS.index(step) + 1]
    return tuple(dict.fromkeys(["child", *(part for s in earlier for part in s.reads)]))


def is_complete(application) -> bool:
    """Every step that applies is complete: what the submit service asks, under its lock."""
    return all(step.is_completed(application) for step in STEPS if step.is_applicable(application))


def answer_sections(application) -> list[Section]:
    """Every answer of the application as labelled rows, step by step, for the check page, the
    status page and the staff's page."""
    return [section for step in STEPS if (section := step.summary(application)) is not None]


def printed_sections(application, years) -> list[Section]:
    """The application's answers on the printed form, step by step."""
    return [section for step in STEPS if (section := step.printed(application, years)) is not None]


def compared_parts() -> dict:
    """What staff compare when a returned application comes back: each step's part model."""
    return {step.part_name: step for step in STEPS if step.part_model is not None}


def compared_application_fields() -> list[tuple[str, Step]]:
    return [(name, step) for step in STEPS for name in step.compared_fields]
