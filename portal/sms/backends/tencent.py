"""Tencent Cloud SMS (the 2021-01-11 SendSms API) through its official SDK.

Settings: TENCENT_SMS_SECRET_ID and TENCENT_SMS_SECRET_KEY (a CAM user allowed sms:SendSms),
TENCENT_SMS_APP_ID (the SmsSdkAppId), TENCENT_SMS_REGION (ap-guangzhou), SMS_SIGNATURE and
SMS_TEMPLATES (the approved template ids, digits). Tencent's templates number their parameters
{1}, {2}...: they are filled in the order each message kind lists them (templates/sms/). Each
number's answer has a `Code`, "Ok" or one of the documented error codes:
https://cloud.tencent.com/document/product/382/52075
"""

from django.conf import settings
from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sms.v20210111 import models as sms_models
from tencentcloud.sms.v20210111.sms_client import SmsClient

from ..errors import SmsError, SmsInvalidNumber, SmsTemplateRefused, SmsThrottled
from .base import BaseSmsBackend

INVALID_NUMBER = {
    "InvalidParameterValue.IncorrectPhoneNumber",
    "FailedOperation.PhoneNumberInBlacklist",
    "FailedOperation.PhoneNumberParseFail",
}
TEMPLATE_REFUSED = {
    "FailedOperation.TemplateIncorrectOrUnapproved",
    "FailedOperation.TemplateUnapprovedOrNotExist",
    "FailedOperation.SignatureIncorrectOrUnapproved",
    "FailedOperation.TemplateParamSetNotMatchApprovedTemplate",
    "FailedOperation.MissingSignature",
    "InvalidParameterValue.SignExistAndUnapproved",
    "InvalidParameterValue.TemplateParameterFormatError",
    "InvalidParameterValue.TemplateParameterLengthLimit",
}


def error_for(code: str, message: str) -> SmsError:
    if code.startswith("LimitExceeded.") or code == "RequestLimitExceeded":
        return SmsThrottled(message, code=code)
    if code in INVALID_NUMBER:
        return SmsInvalidNumber(message, code=code)
    if code in TEMPLATE_REFUSED:
        return SmsTemplateRefused(message, code=code)
    return SmsError(message, code=code)


class SmsBackend(BaseSmsBackend):
    def client(self) -> SmsClient:
        profile = ClientProfile(httpProfile=HttpProfile(reqTimeout=10))
        return SmsClient(
            credential.Credential(
                self.setting("TENCENT_SMS_SECRET_ID"), self.setting("TENCENT_SMS_SECRET_KEY")
            ),
            settings.TENCENT_SMS_REGION,
            profile,
        )

    def request_for(self, message) -> sms_models.SendSmsRequest:
        request = sms_models.SendSmsRequest()
        request.PhoneNumberSet = [message.to]
        request.SmsSdkAppId = self.setting("TENCENT_SMS_APP_ID")
        request.SignName = self.setting("SMS_SIGNATURE")
        request.TemplateId = self.template_id(message)
        request.TemplateParamSet = [str(value) for value in message.params.values()]
        return request

    def send(self, message) -> str:
        request = self.request_for(message)
        try:
            response = self.client().SendSms(request)
        except TencentCloudSDKException as error:
            raise error_for(error.code or "", f"{error.code}: {error.message}") from error
        statuses = response.SendStatusSet or []
        if not statuses:
            raise SmsError("Tencent Cloud answered without a status for the number")
        status = statuses[0]
        if status.Code != "Ok":
            raise error_for(status.Code or "", f"{status.Code}: {status.Message}")
        return status.SerialNo or ""
