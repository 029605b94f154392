"""The server process killed mid-wizard and started again: the parent signs in and finds the
draft as it was, uploads included, and finishes it."""

from tools.http_parent import Gunicorn, HttpParent, manage, portal_environment


def test_the_draft_survives_the_server_being_killed_mid_wizard(tmp_path):
    env = portal_environment(f"sqlite:///{tmp_path / 'portal.sqlite3'}", tmp_path / "media")
    manage("migrate", "--no-input", env=env)
    manage("load_demo_data", env=env)
    server = Gunicorn(env).start()
    try:
        parent = HttpParent(server.base_url, "crash@example.com")
        parent.sign_up(env["EMAIL_FILE_PATH"])
        parent.start(office_id=1)
        answered = parent.answer_steps(serial=1, through="household-register")
        assert "child" in answered
        server.kill()  # SIGKILL: no clean shutdown, as in a crash

        server.start()
        browser_after = HttpParent(server.base_url, "crash@example.com")
        browser_after.sign_in()
        resumed = browser_after.get(parent.application_path)
        assert resumed.url.endswith(parent.next_path)  # the first page not answered
        child_page = browser_after.get(f"{parent.application_path}child/").text
        assert 'value="王小明"' in child_page
        register_page = browser_after.get(f"{parent.application_path}household-register/").text
        assert "head.png" in register_page and "child.pdf" in register_page

        browser_after.application_path = parent.application_path
        browser_after.next_path = parent.next_path
        browser_after.answer_steps(serial=1)
        reference = browser_after.submit()
        assert len(reference) == 14
    finally:
        server.kill()
