"""A small, realistic reader site for browser tests, and the reader's pages opened at a width.

``build_reader_site()`` makes what a reader of a real paper meets: sections with several stories
(World has a subsection), stories with photos, tags, bylines of staff with portraits and of an
agency, a corrected story; ``open_reader_page()`` opens one of its addresses at a named width
(``WIDTHS``) and collects the page's console errors; ``append_stories()`` scrolls a story page
until the next-story script has added stories below it.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Correction
from tests.builders import make_agency, make_author, make_photo, make_section, make_story

# A desktop browser window and a phone (an iPhone 12 to 15 in portrait).
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}

WORLD_STORIES = [
    {
        "headline": "Monsoon floods close the port of Kochi for a third day",
        "kicker": "Kerala",
        "standfirst": "Dredgers work through the night as fishing families count what the storm took.",
        "dateline": "Kochi",
        "tags": ["Monsoon", "Ports"],
        "photo": ((48, 92, 140), "Fishing boats tied up three deep along the harbour wall at dusk"),
        "paragraphs": [
            "The channel into the port of Kochi stayed closed for a third day on Wednesday as dredgers"
            " worked through the night to lift the silt that the weekend's storm had carried down the"
            " Periyar, leaving container ships waiting at anchor beyond the breakwater.",
            "Harbour officials said the first berths could reopen by Friday if the rain eased, but"
            " warned that the outer channel would take longer: survey boats found it a metre and a half"
            " shallower than charted, too little for the larger feeder vessels that call each week.",
            "Along the fishing harbour at Thoppumpady, boats lay tied up three deep. Families who had"
            " borrowed to repair their nets after last season's cyclone said they had now lost a"
            " second month of catches, and that the compensation promised then had not arrived.",
            "The state's fisheries minister, who toured the harbour on Tuesday evening, said an"
            " assessment team would visit every landing centre on the coast before the end of the week"
            " and that payments would be made directly into the accounts of registered boat owners.",
            "Meteorologists expect the rain to weaken over the weekend, though a second low-pressure"
            " area forming over the Arabian Sea could bring heavy showers back to the coast next week.",
        ],
    },
    {
        "headline": "Delegates agree a timetable for the river-sharing talks",
        "standfirst": "Negotiators leave Geneva with dates, a chair and little else settled.",
        "dateline": "Geneva",
        "tags": ["Diplomacy", "Water"],
        "photo": (
            (120, 72, 58),
            "Delegates take their seats around a horseshoe table in the conference hall",
        ),
        "paragraphs": [
            "Delegations from the four countries that share the river basin agreed on Tuesday to meet"
            " every six weeks until a draft treaty is ready, ending a week of talks that had opened"
            " with an argument over whose flow measurements the negotiators should trust.",
            "The chair, a retired hydrologist nominated by all four governments, said the timetable"
            " mattered more than it seemed. Farmers downstream plant according to the dry-season"
            " releases, and every year without rules is a year in which they guess.",
            "Officials from two delegations said privately that the hardest question, how much water"
            " must be left in the river in a drought year, had been set aside for the autumn rounds.",
        ],
    },
    {
        "headline": "Parliament votes to extend the night-flight curfew",
        "standfirst": "Residents near the airport win a longer quiet night; airlines say fares will rise.",
        "dateline": "Canberra",
        "tags": ["Aviation", "Parliament"],
        "photo": ((70, 110, 80), "The chamber of the lower house during the evening vote"),
        "paragraphs": [
            "Members voted by a comfortable margin on Monday night to extend the curfew on flights"
            " into the capital's airport by an hour at each end, after a campaign by residents who"
            " said the last arrivals of the evening had made sleep impossible for a decade.",
            "Airlines warned that the change would push two early departures to other airports and"
            " that fares on the busiest routes would rise, a claim the transport minister dismissed"
            " as the same warning the industry had given when the curfew was first introduced.",
            "The new hours take effect at the start of the winter timetable in October.",
        ],
    },
    {
        "headline": "Container ship refloated after two days aground off the coast",
        "standfirst": "Tugs pull the vessel free on the high tide; no fuel spilled, the coast guard says.",
        "dateline": "Chennai",
        "tags": ["Ports", "Shipping"],
        "photo": ((90, 96, 104), "A container ship sits low in the water as two tugs take up the slack"),
        "paragraphs": [
            "A container ship that ran aground on a sandbank on Sunday was pulled free on Tuesday's"
            " morning high tide by four tugs, the coast guard said, adding that divers had found no"
            " damage to the hull and no sign of fuel in the water around it.",
            "The vessel, carrying about 1,800 containers, had left the port in poor visibility and"
            " strayed from the marked channel. An inquiry will look at why its pilot had disembarked"
            " before the ship cleared the outer buoys.",
        ],
    },
]

OTHER_STORIES = [
    {
        "section": "Asia",
        "headline": "Ferry services resume across the strait",
        "standfirst": "The first crossing in a week leaves on time and full.",
        "tags": ["Shipping"],
        "photo": ((46, 88, 128), "Passengers queue on the jetty as the morning ferry comes alongside"),
        "paragraphs": [
            "The first ferry across the strait in a week left on time on Thursday morning, every seat"
            " taken, after the harbour authority lifted the ban it had imposed when the swell rose.",
            "Traders who had waited on the far side with lorries of fruit said they had lost most of a"
            " week's stock, and asked for the service to run through the night until the queue cleared.",
        ],
    },
    {
        "section": "Business",
        "headline": "Tea growers hold out for a higher floor price",
        "standfirst": "Estates in the hills say the auction price no longer covers the cost of picking.",
        "tags": ["Agriculture", "Prices"],
        "photo": ((60, 100, 52), "Pickers carry baskets along a terrace of tea bushes in morning mist"),
        "paragraphs": [
            "Small growers in the hills kept their leaf off the auction floor for a second week,"
            " saying the average price had fallen below what it costs to pick and carry a kilogram.",
            "The planters' association has asked the tea board to set a floor price for the season,"
            " as it did after the glut four years ago; the board said it would meet growers this month.",
        ],
    },
    {
        "section": "Business",
        "headline": "Small banks lend more to farmers as rates fall",
        "standfirst": "Co-operative lenders report their busiest quarter in five years.",
        "tags": ["Banking"],
        "photo": ((110, 90, 60), "A queue outside a village bank branch on market day"),
        "paragraphs": [
            "Co-operative banks lent more to farmers in the last quarter than in any quarter for five"
            " years, as lower rates brought back borrowers who had turned to moneylenders.",
            "Most of the new loans were for seed and fertiliser ahead of the sowing season.",
        ],
    },
    {
        "section": "Sport",
        "headline": "Late wickets give the visitors a narrow first-innings lead",
        "standfirst": "Three wickets in the final half-hour turn a quiet afternoon at the cricket ground.",
        "tags": ["Cricket"],
        "photo": ((52, 120, 60), "The bowler appeals as the batsman looks back at his stumps"),
        "paragraphs": [
            "For most of the afternoon the home side batted as if the match could not be lost. Then"
            " the second new ball swung, and three wickets fell in the final half-hour of the day.",
            "The visitors lead by eleven runs with the last pair at the crease.",
        ],
    },
    {
        "section": "Sport",
        "headline": "Rowing regatta moved a week after the river rises",
        "standfirst": "Organisers say the course will not be safe until the current slows.",
        "tags": ["Rowing", "Monsoon"],
        "photo": ((40, 84, 120), "Empty racing shells stacked on racks beside the boathouse"),
        "paragraphs": [
            "The university regatta will be rowed a week later than planned, its organisers said,"
            " after the river rose above the steps of the boathouse for the first time since 2018.",
        ],
    },
]


@dataclass
class ReaderSite:
    """What ``build_reader_site`` made, for tests to find their way around it."""

    world: object
    asia: object
    authors: list
    world_stories: list  # newest first: the first story's next story is the second, and so on
    other_stories: list

    @property
    def story(self):
        """The newest World story: a photo, a kicker, two authors, tags, an update and a correction."""
        return self.world_stories[0]

    @property
    def paths(self):
        """The reader's pages by name, as a test opens them."""
        return {
            "home": "/",
            "section": self.world.get_absolute_url(),
            "tag": "/tag/ports/",
            "author": self.authors[0].get_absolute_url(),
            "search": "/search/?q=harbour",
            "story": self.story.get_absolute_url(),
        }


def body(story_fields):
    return "".join(f"<p>{paragraph}</p>" for paragraph in story_fields["paragraphs"])


def portrait(name, color):
    """An author's portrait as a newsroom keeps it: taller than wide, a head-and-shoulders crop."""
    return make_photo(
        size=(600, 800), color=color, caption=name, alt_text=f"Portrait of {name}", credit="Staff"
    )


def build_reader_site():
    now = timezone.now()
    world = make_section("World", slug="world", description="News from every continent.")
    asia = make_section("Asia", slug="asia", parent=world)
    sections = {
        "Business": make_section("Business", slug="business"),
        "Sport": make_section("Sport", slug="sport"),
    }
    agency = make_agency("Press Trust", credit="PT")
    authors = [
        make_author(
            "Meera Pillai",
            title="Chief Correspondent, South",
            bio=(
                "Meera Pillai has reported on Kerala's coast, its ports and its politics for twelve"
                " years, from the fishing harbours of Kollam to the assembly in Thiruvananthapuram."
                " Before joining the paper she edited a Malayalam weekly in Kochi."
            ),
            photo=portrait("Meera Pillai", (150, 110, 90)),
        ),
        make_author(
            "Tomas Lindqvist",
            title="Diplomatic Editor",
            bio="Tomas Lindqvist covers treaties, summits and the people who negotiate them.",
            photo=portrait("Tomas Lindqvist", (110, 120, 140)),
        ),
    ]
    world_stories = []
    for hours, fields in enumerate(WORLD_STORIES, start=1):
        color, alt_text = fields["photo"]
        world_stories.append(
            make_story(
                section=world,
                headline=fields["headline"],
                kicker=fields.get("kicker", ""),
                standfirst=fields["standfirst"],
                dateline=fields["dateline"],
                body=body(fields),
                publish_at=now - timedelta(hours=hours),
                tags=fields["tags"],
                authors=authors if hours == 1 else [authors[hours % 2]],
                agency=agency if hours == 2 else None,
                lead_photo=make_photo(
                    size=(1600, 1067), color=color, caption=alt_text + ".", alt_text=alt_text, credit="Staff"
                ),
            )
        )
    first = world_stories[0]
    first.major_update_at = first.publish_at + timedelta(minutes=40)
    first.save(update_fields=["major_update_at"])
    Correction.objects.create(
        story=first,
        note="An earlier version of this story gave the wrong name for the river.",
        created_at=first.major_update_at,
    )
    other_stories = []
    for hours, fields in enumerate(OTHER_STORIES, start=6):
        color, alt_text = fields["photo"]
        other_stories.append(
            make_story(
                section=asia if fields["section"] == "Asia" else sections[fields["section"]],
                headline=fields["headline"],
                standfirst=fields["standfirst"],
                body=body(fields),
                publish_at=now - timedelta(hours=hours),
                tags=fields["tags"],
                authors=[authors[0]] if fields["section"] == "Asia" else [],
                agency=None if fields["section"] == "Asia" else agency,
                lead_photo=make_photo(
                    size=(1200, 800),
                    color=color,
                    caption=alt_text + ".",
                    alt_text=alt_text,
                    credit="",
                    agency=agency,
                ),
            )
        )
    return ReaderSite(world, asia, authors, world_stories, other_stories)


def open_reader_page(browser, url, width, *, bypass_csp=False):
    """A new page at ``url`` in a window of ``WIDTHS[width]``, and the list its console errors go to.

    ``bypass_csp`` lets a test inject its own script (axe-core) into a page whose Content-Security-
    Policy allows our scripts only."""
    viewport_width, viewport_height = WIDTHS[width]
    context = browser.new_context(
        viewport={"width": viewport_width, "height": viewport_height}, bypass_csp=bypass_csp
    )
    page = context.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    page.goto(url)
    return page, problems


def append_stories(page, count):
    """Scroll to each story's "Next story" link until ``count`` stories have been added below the
    first, as a reader reaching the end of each story would."""
    stories = page.locator("[data-story-stream] article.story")
    for shown in range(1, count + 1):
        stories.nth(shown - 1).locator("[data-next-story]").scroll_into_view_if_needed()
        expect(stories).to_have_count(shown + 1, timeout=10_000)
    page.wait_for_load_state("networkidle")
