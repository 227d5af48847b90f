"""The `flask --app listening` commands other tools rely on."""

from listening.services.accounts import users
from listening.services.places import wards


def test_wards_seed_loads_the_33_leeds_wards_once(app, runner):
    first = runner.invoke(args=["wards", "seed"])
    assert first.exit_code == 0 and "33 created" in first.output
    again = runner.invoke(args=["wards", "seed"])
    assert "0 created, 0 renamed" in again.output
    with app.app_context():
        assert len(wards.list_wards()) == 33
        assert wards.get_ward_by_code("E05011402").name == "Kirkstall"
        assert wards.get_ward_by_code("e05011411").name == "Roundhay"


def test_users_create_and_token(app, runner, make):
    org = make.org(make.OrgKind.ANCHOR, name="Test Trust")
    result = runner.invoke(
        args=["users", "create", "Nia@Example.org", "--name", "Nia", "--role", "anchor", "--org", "test trust"]
    )
    assert result.exit_code == 0, result.output
    assert "Set-password link path: /set-password/" in result.output
    token = runner.invoke(args=["users", "token", "nia@example.org"])
    assert token.exit_code == 0
    printed = token.output.strip()
    assert printed.startswith("hark_") and "\n" not in printed  # only the token
    with app.app_context():
        assert users.user_for_token(printed).email == "nia@example.org"
    assert org.id


def test_users_create_refuses_bad_input_plainly(runner, make):
    make.org(make.OrgKind.ANCHOR, name="Some Trust")
    unknown_org = runner.invoke(args=["users", "create", "a@example.org", "--name", "A", "--role", "anchor", "--org", "Nope"])
    assert unknown_org.exit_code != 0 and "No organisation called 'Nope'" in unknown_org.output
    wrong_kind = runner.invoke(args=["users", "create", "a@example.org", "--name", "A", "--role", "staff", "--org", "Some Trust"])
    assert wrong_kind.exit_code != 0 and "must belong to a community organisation" in wrong_kind.output
    bad_role = runner.invoke(args=["users", "create", "a@example.org", "--name", "A", "--role", "king", "--org", "Some Trust"])
    assert bad_role.exit_code != 0


def test_users_deactivate_revokes_tokens(app, runner, make):
    user = make.user(make.Role.STAFF)
    token = runner.invoke(args=["users", "token", user.email]).output.strip()
    result = runner.invoke(args=["users", "deactivate", user.email])
    assert result.exit_code == 0
    with app.app_context():
        assert users.user_for_token(token) is None
    assert runner.invoke(args=["users", "token", user.email]).exit_code != 0


def test_demo_seed_creates_every_demo_account(app, runner):
    runner.invoke(args=["wards", "seed"])
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        seen = {u.email: u for u in users.list_users()}
    expected = {
        "staff@example.org": "staff", "staff2@example.org": "staff", "anchor@example.org": "anchor",
        "anchor2@example.org": "anchor", "organiser@example.org": "organiser", "admin@example.org": "admin",
    }
    for email, role in expected.items():
        assert seen[email].role.value == role
    assert seen["staff@example.org"].organisation_id != seen["staff2@example.org"].organisation_id
    assert seen["anchor@example.org"].organisation_id != seen["anchor2@example.org"].organisation_id
    assert "demo-password" in result.output


def test_demo_seed_refuses_production(app, tmp_path):
    from config import ProductionConfig
    from listening import create_app

    class Prod(ProductionConfig):
        SECRET_KEY = "x" * 32
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'prod.db'}"
        INSTANCE_PATH = tmp_path
        HUEY_SQLITE_PATH = str(tmp_path / "huey.db")

    from listening.extensions import huey

    try:
        result = create_app(Prod).test_cli_runner().invoke(args=["demo", "seed"])
    finally:
        huey.init_app(app)  # the production app bound the shared queue to a file: back to in-process
    assert result.exit_code != 0 and "Refusing to create demo accounts" in result.output
