"""manage.py run as a deployment runs it: its own process, with only the settings given."""

import os
import subprocess
import sys

from .paths import ROOT

PRODUCTION = {
    "PORTAL_ENV": "production",
    "SECRET_KEY": "a-long-random-secret-for-the-test-only-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "portal.example.gov.cn",
    "DATABASE_URL": "sqlite:////tmp/portal-deploy-check.sqlite3",
    "SMS_BACKEND": "portal.sms.backends.alibaba.SmsBackend",
    "ALIBABA_SMS_ACCESS_KEY_ID": "LTAI-deploy-check",
    "ALIBABA_SMS_ACCESS_KEY_SECRET": "deploy-check",
    "SMS_TEMPLATES": (
        "sign_in_code=SMS_465300001,change_number_code=SMS_465300002,number_changed=SMS_465300003,"
        "status_returned=SMS_465300004,status_verified=SMS_465300005,status_paid=SMS_465300006,"
        "status_sent_to_card_centre=SMS_465300007,status_card_issued=SMS_465300008,"
        "renewal_open=SMS_465300009,renewal_due=SMS_465300010,cover_lapsed=SMS_465300011"
    ),
}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
