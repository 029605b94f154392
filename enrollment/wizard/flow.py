"""The wizard for one application as it stands (the pattern of pretix's checkout flow)."""

from functools import cached_property

from django.http import Http404

from .base import Step
from .steps import STEPS, STEPS_BY_ID


class Flow:
    """The wizard for one application as it stands: the steps that apply, in order, and which
    are complete, each worked out at most once, and only when asked (a page early in the
    wizard needs to know little about the later ones)."""

    def __init__(self, application):
        self.application = application
        self.steps = [step for step in STEPS if step.is_applicable(application)]
        self._completed = {}

    def is_completed(self, step) -> bool:
        if step not in self._completed:
            self._completed[step] = step.is_completed(self.application)
        return self._completed[step]

    @cached_property
    def first_incomplete(self) -> Step | None:
        return next((step for step in self.steps if not self.is_completed(step)), None)

    @staticmethod
    def step(identifier) -> Step:
        """The step an address names; a 404 for any other name."""
        try:
            return STEPS_BY_ID[identifier]
        except KeyError:
            raise Http404 from None

    @property
    def is_complete(self) -> bool:
        return self.first_incomplete is None

    def may_open(self, step) -> bool:
        """Whether the parent may see a step now: one that applies, with every step before it
        complete (the later pages build on the earlier ones)."""
        if step not in self.steps:
            return False
        return all(self.is_completed(earlier) for earlier in self.steps[: self.steps.index(step)])

    def after(self, step) -> Step | None:
        later = self.steps[self.steps.index(step) + 1 :]
        return later[0] if later else None

    def before(self, step) -> Step | None:
        earlier = self.steps[: self.steps.index(step)]
        return earlier[-1] if earlier else None

    @staticmethod
    def position(step) -> tuple[int, int]:
        """The step's number and how many there are, as the page says "Step 2 of 6".

        Both come from every step the wizard may ask, not from those that apply: which apply
        is known only from answers (the child's age decides the photo step), so a count of
        those would change mid-journey. A step that does not apply leaves its number unused,
        and the last step always reads "6 of 6"."""
        return STEPS.index(step) + 1, len(STEPS)
