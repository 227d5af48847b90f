from flask import jsonify

from listening.api import bp
from listening.api.auth import api_roles
from listening.services import wards


@bp.get("/wards")
@api_roles()
def list_wards():
    return jsonify([{"code": w.code, "name": w.name} for w in wards.list_wards()])
