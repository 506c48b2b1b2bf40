#!/usr/bin/env python3
"""A tiny stand-in for neutron, for the reference Ironic's `flat` network interface only (developer tool).

Answers what Ironic 21.4's flat interface asks while validating and attaching/detaching VIFs: version discovery,
network look-up (any network exists), port read and update (any port exists; an update is echoed back).
Usage: fake-neutron.py PORT
"""
import json
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1])
BASE = f"http://127.0.0.1:{PORT}"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _port(self, port_id, extra=None):
        port = {"id": port_id, "name": port_id, "mac_address": "fa:16:3e:00:00:01", "network_id": "net",
                "fixed_ips": [], "binding:host_id": "", "binding:vnic_type": "baremetal", "device_owner": ""}
        port.update(extra or {})
        return {"port": port}

    def do_GET(self):
        path = self.path.split("?")[0].rstrip("/")
        if path in ("", "/v2.0"):
            version = {"id": "v2.0", "status": "CURRENT", "links": [{"rel": "self", "href": BASE + "/v2.0/"}]}
            return self._send(200, {"versions": [version]} if path == "" else {"resources": []})
        if path == "/v2.0/networks":
            query = self.path.split("?", 1)[1] if "?" in self.path else ""
            match = re.search(r"(?:id|name)=([^&]+)", query)
            ident = match.group(1) if match else "net"
            return self._send(200, {"networks": [{"id": ident, "name": ident, "segments": []}]})
        match = re.match(r"/v2.0/ports/([^/]+)$", path)
        if match:
            return self._send(200, self._port(match.group(1)))
        if path == "/v2.0/ports":
            return self._send(200, {"ports": []})
        return self._send(404, {"NeutronError": {"message": "not found"}})

    def do_PUT(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        match = re.match(r"/v2.0/ports/([^/]+)$", self.path.split("?")[0])
        if match:
            return self._send(200, self._port(match.group(1), body.get("port")))
        return self._send(404, {"NeutronError": {"message": "not found"}})


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
