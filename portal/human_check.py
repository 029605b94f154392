"""The human check that account pages ask for once a session or a client address has asked
for more codes or emails than people do (portal.account_messages).

django-simple-captcha keeps each challenge (one answer, CAPTCHA_TIMEOUT minutes) and draws the
picture; the field and its widget are ours, in the site's design and language. Those who cannot
see the picture answer a written sum instead (screen readers read it, in either language): the
page's link to it switches the form to that question.
"""

import random

from captcha.helpers import random_char_challenge
from captcha.models import CaptchaStore
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .account_messages import needs_human_check

SESSION_MODE = "human_check_mode"
PICTURE = "picture"
QUESTION = "question"
MODES = (PICTURE, QUESTION)

NUMBER_WORDS = [
    _("one"),
    _("two"),
    _("three"),
    _("four"),
    _("five"),
    _("six"),
    _("seven"),
    _("eight"),
    _("nine"),
]


def new_challenge(mode: str) -> CaptchaStore:
    if mode == QUESTION:
        first, second = random.randint(1, 9), random.randint(1, 9)
        return CaptchaStore.objects.create(
            challenge=f"{first}+{second}", response=str(first + second)
        )
    challenge, response = random_char_challenge()
    return CaptchaStore.objects.create(challenge=challenge, response=response)


def question_text(challenge: str) -> str:
    first, second = (int(part) for part in challenge.split("+"))
    return _("What is %(first)s plus %(second)s?") % {
        "first": NUMBER_WORDS[first - 1],
        "second": NUMBER_WORDS[second - 1],
    }


class HumanCheckWidget(forms.MultiWidget):
    """The challenge's key (hidden) and the answer; a fresh challenge each time it is drawn."""

    template_name = "portal/widgets/human_check.html"

    def __init__(self, store: CaptchaStore, mode: str, other_mode_url: str):
        self.store = store
        self.mode = mode
        self.other_mode_url = other_mode_url
        super().__init__(
            (
                forms.HiddenInput(),
                forms.TextInput(
                    attrs={
                        "autocomplete": "off",
                        "autocapitalize": "off",
                        "spellcheck": "false",
                        "inputmode": "numeric" if mode == QUESTION else "text",
                    }
                ),
            ),
            attrs={"class": "input-width-5"},
        )

    def decompress(self, value):
        return [None, None]

    def get_context(self, name, value, attrs):
        """Always the new challenge, never the one answered (used up) or its answer."""
        context = super().get_context(name, [self.store.hashkey, ""], attrs)
        context["mode"] = self.mode
        context["other_mode_url"] = self.other_mode_url
        if self.mode == PICTURE:
            context["image_url"] = reverse("captcha-image", kwargs={"key": self.store.hashkey})
        return context

    def id_for_label(self, id_):
        return f"{id_}_1" if id_ else id_


class HumanCheckField(forms.MultiValueField):
    """Right when the answer matches its challenge, which is used up either way."""

    def __init__(self, *, mode: str, other_mode_url: str, **kwargs):
        store = new_challenge(mode)
        kwargs.setdefault(
            "label",
            question_text(store.challenge)
            if mode == QUESTION
            else _("Type the 4 letters in the picture"),
        )
        kwargs.setdefault(
            "help_text",
            _("Answer in digits, for example 12.")
            if mode == QUESTION
            else _("Capital or small letters, either works."),
        )
        super().__init__(
            fields=(forms.CharField(), forms.CharField(max_length=20)),
            widget=HumanCheckWidget(store, mode, other_mode_url),
            require_all_fields=True,
            error_messages={
                "required": _("Answer the check, so that we know a person is asking"),
                "incomplete": _("Answer the check, so that we know a person is asking"),
                "invalid": _("That answer was not right. Try the new check"),
            },
            **kwargs,
        )

    def compress(self, data_list):
        return data_list

    def clean(self, value):
        key, answer = super().clean(value)
        store = CaptchaStore.objects.filter(hashkey=key, expiration__gt=timezone.now()).first()
        CaptchaStore.objects.filter(hashkey=key).delete()
        CaptchaStore.remove_expired()
        if store is None or store.response != answer.strip().lower():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return True


class HumanCheckFormMixin:
    """Adds the `human_check` question when the view says it is needed (`human_check_mode`
    is PICTURE or QUESTION; None leaves it out)."""

    def __init__(self, *args, human_check_mode=None, other_check_url="", **kwargs):
        super().__init__(*args, **kwargs)
        if human_check_mode:
            self.fields["human_check"] = HumanCheckField(
                mode=human_check_mode, other_mode_url=other_check_url
            )


def form_kwargs(request, requester) -> dict:
    """What a form that sends a code or an account email needs to ask for the check: nothing
    before the requester had its share (portal.account_messages); then the picture, or the
    written question once the page's link asked for it (the session remembers the choice)."""
    if not needs_human_check(requester):
        return {}
    mode = request.GET.get("check") or request.session.get(SESSION_MODE)
    if mode not in MODES:
        mode = PICTURE
    request.session[SESSION_MODE] = mode
    query = request.GET.copy()
    query["check"] = QUESTION if mode == PICTURE else PICTURE
    return {
        "human_check_mode": mode,
        "other_check_url": f"{request.path}?{query.urlencode()}#id_human_check_1",
    }
