"""The demo logins' passwords: from NEWSROOM_DEMO_PASSWORD when set, else generated once and
kept in a git-ignored file in the checkout, so `make run` can print them every time."""

import os
import secrets
from pathlib import Path

from django.conf import settings

PASSWORD_ENV = "NEWSROOM_DEMO_PASSWORD"


def passwords_file():
    """`.demo-passwords` in the checkout (tests point NEWSROOM_DEMO_PASSWORDS_FILE elsewhere)."""
    return Path(
        getattr(settings, "NEWSROOM_DEMO_PASSWORDS_FILE", settings.BASE_DIR / ".demo-passwords")
    )


def stored_passwords():
    """{username: password} from the file; empty when there is none yet."""
    path = passwords_file()
    if not path.exists():
        return {}
    passwords = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            username, _, password = line.strip().partition(" ")
            passwords[username] = password.strip()
    return passwords


def store_passwords(passwords):
    path = passwords_file()
    lines = ["# Demo logins made by `manage.py load_demo`. Not in git; delete to forget them."]
    lines += [f"{username} {password}" for username, password in sorted(passwords.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)


def password_for_new_login(username):
    """The password a new demo login gets: the environment's, the file's, or a new one (kept)."""
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    passwords = stored_passwords()
    if username not in passwords:
        passwords[username] = f"{username}-{secrets.token_urlsafe(9)}"
        store_passwords(passwords)
    return passwords[username]


def known_password(username):
    """The password to print for a demo login, or None when it was set some other way."""
    return os.environ.get(PASSWORD_ENV) or stored_passwords().get(username)
