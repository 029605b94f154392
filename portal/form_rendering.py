"""Django's form renderer, with its stock one-line <input> templates written in Python.

Every control the portal shows is drawn by its widget's template; the template pack
(portal/form_layout.py) only adds Bootstrap's classes. Django's stock templates for an <input>
(text, email, date, file, a radio's or a box's option...) come down to one line, which the
template language took most of a wizard page's form time to draw (`make bench`). This renderer
writes exactly what those templates write (tests/portal/test_form_layout.py compares the two on every
kind) and leaves every other template, and any widget's template of its own, to Django.
"""

import html

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeString, mark_safe

WIDGETS = "django/forms/widgets/"
ONE_LINE_INPUTS = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "email",
        "password",
        "number",
        "date",
        "datetime",
        "time",
        "url",
        "hidden",
        "file",
        "checkbox",
    )
)
# An option's input, drawn without a <label> around it when wrap_label is false.
OPTIONS = frozenset(f"{WIDGETS}{name}.html" for name in ("radio_option", "checkbox_option"))


def _escaped(value) -> str:
    """Django's conditional_escape, without its lazy-string wrapper: safe markup stays as it is."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def one_line_input(widget) -> SafeString:
    """What django/forms/widgets/input.html and attrs.html write."""
    value = widget["value"]
    parts = [f'<input type="{_escaped(widget["type"])}" name="{_escaped(widget["name"])}"']
    if value is not None:
        parts.append(f' value="{_escaped(value)}"')
    for name, attribute in widget["attrs"].items():
        if attribute is True:
            parts.append(f" {_escaped(name)}")
        elif attribute is not False:
            parts.append(f' {_escaped(name)}="{_escaped(attribute)}"')
    parts.append(">")
    return mark_safe("".join(parts))  # every value escaped above


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if template_name in ONE_LINE_INPUTS or (
            template_name in OPTIONS and not widget.get("wrap_label")
        ):
            return one_line_input(widget)
        return super().render(template_name, context, request)
