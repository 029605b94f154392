"""Alibaba Cloud SMS (短信服务, the dysmsapi 2017-05-25 API) through its official SDK.

Settings: ALIBABA_SMS_ACCESS_KEY_ID and ALIBABA_SMS_ACCESS_KEY_SECRET (a RAM user with
AliyunDysmsSendAccess), ALIBABA_SMS_ENDPOINT (dysmsapi.aliyuncs.com), SMS_SIGNATURE (the
approved 签名) and SMS_TEMPLATES (the approved template codes, "SMS_123456789"). The answer's
`Code` is "OK" or one of the documented error codes:
https://help.aliyun.com/zh/sms/developer-reference/api-error-codes
"""

import json

from alibabacloud_dysmsapi20170525 import models as dysms_models
from alibabacloud_dysmsapi20170525.client import Client
from alibabacloud_tea_openapi import utils_models as openapi_models
from django.conf import settings

from ...phone_numbers import national_digits
from ..errors import SmsError, SmsInvalidNumber, SmsTemplateRefused, SmsThrottled
from .base import BaseSmsBackend

THROTTLED = {"isv.BUSINESS_LIMIT_CONTROL", "isv.DAY_LIMIT_CONTROL", "isv.MONTH_LIMIT_CONTROL"}
INVALID_NUMBER = {"isv.MOBILE_NUMBER_ILLEGAL", "isv.BLACK_KEY_CONTROL_LIMIT"}
TEMPLATE_REFUSED = {
    "isv.SMS_TEMPLATE_ILLEGAL",
    "isv.TEMPLATE_MISSING_PARAMETERS",
    "isv.SMS_SIGNATURE_ILLEGAL",
    "isv.SMS_SIGNATURE_SCENE_ILLEGAL",
    "isv.SIGN_STATE_ILLEGAL",
    "isv.SMS_SIGN_ILLEGAL",
    "isv.TEMPLATE_PARAMS_ILLEGAL",
}


def error_for(code: str, message: str) -> SmsError:
    if code in THROTTLED:
        return SmsThrottled(message, code=code)
    if code in INVALID_NUMBER:
        return SmsInvalidNumber(message, code=code)
    if code in TEMPLATE_REFUSED:
        return SmsTemplateRefused(message, code=code)
    return SmsError(message, code=code)


class SmsBackend(BaseSmsBackend):
    def client(self) -> Client:
        return Client(
            openapi_models.Config(
                access_key_id=self.setting("ALIBABA_SMS_ACCESS_KEY_ID"),
                access_key_secret=self.setting("ALIBABA_SMS_ACCESS_KEY_SECRET"),
                endpoint=settings.ALIBABA_SMS_ENDPOINT,
                connect_timeout=5000,
                read_timeout=10000,
            )
        )

    def request_for(self, message) -> dysms_models.SendSmsRequest:
        return dysms_models.SendSmsRequest(
            phone_numbers=national_digits(message.to),
            sign_name=self.setting("SMS_SIGNATURE"),
            template_code=self.template_id(message),
            template_param=json.dumps(message.params, ensure_ascii=False),
        )

    def send(self, message) -> str:
        request = self.request_for(message)
        try:
            response = self.client().send_sms(request)
        except Exception as error:  # the SDK raises its own exceptions for HTTP errors
            raise error_for(getattr(error, "code", "") or "", str(error)[:200]) from error
        body = response.body
        if body.code != "OK":
            raise error_for(body.code or "", f"{body.code}: {body.message}")
        return body.biz_id or ""
