from flask import jsonify

from listening.api.auth import api_roles
from listening.api.blueprint import bp
from listening.services import places


@bp.get("/wards")
@api_roles()
def list_wards():
    return jsonify([{"code": w.code, "name": w.name} for w in places.list_wards()])
