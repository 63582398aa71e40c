"""`python -m voice_gateway`: serve the voice gateway on VOICE_PORT (and AUDIOSOCKET_PORT)."""

from __future__ import annotations

import logging
import os

from helpdesk.config import get_settings
from helpdesk.privacy.log_masking import install_log_masking
from voice_gateway.app import create_app
from voice_gateway.voice_settings import VoiceSettings


def main() -> None:
    install_log_masking()
    logging.basicConfig(level=os.environ.get("HELPDESK_LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = VoiceSettings.from_env()
    host = get_settings().bind_host  # HELPDESK_BIND, 127.0.0.1 by default
    app = create_app(settings, audiosocket_host=host)
    app.run(host=host, port=settings.voice_port,
            workers=1, access_log=False, motd=False)


if __name__ == "__main__":
    main()
