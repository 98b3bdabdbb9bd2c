"""Writing in the story form, in real Chromium: counts that follow the typing, a Word or Google Docs
paste that keeps its list (a real paste event with the word processor's clipboard HTML), the editor's
buttons for a pull quote, a fact box and an embedded video, and on the site the embed's card, which
fetches nothing from the provider until the reader asks."""

from pathlib import Path
from urllib.parse import urlencode, urlsplit

import lxml.html
import pytest
from playwright.sync_api import expect

from articles.models import Story
from tests.browser.desk import sign_in
from tests.browser.waiting import wait_until
from tests.builders import make_story
from tests.newsroom_staff import make_editor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASTES = Path(__file__).resolve().parents[1] / "fixtures" / "paste"
VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
POST = "https://x.com/harbourdesk/status/1790000000000000001"
PASTE = """(html) => {
  const target = document.querySelector(".prose-editor > .ProseMirror");
  const clipboard = new DataTransfer();
  clipboard.setData("text/html", html);
  clipboard.setData("text/plain", "pasted");
  target.focus();
  const paste = {clipboardData: clipboard, bubbles: true, cancelable: true};
  target.dispatchEvent(new ClipboardEvent("paste", paste));
}"""


def watched(page):
    """``page`` with its JavaScript errors and error messages collected in ``page.errors``."""
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: report(page, message))
    return page


def report(page, message):
    # The browser asks every site for /favicon.ico; the admin has none.
    if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
        page.errors.append(f"{message.text} ({message.location.get('url')})")


READY_EDITORS = """
document.addEventListener("prose-editor:ready", (event) => {
  (window.readyEditors = window.readyEditors || []).push(event.detail.editor)
})
"""


def desk_page(browser, live_server):
    editor = make_editor(username="desk-editor")
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    # django-prose-editor announces each editor it makes ("prose-editor:ready", with the Tiptap
    # editor): the tests wait for it and put the caret with the editor's own command.
    context.add_init_script(READY_EDITORS)
    page = watched(context.new_page())
    sign_in(page, live_server, editor.username)
    return page, editor


def open_story(page, live_server, story):
    page.goto(f"{live_server.url}/admin/articles/story/{story.pk}/change/")
    expect(page.locator(".prose-editor > .ProseMirror")).to_be_visible()
    # The editor's extension modules and the form's scripts finish loading before anyone types: keys
    # pressed earlier were seen to land at the start of the body.
    wait_until(page, "(window.readyEditors || []).length > 0")
    page.wait_for_load_state("networkidle")


def caret_at_the_end(page):
    """Focus the body with the caret after its last character. A click and End (or Control+End)
    left it at the start of the paragraph in one CI run in three under load: the click's own
    selection was applied after the key."""
    page.evaluate("() => window.readyEditors[0].commands.focus('end')")
    # And keys wait for the focus to have arrived: an Enter pressed at once was lost under load in one
    # CI run (the next words joined the paragraph before it).
    wait_until(
        page,
        "window.readyEditors[0].isFocused && document.activeElement.closest('.ProseMirror') !== null"
        " && window.readyEditors[0].state.selection.to === window.readyEditors[0].state.doc.content.size - 1",
    )


def save(page):
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_be_visible()


def body_tree(story):
    story.refresh_from_db()
    return lxml.html.fragment_fromstring(story.body, create_parent="div")


def test_counts_follow_the_typing(browser, live_server, world):
    page, _editor = desk_page(browser, live_server)
    page.goto(f"{live_server.url}/admin/articles/story/add/")

    page.locator("#id_headline").press_sequentially("Ferries cut back", delay=5)
    expect(page.locator("#id_headline_count")).to_have_text("16/70 characters, 3 words")
    page.locator("#id_headline").fill("A" * 75)
    expect(page.locator("#id_headline_count")).to_contain_text(
        "75/70 characters (search engines cut it short)"
    )
    expect(page.locator("#id_headline_count")).to_have_class("help story-count story-count--over")

    page.locator("#id_standfirst").press_sequentially("Two piers close for repairs.", delay=5)
    expect(page.locator("#id_standfirst_count")).to_have_text("5 words, 28 characters")

    body = page.locator(".prose-editor > .ProseMirror")
    body.click()
    body.press_sequentially("First line", delay=5)
    body.press("Enter")
    body.press_sequentially("second line here", delay=5)
    # Two paragraphs: "line" and "second" are two words, not "linesecond".
    expect(page.locator("#id_body_count")).to_have_text("5 words, 27 characters")
    assert page.errors == []


@pytest.mark.parametrize(
    ("fixture", "list_tag", "items"),
    [
        (
            "word_lists.html",
            "ul",
            [
                "Early crossings leave at 06:40 instead of 06:10The island boat keeps its first sailing",
                "Evening crossings stop at 21:00",
                "Cars must book a slot online",
            ],
        ),
        ("google_docs.html", "ul", ["Opening hours stay the same", "Bicycle parking moves to the east gate"]),
    ],
)
def test_a_word_paste_keeps_a_bulleted_list(browser, live_server, world, fixture, list_tag, items):
    page, editor = desk_page(browser, live_server)
    story = make_story(section=world, status=Story.Status.DRAFT, created_by=editor, body="<p>Intro.</p>")
    open_story(page, live_server, story)
    caret_at_the_end(page)
    page.keyboard.press("Enter")

    page.evaluate(PASTE, (PASTES / fixture).read_text(encoding="utf-8"))
    expect(page.locator(f".prose-editor > .ProseMirror > {list_tag} > li").first).to_be_visible()
    save(page)

    body = body_tree(story)
    lists = body.xpath(f"./{list_tag}")
    assert lists, story.body
    assert [" ".join(item.text_content().split()) for item in lists[0].xpath("./li")] == items
    assert "·" not in story.body and "style=" not in story.body and "mso-" not in story.body
    if fixture == "google_docs.html":
        # The Docs wrapper did not make the whole paste bold.
        assert [strong.text_content() for strong in body.iter("strong")] == [
            "tram depot",
            "Bicycle parking",
            "Bring a bag",
        ]
        # Its link keeps no underline of its own, and its spacing lines are not empty paragraphs.
        assert "<u>" not in story.body and "<br>" not in story.body
    assert page.errors == []


def test_the_editor_buttons_write_a_pull_quote_a_fact_box_and_an_embed(
    browser, live_server, world, screenshots
):
    page, editor = desk_page(browser, live_server)
    story = make_story(section=world, status=Story.Status.DRAFT, created_by=editor, body="<p>Intro.</p>")
    open_story(page, live_server, story)
    area = page.locator(".prose-editor > .ProseMirror")
    expect(area).to_contain_text("Intro.")
    caret_at_the_end(page)
    page.keyboard.press("Enter")
    expect(area.locator("p")).to_have_count(2)
    page.keyboard.type("We will rebuild the pier.")
    page.click(".prose-menubar [data-name=pullQuote]")
    expect(area.locator('aside[data-embed="pullquote"]')).to_have_text("We will rebuild the pier.")

    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # out of the pull quote
    page.click(".prose-menubar [data-name=factBox]")
    expect(area.locator('aside[data-embed="factbox"] h3')).to_be_visible()
    area.locator('aside[data-embed="factbox"] li p').click()
    page.keyboard.type("Built in 1902")

    # The video goes after the first paragraph.
    area.locator("p", has_text="Intro.").click()
    page.keyboard.press("End")
    page.click(".prose-menubar [data-name=postEmbed]")
    dialog = page.locator("dialog.prose-editor-dialog")
    dialog.locator("input[name=url]").fill("https://evil.example/watch?v=dQw4w9WgXcQ")
    dialog.locator("button[type=submit]").click()
    dialog = page.locator("dialog.prose-editor-dialog")
    expect(dialog).to_contain_text("This is not the address of one video or post")
    dialog.locator("input[name=url]").fill("https://youtu.be/dQw4w9WgXcQ")
    dialog.locator("button[type=submit]").click()
    expect(area.locator(".story-post-embed")).to_contain_text("Video on YouTube")
    page.locator(".field-body").screenshot(path=str(screenshots / "editor-blocks.png"))
    save(page)

    body = body_tree(story)
    assert body.xpath("string(./aside[@data-embed='pullquote'])") == "We will rebuild the pier."
    assert body.xpath("./aside[@data-embed='factbox']/ul/li/p/text()") == ["Built in 1902"]
    assert [figure.attrib for figure in body.xpath("./figure")] == [
        {"data-embed": "video", "data-provider": "youtube", "data-url": VIDEO}
    ]
    assert page.errors == []


def test_the_embed_card_makes_no_third_party_request_before_the_click(
    browser, live_server, world, screenshots
):
    story = make_story(
        section=world,
        headline="Harbour wall gives way",
        body=(
            "<p>The wall fell at dawn.</p>"
            f'<figure data-embed="video" data-url="{VIDEO}"></figure>'
            f'<figure data-embed="social" data-url="{POST}"></figure><p>More soon.</p>'
        ),
    )
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    ours = urlsplit(live_server.url).netloc
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    # Nothing leaves this machine: a provider's player, once asked for, gets an empty page.
    context.route(
        lambda url: urlsplit(url).netloc != ours,
        lambda route: route.fulfill(status=200, content_type="text/html", body="<p>player</p>"),
    )
    page = watched(context.new_page())
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    expect(page.locator("figure.embed--youtube .embed__load")).to_have_text("Play the video")
    page.wait_for_load_state("networkidle")
    assert requests and all(urlsplit(url).netloc == ours for url in requests), requests
    page.locator(".story__body").screenshot(path=str(screenshots / "embed-cards.png"))

    page.click("figure.embed--youtube .embed__load")
    frame = page.locator("figure.embed--youtube iframe.embed__frame")
    expect(frame).to_have_attribute("src", f"/embed/?{urlencode({'url': VIDEO})}")
    page.wait_for_load_state("networkidle")
    expect(
        page.frame_locator("figure.embed--youtube iframe").frame_locator("iframe").locator("p")
    ).to_have_text("player")
    third_party = [url for url in requests if urlsplit(url).netloc != ours]
    assert third_party == ["https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"]
    # The post on X is still a card, and nothing of X's was fetched.
    expect(page.locator("figure.embed--x .embed__card")).to_be_visible()
    assert page.errors == []
