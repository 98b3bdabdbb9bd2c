"""``manage.py import_photos``: files and folders in, a progress bar, reasons for failures, a summary."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from articles.models import Photo
from tests.builders import make_agency
from tests.images import encode, jpeg_bytes, with_iim

# Every test runs against the local folder and against an S3 bucket (the photo_storage fixture).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("photo_storage")]


def run(*args):
    """Run the command; return (exit status, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_photos", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return status, out.getvalue(), err.getvalue()


def write(path, content):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def test_files_and_folders_are_imported_with_their_metadata(tmp_path):
    folder = tmp_path / "shoot"
    write(folder / "one.jpg", with_iim(jpeg_bytes(color=(10, 20, 30)), [((2, 120), b"Rowers on the lake")]))
    write(folder / "nested" / "two.png", encode(Image.new("RGB", (50, 40), "plum"), "PNG"))
    write(folder / ".hidden" / "skip.jpg", jpeg_bytes(color=(1, 2, 3)))
    single = write(tmp_path / "three.webp", encode(Image.new("RGB", (50, 40), "gold"), "WEBP"))

    status, out, err = run(str(folder), str(single))

    assert status == 0
    assert out.splitlines()[-1] == "created 3, duplicate 0, failed 0"
    assert Photo.objects.count() == 3
    assert Photo.objects.filter(caption="Rowers on the lake").exists()
    assert "Importing photos" in err and "3/3" in err  # the progress bar


def test_running_again_counts_duplicates(tmp_path):
    photo = write(tmp_path / "a.jpg", jpeg_bytes(color=(90, 90, 90)))
    copy = write(tmp_path / "copy-of-a.jpg", photo.read_bytes())

    assert run(str(photo))[1].splitlines()[-1] == "created 1, duplicate 0, failed 0"
    status, out, _err = run(str(photo), str(copy))

    assert status == 0
    assert out.splitlines()[-1] == "created 0, duplicate 2, failed 0"
    assert Photo.objects.count() == 1


def test_failures_are_listed_with_reasons_and_exit_with_status_one(tmp_path):
    good = write(tmp_path / "good.jpg", jpeg_bytes(color=(5, 50, 150)))
    svg = write(tmp_path / "logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    empty = write(tmp_path / "empty.jpg", b"")
    missing = tmp_path / "not-there.jpg"

    status, out, err = run(str(good), str(svg), str(empty), str(missing), "--no-progress")

    assert status == 1
    assert out.splitlines()[-1] == "created 1, duplicate 0, failed 3"
    assert f"failed: {svg}: “logo.svg” is not a photo" in err
    assert f"failed: {empty}: The file is empty." in err
    assert f"failed: {missing}: no such file or folder" in err
    assert "Importing photos" not in err
    assert Photo.objects.count() == 1


def test_the_agency_is_set_from_its_slug(tmp_path):
    agency = make_agency(name="Northern Wire")
    path = write(tmp_path / "wire.jpg", jpeg_bytes(color=(7, 7, 70)))

    status, _out, _err = run(str(path), "--agency", agency.slug)

    assert status == 0
    assert Photo.objects.get().agency == agency


def test_an_unknown_agency_is_a_clear_error_listing_the_slugs(tmp_path):
    first, second = make_agency(), make_agency()
    path = write(tmp_path / "wire.jpg", jpeg_bytes())

    with pytest.raises(CommandError) as error:
        call_command("import_photos", str(path), "--agency", "nobody", stdout=StringIO(), stderr=StringIO())

    message = str(error.value)
    assert "Unknown agency 'nobody'" in message
    assert first.slug in message and second.slug in message
    assert not Photo.objects.exists()


def test_the_reference_images_import_cleanly(sample_feeds):
    status, out, _err = run(str(sample_feeds / "photos"), "--no-progress")

    assert status == 0
    assert out.splitlines()[-1] == "created 5, duplicate 0, failed 0"
    assert Photo.objects.filter(credit="Credit Line (ref2021.1)").exists()
