"""A real redis-server of the test's own on a free port: started, stopped, paused and restarted by
the fault tests (never the machine's shared Redis)."""

import shutil
import subprocess
import time

import redis

from newsroom.settings.base import cache_from_url
from tests.servers import free_port


class RedisServer:
    def __init__(self, directory):
        self.port = free_port()
        self.directory = directory
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def cache_settings(self):
        """``CACHES`` for this server, configured as production configures ``CACHE_URL``."""
        return {"default": cache_from_url(self.url)}

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_timeout=0.5)
        for _ in range(100):
            try:
                if client.ping():
                    return self
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def pause(self, seconds):
        """Every client command waits ``seconds`` (CLIENT PAUSE): a server that hangs."""
        redis.Redis(port=self.port).execute_command("CLIENT", "PAUSE", int(seconds * 1000), "ALL")

    def unpause(self):
        redis.Redis(port=self.port).execute_command("CLIENT", "UNPAUSE")


def redis_installed():
    return shutil.which("redis-server") is not None
