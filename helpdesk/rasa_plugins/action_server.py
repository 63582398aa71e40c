"""`python -m helpdesk.rasa_plugins.action_server`: the rasa-sdk action server, serving only Rasa.

An action call carries a whole tracker, slots included: whoever can post one can have the
actions read out any customer's data ("customer_id" and "verified" set by hand). So the
server listens on HELPDESK_BIND (127.0.0.1 by default), and every request but `GET
/health` must carry the internal secret (`X-Helpdesk-Secret`, which Rasa sends from
endpoints.yml's `action_endpoint.headers`); anything else gets 403 JSON before it reaches
rasa-sdk. Personal data is masked in the log output from the first line on, as with
`helpdesk.rasa_plugins.masked_rasa`."""

from __future__ import annotations

import argparse
import logging

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from helpdesk.config import get_settings
from helpdesk.privacy.log_masking import install_log_masking
from helpdesk.security.internal_auth import (
    INTERNAL_SECRET_HEADER,
    internal_secret,
    is_internal_request,
)

log = logging.getLogger(__name__)
OPEN_PATHS = frozenset({"/health"})
REFUSED = f"this server answers only the helpdesk's Rasa server ({INTERNAL_SECRET_HEADER})"


def install_internal_only(app: Sanic) -> None:
    """Refuse (403 JSON) every request but OPEN_PATHS that lacks the internal secret."""
    @app.on_request
    async def internal_only(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS or is_internal_request(request.headers):
            return None
        log.warning("refused %s %s from %s: no valid %s header", request.method,
                    request.path, request.remote_addr or request.ip, INTERNAL_SECRET_HEADER)
        return response.json({"error": REFUSED}, status=403)


def create_action_app(actions_package: str) -> Sanic:
    """rasa-sdk's app for ACTIONS_PACKAGE (no CORS: browsers have no business here),
    behind the internal secret."""
    from rasa_sdk.endpoint import create_app

    app = create_app(actions_package, cors_origins="")
    install_internal_only(app)
    return app


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m helpdesk.rasa_plugins.action_server",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--actions", default="actions", help="package of the actions")
    parser.add_argument("--host", default=None, help="address to listen on "
                        "(default: HELPDESK_BIND, else 127.0.0.1)")
    parser.add_argument("--port", type=int, default=5055)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    install_log_masking()
    arguments = parse_arguments(argv)
    from rasa_sdk import utils
    from rasa_sdk.plugin import plugin_manager

    settings = get_settings()
    utils.configure_colored_logging(settings.rasa_log_level)
    utils.update_sanic_log_level()
    if not internal_secret():
        raise SystemExit("HELPDESK_INTERNAL_SECRET is not set: the action server would "
                         "refuse every call (start it through `helpdesk run`)")
    app = create_action_app(arguments.actions)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    host = arguments.host or settings.bind_host
    log.info("Action server for Rasa only on http://%s:%d", host, arguments.port)
    app.run(host, arguments.port, workers=utils.number_of_sanic_workers(),
            access_log=False, motd=False)


if __name__ == "__main__":
    main()
