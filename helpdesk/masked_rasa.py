"""`python -m helpdesk.masked_rasa ARGS`: the `rasa ARGS` command line (the Rasa server,
`run actions` for the rasa-sdk action server) with personal data masked in all its log
output from the first line on (helpdesk.log_masking)."""

from __future__ import annotations

import sys

from helpdesk.log_masking import install_log_masking


def main() -> None:
    install_log_masking()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
