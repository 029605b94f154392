"""The SMS gateway's backends: the console writes what a phone would show, and the providers'
backends build the requests their official SDKs send, and read the documented error answers
into the portal's own terms. No network: each SDK's transport is replaced by the answer the
provider documents."""

import io
import json

import pytest
from alibabacloud_dysmsapi20170525.client import Client as AlibabaClient
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.sms.v20210111.sms_client import SmsClient as TencentClient

from portal import sms
from portal.sms.backends import alibaba, console, tencent

MESSAGE = sms.SmsMessage(
    to="+8613800138000",
    kind="sign_in_code",
    params={"code": "123456", "minutes": "5"},
    language="zh-hans",
)


@pytest.fixture
def provider_settings(settings):
    settings.SMS_SIGNATURE = "某市医保"
    settings.SMS_TEMPLATES = {"sign_in_code": "SMS_465300001", "sign_in_code.en": "SMS_465300002"}
    settings.ALIBABA_SMS_ACCESS_KEY_ID = "LTAI-test"
    settings.ALIBABA_SMS_ACCESS_KEY_SECRET = "secret"
    settings.TENCENT_SMS_SECRET_ID = "AKID-test"
    settings.TENCENT_SMS_SECRET_KEY = "secret"
    settings.TENCENT_SMS_APP_ID = "1400000001"
    settings.TENCENT_SMS_TEMPLATES = {}
    return settings


def test_the_console_backend_prints_the_message_a_phone_would_show(settings):
    settings.SMS_SIGNATURE = "少儿医保参保"
    stream = io.StringIO()
    console.SmsBackend(stream=stream).send(MESSAGE)
    printed = stream.getvalue()
    assert "SMS to +8613800138000" in printed
    assert "【少儿医保参保】" in printed and "123456" in printed


@pytest.mark.parametrize(
    ("kind", "params", "shown"),
    [
        ("sign_in_code", {"code": "123456", "minutes": "5"}, "123456"),
        ("change_number_code", {"code": "123456", "minutes": "5"}, "123456"),
        ("number_changed", {"number": "139****9000"}, "139****9000"),
    ],
)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_each_message_fits_one_segment_in_either_language(settings, kind, params, shown, language):
    """With a Chinese signature every message is sent as UCS-2: 70 characters a segment."""
    settings.SMS_SIGNATURE = "少儿医保参保"
    message = sms.SmsMessage(MESSAGE.to, kind, params, language)
    assert len(message.text()) <= sms.SEGMENT_CHARACTERS, message.text()
    assert shown in message.text() and message.text().startswith("【少儿医保参保】")


class AlibabaTransport:
    """Stands in for the SDK's call_api: keeps what it was asked, answers as documented."""

    def __init__(self, body):
        self.body, self.calls = body, []

    def __call__(self, client, params, request, runtime):
        self.calls.append((params, request))
        return {"headers": {}, "statusCode": 200, "body": self.body}


def alibaba_answer(monkeypatch, body):
    transport = AlibabaTransport(body)
    monkeypatch.setattr(AlibabaClient, "call_api", lambda self, p, r, rt: transport(self, p, r, rt))
    return transport


def test_alibaba_builds_the_send_sms_request(provider_settings, monkeypatch):
    transport = alibaba_answer(
        monkeypatch,
        {"Code": "OK", "Message": "OK", "BizId": "9006197469364984", "RequestId": "F655A8D5"},
    )
    assert alibaba.SmsBackend().send(MESSAGE) == "9006197469364984"
    [(params, request)] = transport.calls
    assert params.action == "SendSms" and params.version == "2017-05-25"
    assert request.query["PhoneNumbers"] == "13800138000"
    assert request.query["SignName"] == "某市医保"
    assert request.query["TemplateCode"] == "SMS_465300001"
    assert json.loads(request.query["TemplateParam"]) == {"code": "123456", "minutes": "5"}


def test_alibaba_uses_the_english_template_for_an_english_speaking_parent(
    provider_settings, monkeypatch
):
    transport = alibaba_answer(monkeypatch, {"Code": "OK", "BizId": "1"})
    english = sms.SmsMessage(MESSAGE.to, MESSAGE.kind, MESSAGE.params, "en")
    alibaba.SmsBackend().send(english)
    assert transport.calls[0][1].query["TemplateCode"] == "SMS_465300002"


@pytest.mark.parametrize(
    ("code", "error", "retryable"),
    [
        ("isv.BUSINESS_LIMIT_CONTROL", sms.SmsThrottled, True),
        ("isv.DAY_LIMIT_CONTROL", sms.SmsThrottled, True),
        ("isv.MOBILE_NUMBER_ILLEGAL", sms.SmsInvalidNumber, False),
        ("isv.SMS_TEMPLATE_ILLEGAL", sms.SmsTemplateRefused, False),
        ("isv.SMS_SIGNATURE_ILLEGAL", sms.SmsTemplateRefused, False),
        ("isv.OUT_OF_SERVICE", sms.SmsError, True),
    ],
)
def test_alibaba_error_answers_become_the_portals_errors(
    provider_settings, monkeypatch, code, error, retryable
):
    alibaba_answer(monkeypatch, {"Code": code, "Message": "触发业务流控", "RequestId": "X"})
    with pytest.raises(error) as raised:
        alibaba.SmsBackend().send(MESSAGE)
    assert raised.value.code == code and raised.value.retryable is retryable


class TencentTransport:
    def __init__(self, response):
        self.response, self.calls = response, []

    def __call__(self, client, action, params, headers=None):
        self.calls.append((action, params))
        if isinstance(self.response, Exception):
            raise self.response
        return json.dumps({"Response": self.response})


def tencent_answer(monkeypatch, response):
    transport = TencentTransport(response)
    monkeypatch.setattr(
        TencentClient, "call", lambda self, a, p, headers=None, **kw: transport(self, a, p, headers)
    )
    return transport


def tencent_status(code, message="send success"):
    return {
        "SendStatusSet": [
            {
                "SerialNo": "5000:1045710669157053657849499619",
                "PhoneNumber": "+8613800138000",
                "Fee": 1,
                "SessionContext": "",
                "Code": code,
                "Message": message,
                "IsoCode": "CN",
            }
        ],
        "RequestId": "a0aabda6-cf91-4f3e-a81f-9198114a2279",
    }


def test_tencent_builds_the_send_sms_request(provider_settings, monkeypatch):
    transport = tencent_answer(monkeypatch, tencent_status("Ok"))
    assert tencent.SmsBackend().send(MESSAGE) == "5000:1045710669157053657849499619"
    [(action, params)] = transport.calls
    assert action == "SendSms"
    assert params["PhoneNumberSet"] == ["+8613800138000"]
    assert params["SmsSdkAppId"] == "1400000001" and params["SignName"] == "某市医保"
    assert params["TemplateId"] == "SMS_465300001"
    assert params["TemplateParamSet"] == ["123456", "5"], "in the order of {1}, {2}"


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("LimitExceeded.PhoneNumberOneHourLimit", sms.SmsThrottled),
        ("LimitExceeded.PhoneNumberDailyLimit", sms.SmsThrottled),
        ("InvalidParameterValue.IncorrectPhoneNumber", sms.SmsInvalidNumber),
        ("FailedOperation.TemplateIncorrectOrUnapproved", sms.SmsTemplateRefused),
        ("FailedOperation.SignatureIncorrectOrUnapproved", sms.SmsTemplateRefused),
        ("FailedOperation.InsufficientBalanceInSmsPackage", sms.SmsError),
    ],
)
def test_tencent_per_number_error_answers_become_the_portals_errors(
    provider_settings, monkeypatch, code, error
):
    tencent_answer(monkeypatch, tencent_status(code, "refused"))
    with pytest.raises(error) as raised:
        tencent.SmsBackend().send(MESSAGE)
    assert raised.value.code == code


def test_tencent_request_level_errors_become_the_portals_errors(provider_settings, monkeypatch):
    tencent_answer(
        monkeypatch,
        TencentCloudSDKException("FailedOperation.TemplateIncorrectOrUnapproved", "unapproved"),
    )
    with pytest.raises(sms.SmsTemplateRefused):
        tencent.SmsBackend().send(MESSAGE)


@pytest.mark.parametrize("backend", [alibaba.SmsBackend, tencent.SmsBackend])
def test_a_provider_without_its_settings_says_which_is_missing(settings, backend):
    settings.SMS_TEMPLATES = {}
    with pytest.raises(sms.SmsNotConfigured) as raised:
        backend().send(MESSAGE)
    assert "is not set" in str(raised.value) or "SMS_TEMPLATES" in str(raised.value)
