"""The web app on CONSOLE_PORT: JSON API (CONTRACT §7), login and roles, FAQ editor pages."""
