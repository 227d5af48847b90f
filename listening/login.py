"""Flask-Login wiring."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from listening.extensions import login_manager
from listening.services.accounts import load_session_user


def init_app(app) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = _l("Sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_session_user)
