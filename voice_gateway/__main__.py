"""`python -m voice_gateway`: serve the voice gateway on VOICE_PORT (and AUDIOSOCKET_PORT)."""

from __future__ import annotations

import logging

from helpdesk.config import get_settings
from helpdesk.privacy.log_masking import install_log_masking
from voice_gateway.app import create_app
from voice_gateway.calls import call_state_store


def main() -> None:
    install_log_masking()
    stack = get_settings()
    logging.basicConfig(level=stack.log_level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = stack.voice
    host = stack.bind_host  # HELPDESK_BIND, 127.0.0.1 by default
    # Redis at LOCK_STORE_URL (several gateways behind a balancer), else this process's
    call_state = call_state_store(stack.lock_store_url, stack.lock_store_prefix)
    app = create_app(settings, audiosocket_host=host, call_state=call_state)
    app.run(host=host, port=settings.voice_port,
            workers=1, access_log=False, motd=False)


if __name__ == "__main__":
    main()
