"""A parent driving the portal over HTTP, and a portal served by gunicorn in a process of its own.

Used by the load test and by the test that kills the server mid-wizard: real processes, real
sockets, the same forms a browser would send.
"""

import datetime
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from tools.fake import PDF_BYTES, image_bytes, resident_id

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery 42"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


SCAN_PNG = image_bytes(800, 600, "PNG")
PHOTO_JPG = image_bytes(400, 500)


def child_id_number(serial):
    """The ID number of the child of load-test parent `serial`, born on a day of May 2018."""
    return resident_id(child_birth_date(serial), serial=serial)


def child_birth_date(serial):
    return datetime.date(2018, 5, 1 + serial // 500 % 28)


class JourneyError(AssertionError):
    pass


def confirmation_link(outbox, email):
    """The path of the newest confirmation link emailed to an address."""
    for message in sorted(Path(outbox).glob("*.log"), key=os.path.getmtime, reverse=True):
        body = message.read_text(encoding="utf-8", errors="replace")
        if re.search(rf"^To: {re.escape(email)}$", body, re.M):
            found = re.search(r"https?://[^/\s]+(/account/confirm/\S+/)", body)
            if found:
                return found.group(1)
    raise JourneyError(f"no confirmation link emailed to {email}")


class HttpParent:
    def __init__(self, base_url, email, *, timeout=60):
        self.base_url = base_url.rstrip("/")
        self.email = email
        self.session = requests.Session()
        self.session.headers["Accept-Language"] = "en"
        self.timeout = timeout
        self.timings = []

    def _request(self, method, path, **kwargs):
        started = time.perf_counter()
        response = self.session.request(
            method, self.base_url + path, timeout=self.timeout, **kwargs
        )
        self.timings.append(time.perf_counter() - started)
        if response.status_code >= 500:
            raise JourneyError(f"{method} {path}: HTTP {response.status_code}")
        return response

    def get(self, path):
        return self._request("GET", path)

    def post_form(self, path, data, files=None, *, expect_redirect=True):
        """GET the page for its CSRF token, POST the form, and check where it leads."""
        token = CSRF.search(self.get(path).text)
        if not token:
            raise JourneyError(f"GET {path}: no form")
        response = self._request(
            "POST",
            path,
            data={**data, "csrfmiddlewaretoken": token.group(1)},
            files=files,
            allow_redirects=False,
        )
        if expect_redirect and response.status_code != 302:
            problem = re.search(
                r"<div[^>]*data-error-summary[^>]*>(.*?)</div>", response.text, re.S
            )
            raise JourneyError(
                f"POST {path}: HTTP {response.status_code} {problem and re.sub('<[^>]+>', ' ', problem.group(1)).split()}"
            )
        return response

    def sign_up(self, outbox):
        """Create the account, follow the emailed link to confirm the address, and sign in.
        `outbox` is the folder the server's file-based mail backend writes to."""
        self.post_form(
            "/account/sign-up/", {"email": self.email, "password1": PASSWORD, "password2": PASSWORD}
        )
        link = confirmation_link(outbox, self.email)
        self.post_form(link, {})
        self.sign_in()

    def sign_in(self):
        self.post_form("/account/sign-in/email/", {"username": self.email, "password": PASSWORD})

    def start(self, office_id):
        """Choose the office: the application exists, and `next_path` is its next page."""
        self.next_path = self.post_form("/apply/new/", {"office": office_id}).headers["Location"]
        self.application_path = self.next_path.rsplit("/", 2)[0] + "/"
        return self.application_path

    def answer_steps(self, serial, *, through=None):
        """Answer each page the wizard sends the parent to, in the order it sends them, until
        the check page (or until the step `through` is answered); the steps answered."""
        answered = []
        while self.next_path.startswith(self.application_path) and through not in answered:
            name = self.next_path[len(self.application_path) :].strip("/")
            if name == "check":
                break
            data, files = self.answers(name, serial, again=answered[-1:] == [name])
            self.next_path = self.post_form(self.next_path, data, files).headers["Location"]
            answered.append(name)
        return answered

    def answers(self, step, serial, *, again=False):
        """What the parent sends on a step's page: (data, files). `again`: the same page a
        second time (the card photo shown back to confirm)."""
        if step == "child":
            return {
                "full_name": "王小明",
                "id_number": child_id_number(serial),
                "date_of_birth": child_birth_date(serial).isoformat(),
                "sex": "M",
                "first_enrollment": "False",
                "last_covered_year": str(datetime.date.today().year),
            }, None
        if step == "household-register":
            return {
                "register_number": "110001234",
                "register_type": "family",
                "address": "北京市东城区幸福路 8 号",
                "head_name": "王大明",
                "relationship_to_head": "child",
            }, {
                "head_page": ("head.png", SCAN_PNG, "image/png"),
                "child_page": ("child.pdf", PDF_BYTES, "application/pdf"),
            }
        if step == "guardian":
            return {
                "full_name": "王大明",
                "relationship": "father",
                "id_number": resident_id(datetime.date(1985, 5, 1), serial=7),
                "phone": "13800138000",
            }, None
        if step == "photo":
            if again:
                return {"use_photo": "1"}, None
            return {}, {"photo": ("photo.jpg", PHOTO_JPG, "image/jpeg")}
        if step == "fee":
            return {"subsidy": "none"}, None
        raise JourneyError(f"no answers for the step {step!r}")

    def submit(self):
        location = self.post_form(
            f"{self.application_path}declaration/", {"confirmed": "on"}
        ).headers["Location"]
        if not location.endswith("/confirmation/"):
            raise JourneyError(f"submitting led to {location}")
        page = self.get(location).text
        reference = re.search(r'class="reference-number[^"]*">([\d-]+)<', page)
        if not reference:
            raise JourneyError("no reference number on the confirmation page")
        return reference.group(1)

    def whole_journey(self, office_id, serial, outbox):
        self.sign_up(outbox)
        self.start(office_id)
        self.answer_steps(serial)
        return self.submit()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(*args, env):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def portal_environment(database_url, media_root):
    """The environment of a portal process: its database and uploads, and emails written as
    files in media_root/../emails (where HttpParent finds its confirmation link)."""
    return {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "AXES_FAILURE_LIMIT": "1000",
        "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(Path(media_root).parent / "emails"),
    }


class Gunicorn:
    """gunicorn serving the portal; `kill()` ends it the hard way, as a crash would."""

    def __init__(self, env, *, workers=2, threads=1):
        self.env, self.workers, self.threads = env, workers, threads
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        command = [
            sys.executable, "-m", "gunicorn", "portal.wsgi",
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers), "--threads", str(self.threads),
            "--timeout", "60", "--log-level", "warning",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, start_new_session=True)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if requests.get(self.base_url + "/healthz", timeout=5).status_code == 200:
                    return self
            except (requests.ConnectionError, requests.Timeout):
                # Not listening yet, or a worker still loading Django on a busy machine.
                time.sleep(0.2)
        self.kill()
        raise RuntimeError("gunicorn did not start")

    def kill(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
