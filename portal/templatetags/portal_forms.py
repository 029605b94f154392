"""Filters of the parents' form pages: the error summary's links (templates/portal/errors.html),
and a label as it reads mid-sentence."""

from django import forms, template

register = template.Library()


@register.filter
def error_target_id(bound_field):
    """The id the error summary links to: the field's input, the first of a group of radios, or
    the input a multi-part widget's label is for (the human check's answer)."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_0"
    if isinstance(widget, forms.MultiWidget):
        return bound_field.id_for_label
    return bound_field.auto_id


@register.filter
def lower_first(text):
    """{{ label|lower_first }}: "Resident ID number" as it reads mid-sentence, "resident ID
    number"; `lower` would write "resident id number". A word in capitals stays as it is."""
    text = str(text)
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]
