"""moto's standalone S3 server (``moto[server]``, requirements-dev.txt) on a free port of 127.0.0.1:
a real HTTP endpoint for boto3 and django-storages, started once per test session (the
``s3_server`` fixture in tests/conftest.py) with a fresh bucket per test (``s3_bucket``)."""

import itertools
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.servers import free_port

REGION = "eu-west-1"
# moto accepts any keys; boto3 finds them where production's come from, the environment.
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "newsroom-test-key",
    "AWS_SECRET_ACCESS_KEY": "newsroom-test-secret",
    # No instance metadata look-up on this machine when a variable goes missing.
    "AWS_EC2_METADATA_DISABLED": "true",
}
_bucket_numbers = itertools.count(1)


class S3Server:
    """``python -m moto.server`` for a ``with`` block; ``endpoint_url`` is where it answers."""

    def __init__(self, log_path=None):
        self.port = free_port()
        self.log_path = log_path
        self.process = None

    @property
    def endpoint_url(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        log = open(self.log_path, "wb") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, **CREDENTIALS},
                start_new_session=True,
            )
        finally:
            if log is not subprocess.DEVNULL:
                log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"moto's S3 server exited at start (status {self.process.returncode}); is "
                    "moto[server] installed (requirements-dev.txt, `make venv`)?" + self._log_tail()
                )
            try:
                urllib.request.urlopen(f"{self.endpoint_url}/moto-api/", timeout=1)
                return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("moto's S3 server did not answer within 30 s." + self._log_tail())

    def __exit__(self, *exc):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def _log_tail(self):
        if not self.log_path or not Path(self.log_path).exists():
            return ""
        return "\n" + Path(self.log_path).read_text(errors="replace")[-2000:]

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )

    def new_bucket(self, prefix="photos"):
        name = f"{prefix}-{os.getpid()}-{next(_bucket_numbers)}"
        self.client().create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        return Bucket(self, name)


class Bucket:
    """One bucket on the server: its MEDIA_STORAGE_URL, and its keys as S3 itself lists them."""

    def __init__(self, server, name):
        self.server = server
        self.name = name

    def media_storage_url(self, **parameters):
        query = "&".join(f"{key}={value}" for key, value in parameters.items())
        return (
            f"s3://{self.name}?endpoint_url={self.server.endpoint_url}&region={REGION}"
            f"&addressing_style=path{'&' + query if query else ''}"
        )

    def object_keys(self, prefix=""):
        """Every key in the bucket under ``prefix``, listed by S3's own API (not the storage's)."""
        pages = (
            self.server.client().get_paginator("list_objects_v2").paginate(Bucket=self.name, Prefix=prefix)
        )
        return {entry["Key"] for page in pages for entry in page.get("Contents", ())}

    def read(self, key):
        return self.server.client().get_object(Bucket=self.name, Key=key)["Body"].read()
