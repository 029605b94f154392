"""What the parent changed between the office's return and the resubmission.

When staff return an application, `snapshot` keeps its answers (the stored values, not their
wording, so that the comparison does not depend on the language the page is read in) and its
documents on the history row. When the application comes back, `changes_since_return` compares
them with what is there now: answers field by field, documents replaced, added or removed, with
the office's request beside them.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import wizard
from ..models import Application, Document, StatusChange

# Every field of a step's part is compared but its keys; the application's own fields a step
# names too (wizard.Step.compared_fields).
NOT_COMPARED = {"id", "application"}


@dataclass(frozen=True)
class AnswerChange:
    section: str
    label: str
    before: str
    after: str


@dataclass
class Resubmission:
    returned: StatusChange  # the return: who, when, and the office's request (its note)
    resubmitted: StatusChange
    answers: list[AnswerChange] = field(default_factory=list)
    documents_replaced: list[str] = field(default_factory=list)
    documents_added: list[str] = field(default_factory=list)
    documents_removed: list[str] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(
            self.answers
            or self.documents_replaced
            or self.documents_added
            or self.documents_removed
        )


def _compared_fields(model):
    return [
        model_field
        for model_field in model._meta.concrete_fields
        if model_field.name not in NOT_COMPARED
    ]


def _stored(value):
    """A value as JSON keeps it: dates and decimals as text, the rest as they are."""
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def snapshot(application: Application) -> dict:
    """The application's answers and documents as they are now, for the history row."""
    answers = {}
    for part_name, step in wizard.compared_parts().items():
        part = application.part(part_name)
        answers[part_name] = (
            None
            if part is None
            else {
                f.attname: _stored(getattr(part, f.attname))
                for f in _compared_fields(step.part_model)
            }
        )
    answers["application"] = {
        Application._meta.get_field(name).attname: _stored(
            getattr(application, Application._meta.get_field(name).attname)
        )
        for name, _step in wizard.compared_application_fields()
    }
    documents = {
        # The stored name is new with each upload (a random one), whatever else is saved.
        document.kind: {"file": document.file.name, "name": document.original_name}
        for document in Document.objects.filter(application=application)
    }
    return {"answers": answers, "documents": documents}


def _shown(model_field, value) -> str:
    """A stored value as staff read it, in the page's language."""
    if value is None or value == "":
        return str(_("Not provided"))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return str(_("Yes") if value else _("No"))
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    return str(value)


def _answer_changes(before: dict, after: dict) -> list[AnswerChange]:
    """Each answer that differs, under the title of the step that asks it, in the steps' order.
    A field no step compares any more (a snapshot from before a change of the wizard) is left
    out."""
    step_of_field = {
        Application._meta.get_field(name).attname: step
        for name, step in wizard.compared_application_fields()
    }
    sources = [
        (part_name, step.part_model, lambda _attname, step=step: step)
        for part_name, step in wizard.compared_parts().items()
    ]
    sources.append(("application", Application, step_of_field.get))
    changes = []
    for part_name, model, step_of in sources:
        old, new = before.get(part_name) or {}, after.get(part_name) or {}
        for attname in new.keys() | old.keys():
            step = step_of(attname)
            if old.get(attname) == new.get(attname) or step is None:
                continue
            model_field = next(f for f in model._meta.concrete_fields if f.attname == attname)
            changes.append(
                AnswerChange(
                    section=str(step.label),
                    label=str(model_field.verbose_name).capitalize(),
                    before=_shown(model_field, old.get(attname)),
                    after=_shown(model_field, new.get(attname)),
                )
            )
    order = [str(step.label) for step in wizard.STEPS]
    return sorted(changes, key=lambda change: order.index(change.section))


def changes_since_return(application: Application, history=None) -> Resubmission | None:
    """For an application resubmitted after a return, what changed; otherwise None. `history`
    is the application's history rows in order, where the caller has them already."""
    rows = list(history if history is not None else application.history.all())
    resubmitted = next(
        (
            row
            for row in reversed(rows)
            if row.from_status == Application.Status.RETURNED
            and row.to_status == Application.Status.SUBMITTED
        ),
        None,
    )
    if resubmitted is None or application.status != Application.Status.SUBMITTED:
        return None
    returned = next(
        (
            row
            for row in reversed(rows[: rows.index(resubmitted)])
            if row.to_status == Application.Status.RETURNED
        ),
        None,
    )
    if returned is None or not returned.answers_at_return:
        return None
    before, now = returned.answers_at_return, snapshot(application)
    kinds = dict(Document.Kind.choices)
    old_documents, new_documents = before.get("documents", {}), now["documents"]
    return Resubmission(
        returned=returned,
        resubmitted=resubmitted,
        answers=_answer_changes(before.get("answers", {}), now["answers"]),
        documents_replaced=[
            str(kinds.get(kind, kind))
            for kind in new_documents
            if kind in old_documents and new_documents[kind] != old_documents[kind]
        ],
        documents_added=[
            str(kinds.get(kind, kind)) for kind in new_documents if kind not in old_documents
        ],
        documents_removed=[
            str(kinds.get(kind, kind)) for kind in old_documents if kind not in new_documents
        ],
    )
