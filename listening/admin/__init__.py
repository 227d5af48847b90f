from flask import Blueprint

bp = Blueprint("admin", __name__)

from listening.admin import organisations, users, wards  # noqa: E402,F401
from listening.admin.forms import kind_label, role_label  # noqa: E402

bp.add_app_template_global(role_label)
bp.add_app_template_global(kind_label)
