"""Ingest throughput: generated NewsML-G2 items and an RSS file through the real ``ingest`` command.

Each import runs as its own process so its peak memory (``ru_maxrss``) is its own. Parsing alone is
timed in another process over the same documents, so the import's cost is reported as a ratio to it.
"""

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWSML_ITEM = """<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:bench:{run}:{number}" version="1"
  standard="NewsML-G2" standardversion="2.33" xml:lang="en">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider qcode="nprov:BW"><name>Bench Wire</name></provider>
    <versionCreated>2026-01-{day:02d}T10:{minute:02d}:00Z</versionCreated>
    <firstCreated>2026-01-{day:02d}T09:{minute:02d}:00Z</firstCreated>
    <pubStatus qcode="stat:usable"/>
  </itemMeta>
  <contentMeta>
    <located type="cptype:city"><name>{city}</name></located>
    <creator><name>{writer}</name></creator>
    <subject type="cpnat:abstract" qcode="medtop:{subject}"><name>{topic}</name></subject>
    <keyword>{topic}</keyword>
    <headline>{headline}</headline>
    <description role="drol:summary">{standfirst}</description>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml"><body>{body}</body></html>
    </inlineXML>
  </contentSet>
</newsItem>
"""
# The words of bench.generate's vocabulary, kept here: this module runs in the harness's own process,
# where Django is not set up, so it must not import the model-bound generator.
WORDS = (
    "council harbour monsoon ministry budget league festival research court market river election "
    "hospital railway farmers exporters satellite coalition reservoir university district orchestra "
    "inflation tournament fisheries parliament startup vaccine museum"
).split()
CITIES = ["Kochi", "Chennai", "Madurai", "Thrissur", "Geneva", "Nairobi", "Lisbon"]
WRITERS = ["Asha Menon", "Ravi Natarajan", "Leela Thomas", "Omar Haddad", "Ines Duarte"]


def _words(rng, count):
    return " ".join(rng.choice(WORDS) for _ in range(count))


def newsml_item(rng, *, run, number, headline):
    """One original NewsML-G2 news item (filler words), as the ingest phase and the wire desk write it."""
    return NEWSML_ITEM.format(
        run=run,
        number=number,
        day=1 + number % 28,
        minute=number % 60,
        city=rng.choice(CITIES),
        writer=rng.choice(WRITERS),
        subject=f"{20000000 + number % 50}",
        topic=rng.choice(WORDS),
        headline=headline,
        standfirst=_words(rng, 20).capitalize() + ".",
        body="".join(f"<p>{_words(rng, 40).capitalize()}.</p>" for _ in range(8)),
    )


def write_newsml_folder(folder, count, run):
    folder = Path(folder)
    if folder.exists() and len(list(folder.glob("*.xml"))) == count:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{run}-{count}")
    for number in range(count):
        headline = f"{_words(rng, 7).capitalize()} {number}"
        (folder / f"item-{number:05d}.xml").write_text(
            newsml_item(rng, run=run, number=number, headline=headline)
        )
    return folder


def write_rss_file(path, count, run):
    path = Path(path)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"rss-{run}-{count}")
    with path.open("w") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            "<title>Bench Wire</title><link>https://wire.example.org/</link>\n"
        )
        for number in range(count):
            body = "".join(f"<p>{_words(rng, 40).capitalize()}.</p>" for _ in range(8))
            out.write(
                f"<item><title>{_words(rng, 7).capitalize()} {number}</title>"
                f'<guid isPermaLink="false">bench-rss-{run}-{number}</guid>'
                f"<dc:creator>{rng.choice(WRITERS)}</dc:creator>"
                f"<pubDate>Mon, 05 Jan 2026 {number % 24:02d}:{number % 60:02d}:00 +0000</pubDate>"
                f"<category>{rng.choice(WORDS)}</category>"
                f"<description>{_words(rng, 20).capitalize()}.</description>"
                f"<content:encoded><![CDATA[{body}]]></content:encoded></item>\n"
            )
        out.write("</channel></rss>\n")
    return path


def run_measured(command, env):
    """Run ``command``; return (seconds, peak resident memory in MiB, completed output)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    stdout, stderr = process.stdout.read(), process.stderr.read()
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, stdout, stderr, process.returncode


def ingest_command(source, env):
    command = [
        sys.executable,
        "manage.py",
        "ingest",
        str(source),
        "--agency",
        "bench-wire",
        "--section",
        "bench-world",
    ]
    seconds, peak, stdout, stderr, code = run_measured(command, env)
    last_line = (stdout.strip().splitlines() or [""])[-1]
    if code not in (0, 1) or not last_line.startswith("created"):
        raise RuntimeError(f"ingest failed ({code}): {stderr[-2000:]}")
    return {"seconds": seconds, "peak_mib": peak, "summary": last_line}


def parse_only(source, env):
    result = subprocess.run(
        [sys.executable, "-m", "bench.worker", "parse", str(source)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(work_folder, env, items=10_000, small=1_000):
    work = Path(work_folder)
    big = write_newsml_folder(work / f"newsml-{items}", items, run="big")
    little = write_newsml_folder(work / f"newsml-{small}", small, run="small")
    rss = write_rss_file(work / f"rss-{items}.xml", items, run="rss")

    first = ingest_command(big, env)
    again = ingest_command(big, env)
    parsed = parse_only(big, env)
    small_run = ingest_command(little, env)
    rss_run = ingest_command(rss, env)
    return {
        "newsml_items_per_s": items / first["seconds"],
        "newsml_first_s": first["seconds"],
        "newsml_reimport_s": again["seconds"],
        "reimport_speedup": first["seconds"] / again["seconds"],
        "import_to_parse_ratio": first["seconds"] / parsed["seconds"],
        "peak_mib_10k": first["peak_mib"],
        "peak_mib_1k": small_run["peak_mib"],
        "memory_ratio": first["peak_mib"] / small_run["peak_mib"],
        "rss_items_per_s": items / rss_run["seconds"],
        "summaries": {"first": first["summary"], "again": again["summary"], "rss": rss_run["summary"]},
    }
