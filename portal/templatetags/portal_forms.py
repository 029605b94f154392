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


@register.filter
def control(bound_field, css_class):
    """{{ field|control:"form-control" }}: the input alone, for pages that lay out the rest."""
    return question_fields.control(bound_field, css_class)
