"""`python -m helpdesk.rasa_plugins.masked_rasa ARGS`: the `rasa ARGS` command line (the Rasa
server) with personal data masked in all its log output from the first line on
(helpdesk.privacy.log_masking).

`--auth-token-from-env` stands for `--auth-token $RASA_API_TOKEN`: the token reaches
Rasa without being on the command line, where `ps` would show it to every local user.
Without a token the server is not started (its HTTP API would be open to anyone)."""

from __future__ import annotations

import sys

from helpdesk.config import RASA_API_TOKEN_ENV, get_settings
from helpdesk.privacy.log_masking import install_log_masking

TOKEN_FROM_ENV = "--auth-token-from-env"


def rasa_arguments(args: list[str]) -> list[str]:
    """ARGS with TOKEN_FROM_ENV replaced by `--auth-token` and the environment's token."""
    if TOKEN_FROM_ENV not in args:
        return args
    token = get_settings().secrets.rasa_api_token
    if not token:
        raise SystemExit(f"{RASA_API_TOKEN_ENV} is not set: refusing to start Rasa's HTTP "
                         "API without a token")
    at = args.index(TOKEN_FROM_ENV)
    # One argument: a generated token may start with "-", which argparse would take for
    # an option of its own ("--auth-token: expected one argument", and no Rasa).
    return [*args[:at], f"--auth-token={token}", *args[at + 1:]]


def main() -> None:
    install_log_masking()
    args = rasa_arguments(sys.argv[1:])
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *args]
    rasa_main()


if __name__ == "__main__":
    main()
