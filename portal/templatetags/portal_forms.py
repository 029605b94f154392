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


@register.filter
def field_kind(bound_field):
    """How question_field.html lays a field out: "choices" (radios or checkboxes, in a
    fieldset), "checkbox" (one box, label after it), or the Bootstrap class of its control."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


@register.filter
def control(bound_field, css_class):
    """The field's input with Bootstrap's class added to its own (and is-invalid after an
    error); Django adds aria-invalid and aria-describedby (help text, then the error)."""
    classes = [bound_field.field.widget.attrs.get("class", ""), css_class]
    if bound_field.errors:
        classes.append("is-invalid")
    return bound_field.as_widget(attrs={"class": " ".join(c for c in classes if c)})
