"""The photo desk in a real browser: upload several files, then click the picture to set a focal point."""

import pytest
from PIL import Image
from playwright.sync_api import expect

from articles.models import Photo
from articles.photos.library import store_photo
from tests.browser.desk import sign_in
from tests.images import encode, jpeg_bytes, with_iim
from tests.newsroom_staff import make_editor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media_root")]


def log_in(browser, live_server):
    make_editor(username="photo-editor")
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    page = context.new_page()
    sign_in(page, live_server, "photo-editor")
    return page


def test_clicking_the_picture_sets_and_saves_the_focal_point(browser, live_server, screenshots):
    photo, _ = store_photo(jpeg_bytes((1000, 600), color=(30, 110, 160)), filename="bay.jpg")
    page = log_in(browser, live_server)

    page.goto(f"{live_server.url}/admin/articles/photo/{photo.pk}/change/")
    picture = page.locator(".focal-point-picker img")
    expect(picture).to_be_visible()
    expect(page.locator(".focal-point-picker")).to_have_attribute("data-focal-point", "0.500,0.500")
    box = picture.bounding_box()
    assert box["width"] > 100  # the preview rendition loaded and has a size
    # The crops around the centre: the square one keeps the middle 600 of the 1000 pixels across.
    square = page.locator(".crop-preview[data-crop='1:1'] img")
    portrait = page.locator(".crop-preview[data-crop='4:5'] img")
    assert abs(square.evaluate("image => parseFloat(image.style.left)") + 100 * 200 / 600) < 0.01
    assert abs(portrait.evaluate("image => parseFloat(image.style.left)") + 100 * 260 / 480) < 0.01
    assert page.locator(".crop-preview").count() == 4

    picture.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    # ...and follow the focal point: the square against the left edge now, the portrait 480 pixels
    # wide from about 10 pixels in.
    assert square.evaluate("image => parseFloat(image.style.left)") == 0
    assert -3 < portrait.evaluate("image => parseFloat(image.style.left)") < 0
    page.locator(".field-crop_previews").screenshot(path=str(screenshots / "photo-crop-previews.png"))

    expect(page.locator(".focal-point-picker")).not_to_have_attribute("data-focal-point", "0.500,0.500")
    x = float(page.locator("#id_focal_point_x").input_value())
    y = float(page.locator("#id_focal_point_y").input_value())
    assert abs(x - 0.25) < 0.005 and abs(y - 0.75) < 0.005  # within a pixel or two of the click
    marker_left = page.locator(".focal-point-marker").evaluate("m => parseFloat(m.style.left)")
    assert abs(marker_left - x * 100) < 0.01
    page.locator(".focal-point-picker").press("ArrowRight")
    expect(page.locator("#id_focal_point_x")).to_have_value(f"{x + 0.01:.3f}")
    page.screenshot(path=str(screenshots / "photo-focal-point.png"), full_page=True)
    page.click("input[name=_save]")

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    photo.refresh_from_db()
    assert (photo.focal_point_x, photo.focal_point_y) == (round(x + 0.01, 3), y)

    # Back to the centre with one button.
    page.goto(f"{live_server.url}/admin/articles/photo/{photo.pk}/change/")
    page.click(".focal-point-reset")
    expect(page.locator("#id_focal_point_x")).to_have_value("0.500")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    photo.refresh_from_db()
    assert (photo.focal_point_x, photo.focal_point_y) == (0.5, 0.5)


def test_uploading_several_files_shows_their_captions_for_review(browser, live_server, tmp_path):
    first = tmp_path / "market.jpg"
    first.write_bytes(
        with_iim(jpeg_bytes((300, 200), color=(150, 60, 20)), [((2, 120), b"Stalls open at dawn")])
    )
    second = tmp_path / "river.png"
    second.write_bytes(encode(Image.new("RGB", (300, 200), "seagreen"), "PNG"))
    page = log_in(browser, live_server)

    page.goto(f"{live_server.url}/admin/articles/photo/")
    page.click("text=Upload photos")
    page.set_input_files("#id_files", [str(first), str(second)])
    page.fill("#id_credit", "Desk photographer")
    page.click("input[name=_upload]")

    expect(page.locator(".messagelist")).to_contain_text("2 photos stored")
    expect(page.locator("#id_form-0-caption")).to_have_value("Stalls open at dawn")
    page.fill("#id_form-1-caption", "The river at low tide")
    page.click("input[name=_save]")

    expect(page.locator(".messagelist")).to_contain_text("1 photo updated")  # only the one changed
    assert sorted(Photo.objects.values_list("caption", flat=True)) == [
        "Stalls open at dawn",
        "The river at low tide",
    ]
    assert set(Photo.objects.values_list("credit", flat=True)) == {"Desk photographer"}
