"""Servers that stand in front of the application, each on a free port of 127.0.0.1 for a ``with``
block: Varnish with the project's own VCL (``deploy/varnish/default.vcl``, its application servers
rewritten to the ones given) and nginx serving a folder of static files, the ceiling a cache is
measured against (``make loadtest LOADTEST_ARGS=--varnish``). The tests start Varnish through
``tests/varnish.py``.

Both come from Debian: ``apt-get install varnish varnish-modules nginx-light``.
"""

import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.load import stop_process_group

ROOT = Path(__file__).resolve().parent.parent
VCL = ROOT / "deploy" / "varnish" / "default.vcl"
INSTALL_HINT = "apt-get install -y varnish varnish-modules nginx-light (Debian packages)"
APP_SERVERS = re.compile(r"(?P<block>backend app1 \{.*?\n\})", re.DOTALL)
ADD_BACKEND = re.compile(r"^(?P<indent>\s*)app_servers\.add_backend\(app1\);\n", re.MULTILINE)
START_SECONDS = 30
# Only 127.0.0.1 is ever asked: no proxy from the environment in between.
LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def executable(name):
    """The path of ``name`` (Debian puts varnishd and nginx in /usr/sbin, off a user's PATH), or None."""
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")


def vcl_for(backends, vcl=VCL, probe=True):
    """The VCL with ``backends`` ((host, port) pairs) as its application servers, in the director's
    round robin: the block of ``backend app1`` is repeated as app1, app2... with their addresses.
    ``probe=False``: without the health probe (a test's live server refuses the probe's database
    reads between tests, so Varnish would call it sick)."""
    text = Path(vcl).read_text()
    if not probe:
        text = re.sub(r"^\s*\.probe = \w+;\n", "", text, flags=re.MULTILINE)
    template = APP_SERVERS.search(text)
    if template is None or not ADD_BACKEND.search(text):
        raise ValueError(f"{vcl} has no 'backend app1' block added to app_servers")
    blocks, adds = [], []
    indent = ADD_BACKEND.search(text).group("indent")
    for number, (host, port) in enumerate(backends, start=1):
        block = template.group("block").replace("backend app1 ", f"backend app{number} ", 1)
        block = re.sub(r'\.host = "[^"]*";', f'.host = "{host}";', block, count=1)
        block = re.sub(r'\.port = "[^"]*";', f'.port = "{port}";', block, count=1)
        blocks.append(block)
        adds.append(f"{indent}app_servers.add_backend(app{number});\n")
    text = text.replace(template.group("block"), "\n".join(blocks), 1)
    return ADD_BACKEND.sub(lambda _match: "".join(adds), text, count=1)


class Varnish:
    """``varnishd`` with the project's VCL in front of ``backends`` ((host, port) pairs).

    ``grace``: its ``default_grace`` (how long a stale page may be served while the application is
    down). ``parameters``: further ``-p name=value`` settings. ``probe``: see :func:`vcl_for`.
    ``port``: where it listens (a free port by default). Purges come from this machine, which the
    VCL's ``purgers`` lets in."""

    def __init__(self, backends, *, grace="60s", storage="malloc,64m", parameters=(), probe=True, port=None):
        self.backends = list(backends)
        self.probe = probe
        self.grace = grace
        self.storage = storage
        self.parameters = list(parameters)
        self.port = port  # None: a free one, chosen at start
        self.process = None

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def url(self, path):
        return self.base_url + path

    def __enter__(self):
        varnishd = executable("varnishd")
        if varnishd is None:
            raise RuntimeError(f"varnishd is missing: {INSTALL_HINT}")
        self.folder = Path(tempfile.mkdtemp(prefix="newsroom-varnish-"))
        # varnishd's jail runs the cache process as its own user, which must read what is in here.
        self.folder.chmod(0o755)
        vcl = self.folder / "default.vcl"
        vcl.write_text(vcl_for(self.backends, probe=self.probe))
        vcl.chmod(0o644)
        self.port = self.port or free_port()
        command = [varnishd, "-F", "-n", str(self.folder / "work"), "-a", f"127.0.0.1:{self.port}"]
        command += ["-f", str(vcl), "-s", self.storage, "-p", f"default_grace={self.grace}"]
        if not self.probe:
            command += ["-p", "vcc_err_unref=off"]  # the probe is defined, and used by no backend
        for parameter in self.parameters:
            command += ["-p", parameter]
        self.log = (self.folder / "varnishd.log").open("wb")
        self.process = subprocess.Popen(
            command, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                self.purge("newsroom-ready-check")
                return self
            except OSError:
                time.sleep(0.1)
        output = (self.folder / "varnishd.log").read_text(errors="replace")[-3000:]
        self.__exit__()
        raise RuntimeError(f"varnishd did not start within {START_SECONDS} s:\n{output}")

    def purge(self, keys):
        """Drop every object carrying any of ``keys`` (space-separated); returns Varnish's answer."""
        request = urllib.request.Request(self.url("/"), method="PURGE", headers={"xkey-purge": keys})
        with LOCAL.open(request, timeout=5) as response:
            return response.reason

    def __exit__(self, *exc):
        if self.process is not None and self.process.poll() is None:
            stop_process_group(self.process, grace=15)
        if getattr(self, "log", None) is not None:
            self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


NGINX_CONF = """
worker_processes {workers};
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    default_type text/html;
    client_body_temp_path {folder}/temp;
    proxy_temp_path {folder}/temp;
    fastcgi_temp_path {folder}/temp;
    uwsgi_temp_path {folder}/temp;
    scgi_temp_path {folder}/temp;
    server {{
        listen 127.0.0.1:{port};
        root {root};
    }}
}}
"""


class Nginx:
    """nginx serving the files of ``root`` (a folder others may read), as fast as a static file can
    be served here: the ceiling for a cache in front of the application."""

    def __init__(self, root, workers="auto"):
        self.root = Path(root)
        self.workers = workers
        self.process = None

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self):
        nginx = executable("nginx")
        if nginx is None:
            raise RuntimeError(f"nginx is missing: {INSTALL_HINT}")
        self.folder = Path(tempfile.mkdtemp(prefix="newsroom-nginx-"))
        self.port = free_port()
        conf = self.folder / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(workers=self.workers, folder=self.folder, port=self.port, root=self.root)
        )
        self.process = subprocess.Popen(
            [nginx, "-p", str(self.folder), "-c", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        log = self.folder / "error.log"
        output = log.read_text(errors="replace")[-3000:] if log.exists() else ""
        self.__exit__()
        raise RuntimeError(f"nginx did not start within {START_SECONDS} s:\n{output}")

    def __exit__(self, *exc):
        if self.process is not None and self.process.poll() is None:
            stop_process_group(self.process)
        shutil.rmtree(self.folder, ignore_errors=True)
