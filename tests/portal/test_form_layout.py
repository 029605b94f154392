"""The project's crispy-forms template pack draws each kind of question the way the parents' pages
need it: label (or legend), hint, error, control, under the ids the error summary and
aria-describedby point to; and the staff pack draws the admin's rows."""

import datetime

import pytest
from bs4 import BeautifulSoup
from crispy_forms.utils import render_crispy_form
from django import forms
from django.template import Context, Template
from django.test import RequestFactory

from portal.form_layout import Heading, Question, StaffLayoutMixin, StoredFile, SubmitButton
from portal.forms import QuestionFormMixin


class EveryKindForm(QuestionFormMixin, forms.Form):
    name = forms.CharField(
        label="Child's full name",
        help_text="As written in the household register.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "id-number"}),
        error_messages={"required": "Enter the child's full name"},
    )
    born = forms.DateField(
        label="Date of birth",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"class": "date-input"}, format="%Y-%m-%d"),
        error_messages={"invalid": "The date of birth must be a real date, like 2024-03-27"},
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=[("F", "Female"), ("M", "Male")],
        widget=forms.RadioSelect,
        help_text="As in the household register.",
        error_messages={"required": "Select the child's sex"},
    )
    agreed = forms.BooleanField(
        label="I confirm the information is correct",
        error_messages={"required": "Confirm that the information is correct"},
    )
    district = forms.ChoiceField(
        label="District", choices=[("", "Choose"), ("1", "Huangpu"), ("2", "Xuhui")]
    )
    proof = forms.FileField(
        label="Proof",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".jpg,.pdf"}),
        help_text="JPG or PDF.",
    )


def soup(form, **context):
    return BeautifulSoup(render_crispy_form(form, context=context), "html.parser")


def bound(data=None, files=None):
    form = EveryKindForm(data if data is not None else {}, files)
    form.is_valid()
    return form


def test_text_question_has_label_hint_then_control_with_its_own_attributes():
    page = soup(EveryKindForm())
    wrapper = page.find(id="div_id_name")
    label, hint, control = wrapper.find("label"), wrapper.find(class_="form-text"), wrapper.input
    assert label["for"] == "id_name" and label.text == "Child's full name"
    assert hint["id"] == "id_name_helptext"
    assert control["type"] == "text" and control["name"] == "name"
    assert control["class"] == ["id-number", "form-control"]
    assert control["autocomplete"] == "off"
    assert control["aria-describedby"] == "id_name_helptext"
    # GOV.UK order: label, hint, control
    assert [tag.name for tag in wrapper.find_all(["label", "div", "input"])] == [
        "label",
        "div",
        "input",
    ]


def test_text_question_with_an_error_shows_it_above_the_control_and_keeps_the_answer():
    page = soup(bound({"name": "", "born": "2024-02-30"}))
    control = page.find(id="id_name")
    error = page.find(id="id_name_error")
    assert error.text.strip() == "Enter the child's full name"
    assert "invalid-feedback" in error["class"]
    assert control["class"] == ["id-number", "form-control", "is-invalid"]
    assert control["aria-invalid"] == "true"
    assert control["aria-describedby"] == "id_name_helptext id_name_error"
    assert error.find_next("input") is control
    date = page.find(id="id_born")
    assert date["value"] == "2024-02-30"
    assert date["class"] == ["date-input", "form-control", "is-invalid"]
    assert page.find(id="id_born_error").text.strip().startswith("The date of birth must be")


def test_date_question_shows_a_stored_date_in_the_form_it_asks_for():
    page = soup(EveryKindForm(initial={"born": datetime.date(2024, 3, 7)}))
    assert page.find(id="id_born")["value"] == "2024-03-07"


def test_radio_question_is_a_fieldset_whose_legend_asks_it():
    page = soup(bound({"sex": "M"}))
    fieldset = page.find(id="div_id_sex").fieldset
    assert fieldset.legend.text == "Sex"
    assert fieldset["aria-describedby"] == "id_sex_helptext"
    options = fieldset.find_all("input")
    assert [o["id"] for o in options] == ["id_sex_0", "id_sex_1"]
    assert all(o["class"] == ["form-check-input"] and o["type"] == "radio" for o in options)
    assert "checked" in options[1].attrs and "checked" not in options[0].attrs
    labels = fieldset.find_all("label")
    assert [(lab["for"], lab.text) for lab in labels] == [
        ("id_sex_0", "Female"),
        ("id_sex_1", "Male"),
    ]
    # Each option's label follows its input, as Bootstrap's form-check needs.
    assert all(o.find_next_sibling("label") is lab for o, lab in zip(options, labels, strict=True))


def test_radio_question_with_an_error_marks_every_option():
    page = soup(bound({}))
    fieldset = page.find(id="div_id_sex").fieldset
    assert fieldset["aria-describedby"] == "id_sex_helptext id_sex_error"
    assert page.find(id="id_sex_error").text.strip() == "Select the child's sex"
    for option in fieldset.find_all("input"):
        assert option["class"] == ["form-check-input", "is-invalid"]
        assert option["aria-invalid"] == "true"


def test_the_pages_one_question_has_its_legend_as_the_pages_heading():
    class OneQuestion(QuestionFormMixin, forms.Form):
        first_question_is_heading = True
        sex = EveryKindForm.base_fields["sex"]

    page = soup(OneQuestion())
    assert page.find("legend").h1.text == "Sex"
    assert not page.find("legend", class_="form-label")


def test_checkbox_has_its_label_after_the_box_and_its_error_before():
    page = soup(bound({}))
    wrapper = page.find(id="div_id_agreed")
    box = wrapper.find("input")
    assert box["type"] == "checkbox" and box["class"] == ["form-check-input", "is-invalid"]
    assert box.find_next_sibling("label")["for"] == "id_agreed"
    error = wrapper.find(id="id_agreed_error")
    assert error.find_next("input") is box


def test_select_gets_bootstraps_select_class():
    page = soup(bound({"district": "2"}))
    select = page.find(id="id_district")
    assert select.name == "select" and select["class"] == ["form-select"]
    assert select.find("option", selected=True).text == "Xuhui"


def test_file_question_shows_the_stored_file_and_a_new_choice():
    form = EveryKindForm()
    form.fields["proof"].stored = StoredFile(
        "register.pdf", "/documents/proof", 204_800, "/documents/proof?size=thumbnail"
    )
    page = soup(form)
    wrapper = page.find(id="div_id_proof")
    assert wrapper.find("label").text == "Proof (optional)"
    assert page.find(id="id_proof_helptext").text == "JPG or PDF."
    link = wrapper.find("a")
    assert (link["href"], link.text) == ("/documents/proof", "register.pdf")
    assert "200.0\xa0KB" in wrapper.text
    assert wrapper.img["src"] == "/documents/proof?size=thumbnail"
    control = wrapper.find("input")
    assert control["type"] == "file" and control["accept"] == ".jpg,.pdf"
    assert control["class"] == ["form-control"]
    assert page.form["enctype"] == "multipart/form-data"


def test_file_question_without_a_stored_file_shows_only_the_input():
    wrapper = soup(EveryKindForm()).find(id="div_id_proof")
    assert not wrapper.find(class_="uploaded-file")


def test_form_tag_has_the_token_no_browser_validation_and_the_submit_button():
    request = RequestFactory().get("/")
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(
        Context({"form": EveryKindForm(), "csrf_token": "token-value", "request": request})
    )
    page = BeautifulSoup(html, "html.parser")
    assert page.form["method"] == "post" and "novalidate" in page.form.attrs
    assert page.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"] == "token-value"
    button = page.form.find_all(recursive=False)[-1]
    assert button.name == "button" and button["type"] == "submit"
    assert button.text == "Continue"


def test_a_layout_with_headings_and_its_own_button():
    class Grouped(EveryKindForm):
        def layout(self):
            return [
                Heading("The child"),
                "name",
                Question("sex"),
                SubmitButton("Withdraw", style="danger"),
            ]

    page = soup(Grouped())
    assert [tag.name for tag in page.form.find_all(["h2", "input", "button"])][:2] == [
        "h2",
        "input",
    ]
    assert page.find("h2").text == "The child"
    assert not page.find(id="id_born")
    assert page.find("button")["class"] == ["btn", "btn-danger", "btn-lg", "mt-2"]


def test_a_layout_naming_a_field_the_form_lacks_fails_loudly():
    class Wrong(EveryKindForm):
        def layout(self):
            return ["no_such_field"]

    with pytest.raises(KeyError):
        render_crispy_form(Wrong())


def test_error_summary_links_each_message_to_its_control():
    form = bound({})
    html = Template('{% include "portal/errors.html" %}').render(Context({"form": form}))
    links = {a["href"]: a.text for a in BeautifulSoup(html, "html.parser").find_all("a")}
    assert links["#id_name"] == "Enter the child's full name"
    assert links["#id_sex_0"] == "Select the child's sex"  # the first radio
    assert links["#id_agreed"] == "Confirm that the information is correct"


def test_staff_form_draws_the_admins_rows_without_a_form_tag():
    class StaffForm(StaffLayoutMixin, forms.Form):
        note = forms.CharField(label="Note", help_text="Shown to the family.")
        urgent = forms.BooleanField(label="Urgent", required=False)
        token = forms.CharField(widget=forms.HiddenInput, required=False)

    form = StaffForm({"note": ""})
    form.is_valid()
    page = BeautifulSoup(render_crispy_form(form), "html.parser")
    assert not page.find("form")
    assert page.find(class_="errornote")
    rows = page.select("fieldset.module.aligned > .form-row")
    assert len(rows) == 2  # the hidden field is not a row
    assert "errors" in rows[0]["class"]
    assert rows[0].find(id="id_note_error").text.strip() == "This field is required."
    assert rows[0].find(id="id_note_helptext").text == "Shown to the family."
    assert rows[1].find(class_="checkbox-row").input.find_next_sibling("label")["for"] == (
        "id_urgent"
    )
    assert page.find("input", attrs={"type": "hidden", "name": "token"})


@pytest.mark.parametrize(
    "widget, value",
    [
        (forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}), 'a "quoted" <b>'),
        (forms.TextInput(attrs={"required": True, "disabled": False, "data-x": None}), None),
        (forms.EmailInput(attrs={"class": "a b"}), "name@example.com"),
        (forms.PasswordInput(render_value=False), "secret"),
        (forms.NumberInput(attrs={"min": 0}), 2025),
        (forms.DateInput(format="%Y-%m-%d"), datetime.date(2024, 3, 7)),
        (forms.HiddenInput, "kept"),
        (forms.FileInput(attrs={"accept": ".jpg,.pdf"}), None),
        (forms.CheckboxInput, True),
        (forms.Textarea(attrs={"rows": 3}), "two\nlines"),
        (forms.Select(choices=[("1", "One"), ("2", "Two & more")]), "2"),
        (forms.RadioSelect(choices=[("F", "Female"), ("M", "<Male>")]), "M"),
        (forms.CheckboxSelectMultiple(choices=[("a", "A"), ("b", "B")]), ["b"]),
    ],
)
def test_the_form_renderer_writes_what_djangos_widget_templates_write(widget, value):
    from django.forms.renderers import DjangoTemplates
    from django.utils.safestring import SafeString

    from portal.form_rendering import FormRenderer

    widget = widget() if isinstance(widget, type) else widget
    attrs = {"id": "id_answer", "aria-describedby": SafeString("id_answer_helptext")}
    djangos, ours = DjangoTemplates(), FormRenderer()
    assert widget.render("answer", value, attrs, renderer=ours) == widget.render(
        "answer", value, attrs, renderer=djangos
    )
    for option in widget.subwidgets("answer", value, attrs):
        for wrap_label in (False, True):
            context = {"widget": {**option, "wrap_label": wrap_label}}
            assert ours.render(option["template_name"], context) == djangos.render(
                option["template_name"], context
            )
