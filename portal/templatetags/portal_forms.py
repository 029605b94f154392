from django import forms, template

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
