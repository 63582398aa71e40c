"""The load balancer's configuration of the scaled stack."""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpdesk.scaled_stack import ScaledPorts, nginx_config
from helpdesk.service_messages import TEMPORARY_PROBLEM


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
