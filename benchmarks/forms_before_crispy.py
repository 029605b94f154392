"""The form renderer the parents' pages had before crispy-forms came back, kept so that `make bench`
can measure the wizard's child step drawn both ways in one run (`BENCH_FORMS=before-crispy`
selects it for the throughput server). Not used by the portal.

It drew one question in Python, in the GOV.UK order, writing one-line <input>s itself rather
than through the widget's template.
"""

from pathlib import Path

from django import forms, template
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

CHOICE_LISTS = (forms.RadioSelect, forms.CheckboxSelectMultiple)
CHECKED = mark_safe(" checked")
ARIA_INVALID = mark_safe(' aria-invalid="true"')


def control(field, css_class) -> SafeString:
    """The field's input with Bootstrap's class added to its own (and is-invalid after an
    error); Django adds aria-invalid and aria-describedby (the hint, then the error).

    A one-line <input> is written here, as Django's own template for it would write it; other
    controls (selects, text areas, file inputs) go through Django's widget templates."""
    widget = field.field.widget
    classes = [widget.attrs.get("class", ""), css_class]
    if field.errors:
        classes.append("is-invalid")
    attrs = {"class": " ".join(c for c in classes if c)}
    if not isinstance(widget, Input) or isinstance(widget, forms.FileInput):
        return field.as_widget(attrs=attrs)
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    value = context["value"]
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        context["type"],
        context["name"],
        format_html(' value="{}"', value) if value is not None else "",
        flatatt(context["attrs"]),
    )


def question_field(field, *, as_heading=False) -> SafeString:
    """`as_heading`: the page asks this one question, so its legend is the page's h1 (GOV.UK's
    "legend as page heading": a screen reader hears the question once)."""
    widget = field.field.widget
    errors, auto_id = field.errors, field.auto_id
    messages = _messages(errors, auto_id, field.help_text)
    if isinstance(widget, CHOICE_LISTS):
        return _choice_list(field, errors, auto_id, messages, as_heading=as_heading)
    if isinstance(widget, forms.CheckboxInput):
        return format_html(
            '<div class="mb-3" id="div_{}">{}<div class="form-check">{} '
            '<label for="{}" class="form-check-label">{}</label></div></div>\n',
            auto_id,
            messages,
            control(field, "form-check-input"),
            field.id_for_label,
            field.label,
        )
    css_class = "form-select" if isinstance(widget, forms.Select) else "form-control"
    return format_html(
        '<div class="mb-3" id="div_{}"><label for="{}" class="form-label">{}</label>\n{}{}</div>\n',
        auto_id,
        field.id_for_label,
        field.label,
        messages,
        control(field, css_class),
    )


def _choice_list(field, errors, auto_id, messages, *, as_heading=False) -> SafeString:
    """Radios or boxes in a fieldset whose legend asks the question (WCAG 1.3.1)."""
    invalid = " is-invalid" if errors else ""
    aria_invalid = ARIA_INVALID if errors else ""
    options = format_html_join(
        "",
        '<div class="form-check"><input type="{}" class="form-check-input{}" name="{}" '
        'value="{}" id="{}"{}{}> <label for="{}" class="form-check-label">{}</label></div>\n',
        (
            (
                option.data["type"],
                invalid,
                field.html_name,
                option.data["value"],
                option_id,
                CHECKED if option.data["selected"] else "",
                aria_invalid,
                option_id,
                option.choice_label,
            )
            for option in field
            for option_id in (option.id_for_label,)
        ),
    )
    describedby = field.aria_describedby
    legend = (
        format_html('<legend class="mb-3"><h1 class="mb-0">{}</h1></legend>', field.label)
        if as_heading
        else format_html('<legend class="form-label fs-6">{}</legend>', field.label)
    )
    return format_html(
        '<div class="mb-3" id="div_{}"><fieldset{}>\n{}\n{}{}</fieldset></div>\n',
        auto_id,
        format_html(' aria-describedby="{}"', describedby) if describedby else "",
        legend,
        messages,
        options,
    )


def _messages(errors, auto_id, help_text) -> SafeString:
    """The hint, then the error (just above the control: what to fix), each under the id the
    control names."""
    error = (
        format_html(
            '<div id="{}_error" class="invalid-feedback d-block">{}</div>\n',
            auto_id,
            format_html_join("", '<p class="mb-0"><strong>{}</strong></p>', ((e,) for e in errors)),
        )
        if errors
        else ""
    )
    hint = (
        format_html('<div id="{}_helptext" class="form-text">{}</div>\n', auto_id, help_text)
        if help_text
        else ""
    )
    return mark_safe(hint + error)  # both drawn by format_html above, or empty


register = template.Library()


@register.simple_tag(name="question_field")
def question_field_tag(bound_field):
    return question_field(bound_field)


@register.simple_tag
def question_heading(bound_field):
    return question_field(bound_field, as_heading=True)


@register.filter(name="control")
def control_filter(bound_field, css_class):
    return control(bound_field, css_class)


@register.filter
def is_document_upload(bound_field):
    return getattr(bound_field.field, "is_document_upload", False)


def templates_before_crispy(templates):
    """The TEMPLATES setting with the wizard's form templates of before (benchmarks/
    before_crispy/) found first, and their tag library."""
    engine = templates[0]
    return [
        {
            **engine,
            "DIRS": [Path(__file__).parent / "before_crispy", *engine["DIRS"]],
            "OPTIONS": {
                **engine["OPTIONS"],
                "libraries": {"forms_before_crispy": "benchmarks.forms_before_crispy"},
            },
        }
    ]
