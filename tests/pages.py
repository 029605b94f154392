"""Reading pages as a person would: the title, the error summary, the message next to a field,
and where a redirect leads."""

from urllib.parse import quote

from bs4 import BeautifulSoup
from django.urls import reverse


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(response):
    return " ".join(soup(response).get_text(" ").split())


def assert_field_error(response, field_id, message):
    """The page came back (200) with the error in the summary, linking to the field, and the
    same message next to the field."""
    assert response.status_code == 200, response.status_code
    page = soup(response)
    assert page.title.get_text().startswith("Error: "), page.title.get_text()
    summary = page.select_one("[data-error-summary]")
    assert summary is not None, "no error summary"
    assert summary.find(string=lambda s: s and "There is a problem" in s)
    links = {a["href"]: " ".join(a.get_text().split()) for a in summary.select("a")}
    target = f"#{field_id}"
    assert target in links, f"{target} not in {links}"
    assert message in links[target], f"{message!r} not in {links[target]!r}"
    base_id = field_id.rsplit("_", 1)[0] if field_id.endswith(("_0", "_1")) else field_id
    beside = page.select_one(f"#{base_id}_error")
    assert beside is not None, f"no message next to {base_id}"
    assert message in " ".join(beside.get_text().split())
    assert page.find(id=field_id) is not None, f"no input with id {field_id}"


def field_value(response, field_id):
    element = soup(response).find(id=field_id)
    return element.get("value") if element.name == "input" else element.get_text()


def checked_value(response, name):
    checked = soup(response).select_one(f"input[name={name}][checked]")
    return checked["value"] if checked else None


def assert_redirects_to(response, url):
    """A redirect (302) to exactly this address, query string included; Django's test client
    gives the Location relative, as the views write it. A page that came back instead shows
    its text (a form's errors, say) in the failure."""
    assert response.status_code == 302, f"{response.status_code}: {text(response)}"
    assert response["Location"] == url, response["Location"]


def sign_in_url(next_url, sign_in="login"):
    """Where a page that needs a signed-in user sends anyone else: the sign-in page (the parents'
    or, with sign_in="admin:login", the staff site's), with the page to come back to, encoded as
    Django's redirect_to_login encodes it."""
    return f"{reverse(sign_in)}?next={quote(next_url, safe='/')}"


def form_values(response, selector="form"):
    """What a browser would send for the page's form as it stands: every input, select and
    textarea with its current value (checked boxes and radios only), buttons left out."""
    form = soup(response).select_one(selector)
    values = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            values[name] = chosen.get("value", chosen.get_text()) if chosen else ""
        elif field.name == "textarea":
            values[name] = field.get_text()
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                values[name] = field.get("value", "on")
        else:
            values[name] = field.get("value", "")
    return values
