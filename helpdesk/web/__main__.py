"""`python -m helpdesk.web`: migrate, create the admin on first start, serve on CONSOLE_PORT."""

from __future__ import annotations

import logging

from helpdesk.accounts.users import ensure_admin
from helpdesk.config import get_settings
from helpdesk.privacy.log_masking import install_log_masking
from helpdesk.store.migrate import upgrade_database
from helpdesk.web.app import create_app


def main() -> None:
    install_log_masking()
    stack = get_settings()
    logging.basicConfig(level=stack.log_level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = stack.web
    upgrade_database()
    generated = ensure_admin(settings.admin_password)
    if generated:
        print(f"\n  Created the web app user 'admin' with the password: {generated}\n"
              "  (shown once; set HELPDESK_ADMIN_PASSWORD to choose it)\n", flush=True)
    app = create_app(settings)
    app.run(host=stack.bind_host, port=settings.console_port,  # HELPDESK_BIND
            workers=1, access_log=False, motd=False)


if __name__ == "__main__":
    main()
