from django import forms, template

from portal import question_fields

register = template.Library()


@register.filter
def error_target_id(bound_field):
    """The id the error summary links to: the field's input, or the first of a group of radios."""
    if isinstance(bound_field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.filter
def is_document_upload(bound_field):
    return getattr(bound_field.field, "is_document_upload", False)


@register.simple_tag
def question_field(bound_field):
    """{% question_field field %}: one question, as portal/question_fields.py draws it."""
    return question_fields.question_field(bound_field)


@register.simple_tag
def question_heading(bound_field):
    """{% question_heading field %}: the page's one question, its legend the page's h1."""
    return question_fields.question_field(bound_field, as_heading=True)


@register.filter
def control(bound_field, css_class):
    """{{ field|control:"form-control" }}: the input alone, for pages that lay out the rest."""
    return question_fields.control(bound_field, css_class)


@register.filter
def lower_first(text):
    """{{ label|lower_first }}: "Resident ID number" as it reads mid-sentence, "resident ID
    number"; `lower` would write "resident id number". A word in capitals stays as it is."""
    text = str(text)
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]
