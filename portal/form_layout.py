"""How the portal's forms are laid out: django-crispy-forms' FormHelper and Layout, drawn by the
project's own template pack (templates/portal/ for the parents' pages, templates/portal_admin/
for the staff's small forms inside the admin).

Each question comes out in the GOV.UK order: the label (or, for radios, a fieldset and its
legend), the hint, the error, then the control, which its widget's own template draws with
Bootstrap's classes added. A form says what it asks with `layout()`; by default every field in
order, then a submit button.

`Question` gives its template only what it draws (the ids, label, hint, errors and the control,
made in Python) rather than the page's whole context, which crispy's stock Field flattens for
every field: with the form renderer of portal/form_rendering.py, the wizard's pages are drawn in
about the time the hand-written renderer this replaced took (`make bench` measures both).
"""

from dataclasses import dataclass
from functools import cache, cached_property

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, LayoutObject
from django import forms
from django.forms.boundfield import BoundWidget
from django.template.loader import get_template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

PARENTS_PACK = "portal"
STAFF_PACK = "portal_admin"
CHOICE_LISTS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


@dataclass(frozen=True)
class StoredFile:
    """A file uploaded earlier for a file question, shown above its input so that the parent
    chooses a new one only to replace it."""

    name: str
    url: str
    size: int | None = None
    preview_url: str = ""  # a thumbnail, for an image


def _classes(bound_field, css_class):
    classes = [bound_field.field.widget.attrs.get("class", ""), css_class]
    if bound_field.errors:
        classes.append("is-invalid")
    return " ".join(c for c in classes if c)


def control(bound_field, css_class):
    """The field's input drawn by its widget's template, with Bootstrap's class added to its own
    (and is-invalid after an error). Django adds aria-invalid and aria-describedby (the hint,
    then the error)."""
    return bound_field.as_widget(attrs={"class": _classes(bound_field, css_class)})


def options(bound_field, css_class):
    """A radio's or box's options, each input drawn by the widget's option template with
    Bootstrap's class: (input, id, label)."""
    widget = bound_field.field.widget
    attrs = {"class": _classes(bound_field, css_class)}
    if bound_field.auto_id:
        attrs["id"] = widget.attrs.get("id") or bound_field.auto_id
    attrs = bound_field.build_widget_attrs(attrs)
    renderer = bound_field.form.renderer
    return [
        (option.tag(), option.id_for_label, option.choice_label)
        for data in widget.subwidgets(bound_field.html_name, bound_field.value(), attrs=attrs)
        for option in (BoundWidget(widget, data, renderer),)
    ]


def question_context(bound_field) -> tuple[str, dict]:
    """The pack's template for a kind of question, and what it draws."""
    widget = bound_field.field.widget
    context = {
        "id": bound_field.auto_id,
        "label": bound_field.label,
        "label_for": bound_field.id_for_label,
        "hint": bound_field.help_text,
        "errors": bound_field.errors,
    }
    if isinstance(widget, CHOICE_LISTS):
        context["options"] = options(bound_field, "form-check-input")
        context["described_by"] = bound_field.aria_describedby
        return "choices.html", context
    if isinstance(widget, forms.CheckboxInput):
        context["control"] = control(bound_field, "form-check-input")
        return "checkbox.html", context
    if isinstance(widget, forms.FileInput):
        context["control"] = control(bound_field, "form-control")
        context["stored"] = getattr(bound_field.field, "stored", None)
        return "upload.html", context
    is_select = isinstance(widget, forms.Select)
    context["control"] = control(bound_field, "form-select" if is_select else "form-control")
    return "field.html", context


@cache
def _template(name):
    return get_template(name)


class Question(LayoutObject):
    """One question of a form. `as_heading`: the page asks this one question, so its legend is
    the page's h1 (GOV.UK's "legend as page heading": a screen reader hears the question once).
    """

    def __init__(self, name, *, as_heading=False):
        self.name = name
        self.fields = [name]
        self.as_heading = as_heading

    def render(self, form, context, template_pack=PARENTS_PACK, **kwargs):
        form.rendered_fields.add(self.name)
        name, question = question_context(form[self.name])
        question["as_heading"] = self.as_heading
        return _template(f"{template_pack}/{name}").render(question)


class Heading(LayoutObject):
    """A heading between groups of questions."""

    def __init__(self, text):
        self.text = text
        self.fields = []

    def render(self, form, context, template_pack=PARENTS_PACK, **kwargs):
        return format_html('<h2 class="h4 mt-4">{}</h2>\n', self.text)


class SubmitButton(LayoutObject):
    """The form's one button. `style` is Bootstrap's: "success" goes on, "danger" closes
    something for good."""

    def __init__(self, label, *, style="success"):
        self.label = label
        self.style = style
        self.fields = []

    def render(self, form, context, template_pack=PARENTS_PACK, **kwargs):
        return _template(f"{template_pack}/layout/submit.html").render(
            {"label": self.label, "style": self.style}
        )


class PassedOn(LayoutObject):
    """A hidden input carrying a value the page was given, such as where to go after signing in."""

    def __init__(self, name):
        self.name = name
        self.fields = []

    def render(self, form, context, template_pack=PARENTS_PACK, **kwargs):
        return format_html(
            '<input type="hidden" name="{}" value="{}">\n', self.name, context.get(self.name, "")
        )


class PageFormHelper(FormHelper):
    """A form that posts to the page it is on. (FormHelper's own form_action tries to reverse
    an empty URL name on every drawing, and an exception is dear on a page drawn this often.)"""

    form_action = ""


def question_helper(form, layout) -> FormHelper:
    """The helper of a parent's form: the form tag (multipart when it uploads a file), the CSRF
    token, then `layout`'s items, names standing for Questions."""
    helper = PageFormHelper()
    helper.template_pack = PARENTS_PACK
    helper.attrs = {"novalidate": True}
    if form.is_multipart():
        helper.attrs["enctype"] = "multipart/form-data"
    helper.layout = Layout(*(Question(item) if isinstance(item, str) else item for item in layout))
    return helper


def staff_helper(form) -> FormHelper:
    """The helper of a staff form inside an admin page, which holds the form tag and the
    buttons: the admin's rows (label, control, messages, help) for every field."""
    helper = FormHelper()
    helper.template_pack = STAFF_PACK
    helper.form_tag = False
    helper.error_note = getattr(form, "error_note", "")
    helper.layout = Layout(*form.fields)
    return helper


class QuestionLayoutMixin:
    """For a parent's form: `{% crispy form %}` draws it from `layout()`."""

    submit_label = _("Continue")
    first_question_is_heading = False

    def layout(self) -> list:
        names = list(self.fields)
        first = names[:1]
        if self.first_question_is_heading:
            first = [Question(names[0], as_heading=True)]
        return [*first, *names[1:], SubmitButton(self.submit_label)]

    @cached_property
    def helper(self) -> FormHelper:
        return question_helper(self, self.layout())


class StaffLayoutMixin:
    """For a staff form drawn inside an admin page: `{% crispy form %}` draws its rows."""

    @property
    def helper(self) -> FormHelper:
        return staff_helper(self)
