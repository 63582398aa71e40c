"""The load balancer's configuration of the scaled stack."""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpdesk.config import Settings
from helpdesk.ops.scaled_stack import ScaledPorts, nginx_config, scaled_services
from helpdesk.wording import TEMPORARY_PROBLEM


def test_no_rasa_server_up_gets_the_polite_json_retry_message(tmp_path: Path) -> None:
    config = nginx_config(ScaledPorts.around(5005, 5055, 5080, 5090), tmp_path)
    body = re.search(r"return 503 '(.*)';", config).group(1).replace("\\'", "'")
    assert json.loads(body) == {"error": TEMPORARY_PROBLEM}
    assert config.count("error_page 502 504 = @unavailable;") == 1  # Rasa's server only


def test_access_log_leaves_out_query_strings(tmp_path: Path) -> None:
    config = nginx_config(ScaledPorts.around(5005, 5055), tmp_path)
    log_format = re.search(r"log_format no_query (.*);", config).group(1)
    assert "$uri" in log_format and "$request " not in log_format and "$args" not in log_format
    assert "no_query;" in config


def test_voice_gateways_sit_behind_the_voice_port(tmp_path: Path) -> None:
    ports = ScaledPorts.around(5005, 5055, 5080, 5090)
    assert ports.voice_backends == (5180, 5181) and ports.audiosocket_ports == (5090, 5091)
    config = nginx_config(ports, tmp_path)
    assert "listen 127.0.0.1:5080;" in config and "server 127.0.0.1:5181" in config
    assert "proxy_read_timeout 3600s;" in config  # a call's media stream stays open


def server_blocks(config: str) -> dict[str, str]:
    """`listen` address:port -> the text of that server block."""
    blocks = {}
    for block in config.split("  server {\n")[1:]:
        listen = re.search(r"listen (\S+);", block).group(1)
        blocks[listen] = block
    return blocks


def routed_to(block: str, path: str) -> str:
    """What nginx does with PATH in BLOCK: the upstream it is passed to, or the status it
    returns itself (exact `=` locations first, then the longest matching prefix)."""
    locations = dict(re.findall(r"    location (= \S+|/\S*) \{\n(.*?)\n    \}", block, re.S))
    exact = locations.get(f"= {path}")
    if exact is None:
        prefix = max((p for p in locations if not p.startswith("=") and path.startswith(p)),
                     key=len)
        exact = locations[prefix]
    passed = re.search(r"proxy_pass http://(\w+);", exact)
    return passed.group(1) if passed else re.search(r"return (\d+)", exact).group(1)


def test_the_public_rasa_port_forwards_only_the_customer_paths(tmp_path: Path) -> None:
    ports = ScaledPorts.around(5005, 5055, 5080, 5090)
    public = server_blocks(nginx_config(ports, tmp_path))["127.0.0.1:5005"]
    for path in ("/webhooks/rest/webhook", "/webhooks/voice/webhook", "/socket.io/",
                 "/health"):
        assert routed_to(public, path) == "rasa_servers", path
    for path in ("/conversations/C1/tracker", "/conversations/C1/tracker/events",
                 "/conversations/C1/execute", "/model", "/model/parse", "/status", "/",
                 "/version", "/domain", "/healthz", "/socket.io", "/webhooks"):
        assert routed_to(public, path) == "404", path
    body = re.search(r"return 404 '(.*)';", public).group(1)
    assert json.loads(body) == {"error": "not found"}


def test_the_full_api_and_the_action_servers_stay_on_loopback(tmp_path: Path) -> None:
    ports = ScaledPorts.around(5005, 5055, 5080, 5090)
    assert ports.internal == 5205 and ports.internal_rasa_url == "http://127.0.0.1:5205"
    blocks = server_blocks(nginx_config(ports, tmp_path, bind="0.0.0.0"))
    # HELPDESK_BIND=0.0.0.0 opens the customer-facing listeners only
    assert set(blocks) == {"0.0.0.0:5005", "127.0.0.1:5205", "127.0.0.1:5055",
                           "0.0.0.0:5080"}
    assert routed_to(blocks["127.0.0.1:5205"], "/conversations/C1/execute") == "rasa_servers"
    assert routed_to(blocks["127.0.0.1:5055"], "/webhook") == "action_servers"
    assert routed_to(blocks["0.0.0.0:5005"], "/conversations/C1/tracker") == "404"


def test_the_stack_itself_reaches_rasa_through_the_internal_listener(
        tmp_path: Path) -> None:
    ports = ScaledPorts.around(5005, 5055, 5080, 5090)
    services = {name: (command, env) for name, command, env in scaled_services(
        Settings.from_env(), tmp_path / "model.tar.gz", ports, tmp_path / "nginx")}
    for name in ("web", "voice-1", "voice-2"):
        assert services[name][1]["HELPDESK_RASA_URL"] == "http://127.0.0.1:5205", name
    rasa, env = services["rasa-1"]
    assert "--auth-token-from-env" in rasa and env["RASA_API_TOKEN"]
    assert rasa[rasa.index("--interface") + 1] == "127.0.0.1"
    actions = services["actions-1"][0]
    assert "helpdesk.rasa_plugins.action_server" in actions and env["HELPDESK_INTERNAL_SECRET"]
