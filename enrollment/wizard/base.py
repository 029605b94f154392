"""What a step of the wizard is. A step owns its part of the application: its page and form, the
rule that says it is complete (which the submit service applies too), the rows the check page
and the status page show for it, those the printed form shows, and what staff compare when a
returned application comes back.
The rest of the portal iterates over the steps (wizard.STEPS)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..applications import answers
from ..models import Document


@dataclass(frozen=True)
class Answer:
    label: str
    value: str
    field_id: str = ""  # the input to focus when the parent follows "Change"
    document: Document | None = None
    printed: bool = True  # uploads are not: the guardian brings the papers
    wide: bool = False  # a long value, on a row of its own where answers go two to a row
    value_class: str = ""  # "id-number": its characters spaced to be read aloud and checked


@dataclass
class Section:
    step: str
    title: str
    answers: list[Answer] = field(default_factory=list)
    note: str = ""  # shown where answers can be changed, e.g. why one cannot be

    @property
    def columns(self) -> int:
        """Label and value, twice when some row holds two answers."""
        return 4 if any(len(row) == 2 for row in self.rows_of_two()) else 2

    def rows_of_two(self) -> list[list[Answer]]:
        """The answers two to a row, as the printed form lays them out; a wide one alone."""
        rows, row = [], []
        for answer in self.answers:
            if answer.wide and row:
                rows.append(row)
                row = []
            row.append(answer)
            if answer.wide or len(row) == 2:
                rows.append(row)
                row = []
        return [*rows, row] if row else rows


NOT_PROVIDED = _("Not provided")


def document_answer(application, kind, label, field_id) -> Answer:
    document = application.document(kind)
    value = document.original_name if document else NOT_PROVIDED
    return Answer(label, value, field_id, document, printed=False)


class Step:
    identifier = ""
    reads = ()  # the application's parts its page and its completeness rule use
    label = ""  # also the title of its answers on the check page
    title = ""  # the page's h1: the question or the topic
    template_name = "enrollment/step.html"
    intro_template = ""  # what the page says before its questions, if anything
    question_is_heading = False  # one question whose legend is the page's h1 (no separate h1)
    # What staff compare when a returned application comes back: a part's every field, and
    # these fields of the application itself.
    part_name = ""
    part_model = None
    compared_fields = ()

    def is_applicable(self, application) -> bool:
        return True

    def is_completed(self, application) -> bool:
        """Whether the application holds what this step asks: the wizard moves on, and the
        submit service refuses an application that misses any step that applies."""
        return True

    def summary(self, application) -> Section | None:
        """The step's answers as labelled rows, or None while there are none to show."""
        return None

    def printed(self, application, years) -> Section | None:
        """The step's answers on the printed form the guardian signs: its summary without the
        uploads. `years`: the years the application pays for (selectors.payment_years)."""
        section = self.summary(application)
        if section is None:
            return None
        answers = [answer for answer in section.answers if answer.printed]
        return Section(section.step, section.title, answers) if answers else None

    def make_form(self, application, data=None, files=None):
        raise NotImplementedError

    def save(self, form, application) -> bool:
        """Validate the form and save what it holds; True when every answer was accepted.

        Uploads that passed their checks are stored even when other answers on the page have
        errors, so that a parent never chooses the same file twice.
        """
        accepted = form.is_valid()
        for kind, upload in getattr(form, "checked_uploads", {}).items():
            form.show_stored(
                answers.document_store(application=application, kind=kind, upload=upload)
            )
        if accepted:
            accepted = self.save_answers(form, application)
        return accepted

    def save_answers(self, form, application) -> bool:
        """Save the form's answers other than uploads; False with the service's refusal added to
        the form (a rule a form alone cannot see, such as another application for the child)."""
        return True

    def context(self, application, form) -> dict:
        return {}


class PartStep(Step):
    """A step whose answers live in one part of the application (Child, Guardian...)."""

    form_class = None

    def is_completed(self, application):
        return application.part(self.part_name) is not None

    def make_form(self, application, data=None, files=None):
        # An unsaved part is not tied to the application here: assigning it would make the
        # application believe the part exists. answers.answers_save ties it on saving.
        instance = application.part(self.part_name) or self.part_model()
        return self.form_class(data, files, instance=instance, application=application)

    def save_answers(self, form, application):
        try:
            answers.answers_save(application=application, part=form.save(commit=False))
        except ValidationError as refused:
            form.add_error(None, refused)
            return False
        return True
