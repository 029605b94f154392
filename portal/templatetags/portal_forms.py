"""The template pack's helpers (templates/portal/): a control with Bootstrap's classes, drawn by
its widget's own template, and the error summary's links."""

from django import forms, template
from django.forms.boundfield import BoundWidget

register = template.Library()


def _classes(bound_field, css_class):
    classes = [bound_field.field.widget.attrs.get("class", ""), css_class]
    if bound_field.errors:
        classes.append("is-invalid")
    return " ".join(c for c in classes if c)


@register.filter
def control(bound_field, css_class):
    """{{ field|control:"form-control" }}: the field's input with Bootstrap's class added to its
    own (and is-invalid after an error). Django adds aria-invalid and aria-describedby (the hint,
    then the error)."""
    return bound_field.as_widget(attrs={"class": _classes(bound_field, css_class)})


@register.filter
def options(bound_field, css_class):
    """{% for option in field|options:"form-check-input" %}: a radio's or box's options, each
    input with Bootstrap's class, drawn by `{{ option.tag }}` with the widget's own template."""
    widget = bound_field.field.widget
    attrs = {"class": _classes(bound_field, css_class)}
    if bound_field.auto_id:
        attrs["id"] = widget.attrs.get("id") or bound_field.auto_id
    attrs = bound_field.build_widget_attrs(attrs)
    return [
        BoundWidget(widget, option, bound_field.form.renderer)
        for option in widget.subwidgets(bound_field.html_name, bound_field.value(), attrs=attrs)
    ]


@register.filter
def error_target_id(bound_field):
    """The id the error summary links to: the field's input, or the first of a group of radios."""
    if isinstance(bound_field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.filter
def lower_first(text):
    """{{ label|lower_first }}: "Resident ID number" as it reads mid-sentence, "resident ID
    number"; `lower` would write "resident id number". A word in capitals stays as it is."""
    text = str(text)
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]
