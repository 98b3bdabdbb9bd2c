"""Original demo content for ``manage.py seed_demo``: a fictional newsroom's fortnight.

Everything here is invented for the demo: the people, companies, clubs, agencies and events.
Real cities and institutions appear only as settings. Plain data, so the loader and any test can
import it without Django.
"""

SECTIONS = [
    {
        "slug": "world",
        "name": "World",
        "parent": None,
        "description": "Diplomacy, conflict, climate and trade from around the globe.",
        "position": 1,
    },
    {
        "slug": "nation",
        "name": "Nation",
        "parent": None,
        "description": "Politics, policy and people across India.",
        "position": 2,
    },
    {
        "slug": "kerala",
        "name": "Kerala",
        "parent": "nation",
        "description": "News from Kochi, Thiruvananthapuram and the coast to the hills.",
        "position": 1,
    },
    {
        "slug": "tamil-nadu",
        "name": "Tamil Nadu",
        "parent": "nation",
        "description": "Chennai, Madurai, Coimbatore and the rest of the state.",
        "position": 2,
    },
    {
        "slug": "business",
        "name": "Business",
        "parent": None,
        "description": "Markets, money, companies and the startups chasing them.",
        "position": 3,
    },
    {
        "slug": "sport",
        "name": "Sport",
        "parent": None,
        "description": "Cricket, football, athletics and everything in between.",
        "position": 4,
    },
    {
        "slug": "entertainment",
        "name": "Entertainment",
        "parent": None,
        "description": "Films, music, streaming and the stage.",
        "position": 5,
    },
    {
        "slug": "opinion",
        "name": "Opinion",
        "parent": None,
        "description": "Columns and arguments from our writers.",
        "position": 6,
    },
    {
        "slug": "science",
        "name": "Science & Tech",
        "parent": None,
        "description": "Space, research, climate science and the technology around us.",
        "position": 7,
    },
]

AGENCIES = [
    {
        "slug": "cpa",
        "name": "Continental Press Agency",
        "credit": "CPA",
        "website": "https://cpa.example.com",
    },
    {
        "slug": "gws",
        "name": "Global Wire Service",
        "credit": "GWS",
        "website": "https://gws.example.org",
    },
    {
        "slug": "snn",
        "name": "Southern News Network",
        "credit": "SNN",
        "website": "https://snn.example.net",
    },
]

AUTHORS = [
    {
        "slug": "devika-nair",
        "name": "Devika Nair",
        "title": "Kerala Correspondent",
        "bio": (
            "Devika Nair reports on Kerala from Kochi, with a particular eye on the coast, "
            "fisheries and the monsoon. She joined the paper in 2014 after six years on a "
            "Malayalam daily's city desk."
        ),
    },
    {
        "slug": "meenakshi-sundaram",
        "name": "Meenakshi Sundaram",
        "title": "Chennai Bureau Chief",
        "bio": (
            "Meenakshi Sundaram leads the Chennai bureau and writes about urban transport, "
            "state finances and Tamil Nadu politics. She has covered four Assembly elections."
        ),
    },
    {
        "slug": "farhan-qureshi",
        "name": "Farhan Qureshi",
        "title": "Diplomatic Editor",
        "bio": (
            "Farhan Qureshi covers foreign policy and Parliament from New Delhi. He previously "
            "reported from the Gulf for five years and still follows the lives of migrant workers "
            "closely."
        ),
    },
    {
        "slug": "arjun-bhattacharya",
        "name": "Arjun Bhattacharya",
        "title": "Business Editor",
        "bio": (
            "Arjun Bhattacharya edits the business pages from Mumbai. He writes on monetary "
            "policy, banking and startups, and trained as an economist before turning to journalism."
        ),
    },
    {
        "slug": "harpreet-gill",
        "name": "Harpreet Gill",
        "title": "Sports Writer",
        "bio": (
            "Harpreet Gill has followed Indian cricket and football across three continents. "
            "When not at a ground, she is usually arguing about the county game."
        ),
    },
    {
        "slug": "tessa-dsouza",
        "name": "Tessa D'Souza",
        "title": "Science and Culture Correspondent",
        "bio": (
            "Tessa D'Souza writes about space, research and the arts from Bengaluru. She holds a "
            "master's degree in physics and has reviewed films for the paper since 2017."
        ),
    },
]

STORIES = [
    # ---------------------------------------------------------------- World
    {
        "key": "geneva-river-data",
        "section": "world",
        "headline": "Seven river nations agree to share flood data in real time",
        "kicker": "Geneva talks",
        "standfirst": (
            "The framework, reached after four days of talks, obliges upstream states to publish gauge "
            "readings within an hour."
        ),
        "dateline": "Geneva",
        "paragraphs": [
            (
                "Seven countries that share a single river basin agreed on Thursday to publish water-level "
                "and rainfall readings from upstream gauges within an hour of collection, ending years of "
                "disputes over delayed flood warnings."
            ),
            (
                "The framework was reached after four days of closed-door talks at a lakeside conference "
                "centre and still needs approval from each national parliament before it takes effect next "
                "monsoon."
            ),
            (
                "“For the first time, a village downstream will know what the river is doing a hundred "
                "kilometres away before the water arrives,” said Ilse Marchetti, the Swiss mediator who "
                "chaired the sessions."
            ),
            (
                "Negotiators said the sticking point had been a clause allowing states to withhold readings "
                "on security grounds. The final text limits such exemptions to 48 hours and requires a "
                "written explanation to the other signatories."
            ),
            (
                "Aid groups welcomed the deal but warned that many gauges in the upper basin were broken or "
                "unstaffed. A joint fund of $40 million will pay for repairs over three years."
            ),
            (
                "The agreement will be reviewed after two flood seasons, when a technical committee is due "
                "to report on how often data arrived late."
            ),
        ],
        "tags": ["Diplomacy", "Climate", "Floods", "Geneva"],
        "authors": [],
        "agency": "gws",
        "photo": {
            "caption": "Delegates leave the conference centre in Geneva after the final session on Thursday.",
            "credit": "GWS",
            "photographer": "Lukas Brenner",
            "alt": "A group of delegates in suits walking along a lakeside promenade under a clear sky.",
            "palette": "sky",
            "scene": "promenade",
        },
        "days_ago": 0.3,
        "status": "published",
        "priority": 9,
        "updated_hours_ago": 1.5,
    },
    {
        "key": "rotterdam-dock-strike",
        "section": "world",
        "headline": "Dockworkers' strike leaves hundreds of containers stranded in Rotterdam",
        "kicker": "",
        "standfirst": (
            "A 48-hour walkout over automation plans has halted loading at three terminals in Europe's "
            "busiest port."
        ),
        "dateline": "Rotterdam",
        "paragraphs": [
            (
                "Loading at three container terminals in Rotterdam stopped on Monday as dockworkers began a "
                "48-hour strike over plans to automate crane operations."
            ),
            (
                "The union representing about 2,300 port staff said the terminal operators had refused to "
                "guarantee jobs for workers displaced by remote-controlled cranes."
            ),
            (
                "“Nobody is against new machines. We are against being told about them in a press release,” "
                "said union spokesman Pieter Maas outside the gates of the eastern terminal."
            ),
            (
                "Shipping lines diverted at least six vessels to Antwerp and Hamburg. Freight forwarders "
                "said exporters in South Asia could see delays of up to a week on goods bound for northern "
                "Europe."
            ),
            (
                "The operators said in a joint statement that automation would be phased in over five years "
                "and that no permanent employee would be dismissed."
            ),
        ],
        "tags": ["Trade", "Shipping", "Labour"],
        "authors": [],
        "agency": "cpa",
        "photo": {
            "caption": "Idle cranes at a container terminal in Rotterdam on the first day of the strike.",
            "credit": "CPA",
            "photographer": "Anouk de Vries",
            "alt": "Rows of stacked shipping containers beneath motionless gantry cranes at dusk.",
            "palette": "sunset",
            "scene": "port",
        },
        "days_ago": 2.1,
        "status": "published",
        "priority": 3,
    },
    {
        "key": "suva-climate-finance",
        "section": "world",
        "headline": "Pacific island leaders demand faster access to climate funds",
        "kicker": "Suva summit",
        "standfirst": (
            "Small island states say paperwork, not pledges, is now the main obstacle to adapting to rising "
            "seas."
        ),
        "dateline": "Suva",
        "paragraphs": [
            (
                "Leaders of fourteen Pacific island states ended a three-day summit in Suva on Wednesday "
                "with a joint call for international climate funds to cut the time it takes to approve "
                "adaptation projects."
            ),
            (
                "According to figures presented at the meeting, the average seawall or water-storage "
                "project in the region waited 31 months between application and first payment."
            ),
            (
                "India, attending as a dialogue partner, offered technical help with early-warning systems "
                "and announced a training programme for meteorologists from the islands at its weather "
                "institutes."
            ),
            (
                "Speaking to reporters after the closing session, Tuvaluan-born negotiator Salote Fakafanua "
                "described the delays as a second disaster layered on the first."
            ),
            (
                "“We have villages that have moved twice in one generation. We have schools that flood at "
                "every king tide."
            ),
            (
                "“What we do not have is an accountant in every atoll who can fill in a 200-page form in "
                "English and wait three years for an answer."
            ),
            (
                "“Keep your speeches. Give us a simpler form and a shorter wait, and we will build the "
                "walls ourselves.”"
            ),
            (
                "The summit statement asked donor countries to set up a single application window for "
                "island states by the end of next year."
            ),
        ],
        "tags": ["Climate", "Diplomacy", "Pacific"],
        "authors": ["farhan-qureshi"],
        "agency": "gws",
        "photo": {
            "caption": (
                "Salote Fakafanua speaks at the closing session of the Pacific leaders' summit in Suva."
            ),
            "credit": "GWS",
            "photographer": "Mere Tuilagi",
            "alt": "A woman in a floral dress speaking at a lectern in front of a blue backdrop.",
            "palette": "sea",
            "scene": "lectern",
        },
        "days_ago": 1.4,
        "status": "published",
        "priority": 6,
    },
    {
        "key": "nairobi-vaccine-plant",
        "section": "world",
        "headline": "Kenya opens first plant to fill and package vaccines locally",
        "kicker": "",
        "standfirst": (
            "The facility near Nairobi can handle 60 million doses a year and will start with childhood "
            "vaccines."
        ),
        "dateline": "Nairobi",
        "paragraphs": [
            (
                "A factory that fills and packages vaccines opened on the outskirts of Nairobi on Friday, "
                "the first of its kind in East Africa."
            ),
            (
                "The plant, run by the newly formed Savanna Biologics, will import vaccine concentrate and "
                "handle the final stages of production, including sterile filling, labelling and cold-chain "
                "storage."
            ),
            (
                "Company chief executive Wanjiru Kamau said the site could process 60 million doses a year "
                "and would begin with measles and rotavirus vaccines for regional health ministries."
            ),
            (
                "“During the last pandemic we waited at the back of the queue. This is about never being at "
                "the back again,” Ms Kamau told invited guests."
            ),
            (
                "Part of the equipment was supplied by a Hyderabad-based manufacturer, which will also "
                "train Kenyan technicians over the first two years."
            ),
        ],
        "tags": ["Health", "Africa", "Vaccines"],
        "authors": [],
        "agency": "gws",
        "photo": {
            "caption": (
                "Technicians at the Savanna Biologics plant outside Nairobi during the opening ceremony."
            ),
            "credit": "GWS",
            "photographer": "Otieno Mwangi",
            "alt": "Technicians in white protective suits standing beside a stainless-steel filling line.",
            "palette": "city",
            "scene": "lab",
        },
        "days_ago": 5.0,
        "status": "published",
        "priority": 2,
    },
    {
        "key": "gulf-wage-protection",
        "section": "world",
        "headline": "Gulf state extends wage protection to domestic workers",
        "kicker": "Migrant labour",
        "standfirst": (
            "Employers of housemaids and drivers will have to pay salaries through bank transfers from "
            "January, a change welcomed by families in Kerala."
        ),
        "dateline": "New Delhi",
        "paragraphs": [
            (
                "One of the Gulf states with the largest Indian population will require employers of "
                "domestic workers to pay wages through bank transfers that are monitored by the labour "
                "ministry, officials there announced on Sunday."
            ),
            (
                "The rule extends an electronic wage-protection system that already covers workers in "
                "construction and retail. Domestic workers, many of them women from Kerala, Tamil Nadu and "
                "Andhra Pradesh, had been excluded until now."
            ),
            (
                "Indian officials said they had raised the issue during a joint labour committee meeting "
                "last spring. The embassy receives an estimated 1,400 complaints a year about unpaid "
                "salaries from domestic staff."
            ),
            (
                "“A record of every payment changes the conversation,” said Sreeja Pillai, who runs a "
                "helpline for returning migrants in Thiruvananthapuram. “Until now, it was the worker's "
                "word against the employer's.”"
            ),
            (
                "Recruitment agencies in Kochi said they expected the change to push up the cost of hiring "
                "through formal channels, which could encourage some employers to look elsewhere."
            ),
        ],
        "tags": ["Migrant workers", "Gulf", "Kerala", "Labour"],
        "authors": ["farhan-qureshi"],
        "agency": None,
        "photo": {
            "caption": "Passengers arrive from the Gulf at Thiruvananthapuram airport.",
            "credit": "Staff",
            "photographer": "Rajeev Menon",
            "alt": "Travellers pushing luggage trolleys through an airport arrivals hall.",
            "palette": "city",
            "scene": "airport",
        },
        "days_ago": 3.4,
        "status": "published",
        "priority": 5,
        "correction": (
            "An earlier version of this story said the rule takes effect in March. It takes effect in "
            "January."
        ),
    },
    {
        "key": "peru-earthquake",
        "section": "world",
        "headline": "Strong earthquake shakes southern Peru, no deaths reported",
        "kicker": "",
        "standfirst": (
            "The magnitude 6.1 tremor cracked buildings in mountain towns but emergency services said early "
            "checks found no fatalities."
        ),
        "dateline": "Lima",
        "paragraphs": [
            (
                "An earthquake of magnitude 6.1 struck southern Peru early on Tuesday, cracking walls in "
                "several highland towns and briefly cutting power to parts of the region."
            ),
            (
                "The national geophysical institute said the quake was centred about 40 kilometres below "
                "ground, which limited its force at the surface."
            ),
            (
                "Civil defence officials reported 23 people with minor injuries and damage to an estimated "
                "90 adobe homes. A colonial-era church in one town lost part of its bell tower."
            ),
            (
                "Residents in Arequipa said they ran into the street in their nightclothes. Aftershocks "
                "continued through the morning."
            ),
        ],
        "tags": ["Earthquake", "Latin America"],
        "authors": [],
        "agency": "cpa",
        "photo": None,
        "days_ago": 7.8,
        "status": "published",
        "priority": 2,
    },
    {
        "key": "eu-shipping-levy",
        "section": "world",
        "headline": "EU ministers split over levy on shipping emissions",
        "kicker": "",
        "standfirst": (
            "Coastal states fear a carbon charge on ships will push cargo to ports outside the bloc."
        ),
        "dateline": "Brussels",
        "paragraphs": [
            (
                "European transport ministers failed on Monday to agree on a proposed levy on greenhouse "
                "gas emissions from ships calling at the bloc's ports."
            ),
            (
                "Supporters say the charge, starting at 45 euros a tonne of carbon dioxide, would fund "
                "cleaner fuels. Opponents from several southern member states argue it would hand business "
                "to ports in North Africa and Turkey."
            ),
            (
                "Indian exporters are watching the debate closely, as much of the country's trade with "
                "Europe travels on ships that would be subject to the levy."
            ),
            (
                "A diplomat involved in the talks said a compromise with a lower starting rate could be "
                "tabled before the end of the month."
            ),
        ],
        "tags": ["Climate", "Shipping", "Europe", "Trade"],
        "authors": ["farhan-qureshi"],
        "agency": None,
        "photo": {
            "caption": "A container ship at anchor off a European port.",
            "credit": "Staff",
            "photographer": "Staff photographer",
            "alt": "A large container ship on calm grey water with a port skyline behind it.",
            "palette": "sea",
            "scene": "port",
        },
        "days_ago": 0.5,
        "status": "draft",
        "priority": 0,
    },
    {
        "key": "jaffna-ferry-resumes",
        "section": "world",
        "headline": "Passenger ferry between Tamil Nadu and northern Sri Lanka to resume",
        "kicker": "",
        "standfirst": "Weekly sailings will restart after a three-month pause for repairs to the jetty.",
        "dateline": "Colombo",
        "paragraphs": [
            (
                "A passenger ferry linking the Tamil Nadu coast with northern Sri Lanka will resume weekly "
                "sailings next month, officials in Colombo said."
            ),
            (
                "The service was suspended in the spring after storm damage to the landing jetty on the Sri "
                "Lankan side. Repairs, paid for jointly by both governments, were completed ahead of "
                "schedule."
            ),
            (
                "Tour operators in Jaffna said bookings for the first crossings were already full, mostly "
                "with pilgrims and families visiting relatives."
            ),
            "The operator plans to add a second weekly sailing during the festival season if demand holds.",
        ],
        "tags": ["Sri Lanka", "Tamil Nadu", "Diplomacy", "Tourism"],
        "authors": [],
        "agency": "snn",
        "photo": {
            "caption": "The passenger ferry moored at its home port before the suspension.",
            "credit": "SNN",
            "photographer": "Kanthan Rasiah",
            "alt": "A white passenger ferry tied up at a concrete jetty under a pale blue sky.",
            "palette": "sea",
            "scene": "harbour",
        },
        "days_ago": -1.0,
        "status": "scheduled",
        "priority": 3,
    },
    {
        "key": "summit-venue-moved",
        "section": "world",
        "headline": "Regional trade summit moved to new venue at short notice",
        "kicker": "",
        "standfirst": "Organisers cited security concerns in announcing the change.",
        "dateline": "Singapore",
        "paragraphs": [
            (
                "Organisers of a regional trade summit said on Saturday that the meeting would move to a "
                "different city, citing security advice."
            ),
            (
                "The statement did not name the new venue, saying details would follow once host "
                "arrangements were confirmed."
            ),
            "Delegations from eleven countries had been expected to attend the two-day meeting.",
            (
                "The organisers later said the original statement had been issued in error and that the "
                "venue was unchanged."
            ),
        ],
        "tags": ["Trade", "Diplomacy"],
        "authors": [],
        "agency": "gws",
        "photo": None,
        "days_ago": 9.3,
        "status": "withdrawn",
        "priority": 0,
    },
    # ---------------------------------------------------------------- Nation
    {
        "key": "parliament-data-bill",
        "section": "nation",
        "headline": "Government to bring data protection amendments in monsoon session",
        "kicker": "Parliament",
        "standfirst": (
            "The changes would give citizens a 30-day deadline for answers to complaints about misuse of "
            "personal data."
        ),
        "dateline": "New Delhi",
        "paragraphs": [
            (
                "The Union government will introduce amendments to the data protection law when Parliament "
                "meets for its monsoon session next week, a senior minister told an all-party meeting on "
                "Sunday."
            ),
            (
                "The draft, circulated to floor leaders, sets a 30-day deadline for companies to respond to "
                "complaints and raises the maximum penalty for repeated breaches."
            ),
            (
                "Opposition parties said they would press for the bill to be sent to a parliamentary "
                "committee. “A law about privacy cannot be passed in a hurry, behind closed doors,” said "
                "one opposition MP who attended the meeting."
            ),
            (
                "Industry groups have broadly welcomed the clearer timelines but asked for a longer "
                "transition period for small businesses."
            ),
            (
                "The session is scheduled to run for three weeks and is also expected to take up bills on "
                "coastal shipping and seed certification."
            ),
        ],
        "tags": ["Parliament", "Data protection", "New Delhi"],
        "authors": ["farhan-qureshi"],
        "agency": "cpa",
        "photo": {
            "caption": "Parliament House in New Delhi on the eve of the monsoon session.",
            "credit": "CPA",
            "photographer": "Vikram Sethi",
            "alt": "A sandstone government building with a wide lawn in front under an overcast sky.",
            "palette": "city",
            "scene": "facade",
        },
        "days_ago": 1.2,
        "status": "published",
        "priority": 7,
    },
    {
        "key": "rail-bridge-audit",
        "section": "nation",
        "headline": "Railways orders safety audit of 1,200 ageing bridges",
        "kicker": "",
        "standfirst": (
            "The review follows the discovery of a cracked girder on a busy freight route last month."
        ),
        "dateline": "New Delhi",
        "paragraphs": [
            (
                "The railways have ordered a structural audit of about 1,200 bridges that are more than 80 "
                "years old, after a routine inspection found a cracked girder on a freight line in the east "
                "of the country."
            ),
            (
                "No train was affected, but traffic on the route was slowed to 20 kilometres an hour for "
                "nine days while the girder was replaced."
            ),
            (
                '"We would rather find ten problems on paper than one in the river," a senior official of '
                "the railway board said, asking not to be named because the audit had not been formally "
                "announced."
            ),
            (
                "Zonal engineers have been given four months to file reports. Bridges found to need urgent "
                "work will be placed under permanent speed limits until repairs are done."
            ),
        ],
        "tags": ["Railways", "Infrastructure", "Safety"],
        "authors": [],
        "agency": "cpa",
        "photo": {
            "caption": "A steel railway bridge over a river, one of those included in the audit.",
            "credit": "CPA",
            "photographer": "Sanjay Prasad",
            "alt": "A long riveted steel bridge crossing a wide, slow river on a hazy morning.",
            "palette": "sky",
            "scene": "bridge",
        },
        "days_ago": 4.0,
        "status": "published",
        "priority": 4,
    },
    {
        "key": "delhi-heatwave-schools",
        "section": "nation",
        "headline": "Heatwave tightens grip on north India; schools close early",
        "kicker": "Weather",
        "standfirst": (
            "Temperatures crossed 45 degrees Celsius in several cities for the fourth straight day."
        ),
        "dateline": "New Delhi",
        "paragraphs": [
            (
                "Temperatures rose above 45 degrees Celsius across much of north India on Thursday, the "
                "fourth consecutive day of a severe heatwave, and several state governments ordered schools "
                "to close for the summer a week early."
            ),
            (
                "Hospitals in the capital reported a rise in patients with heat exhaustion, most of them "
                "outdoor workers and elderly people living alone."
            ),
            (
                "Municipal bodies opened cooling shelters in community halls and extended the hours of "
                "public drinking-water kiosks."
            ),
            (
                "The weather office said relief could arrive early next week as moist easterly winds push "
                "inland."
            ),
        ],
        "tags": ["Heatwave", "Climate", "New Delhi", "Health"],
        "authors": [],
        "agency": "cpa",
        "photo": {
            "caption": "A vendor shades himself with an umbrella on a street in New Delhi.",
            "credit": "CPA",
            "photographer": "Aamir Hussain",
            "alt": (
                "A street vendor under a faded umbrella beside a cart of watermelons in harsh afternoon "
                "light."
            ),
            "palette": "sunset",
            "scene": "market",
        },
        "days_ago": 9.5,
        "status": "published",
        "priority": 5,
    },
    {
        "key": "census-tablets-pilot",
        "section": "nation",
        "headline": "Census enumerators to swap paper for tablets in 40-district pilot",
        "kicker": "",
        "standfirst": (
            "The trial will test whether a digital count can be run in areas with patchy mobile coverage."
        ),
        "dateline": "New Delhi",
        "paragraphs": [
            (
                "Census workers in 40 districts will use tablets instead of paper forms in a pilot starting "
                "in October, the office of the Registrar General said on Wednesday."
            ),
            (
                "The districts were chosen to include hill areas, islands and dense city wards, so that "
                "officials can see how the app performs where connectivity is poor."
            ),
            (
                "Answers will be stored on the device and uploaded when a signal is available. Officials "
                "said the data would be encrypted and deleted from tablets after upload."
            ),
            (
                '"The pilot is where we make our mistakes, so the real count doesn\'t have to," said a '
                "senior official in the census directorate."
            ),
            (
                "Privacy researchers have asked the government to publish the app's security audit before "
                "the pilot begins."
            ),
        ],
        "tags": ["Census", "Data protection", "Technology"],
        "authors": ["farhan-qureshi"],
        "agency": None,
        "photo": {
            "caption": "An enumerator trains on a tablet at a workshop in New Delhi.",
            "credit": "Staff",
            "photographer": "Neha Arora",
            "alt": "A woman holding a tablet computer while a trainer points at the screen.",
            "palette": "newsroom",
            "scene": "office",
        },
        "days_ago": 6.0,
        "status": "published",
        "priority": 3,
    },
    {
        "key": "monsoon-forecast-raised",
        "section": "nation",
        "headline": "Weather office raises monsoon forecast to 106% of long-period average",
        "kicker": "Monsoon",
        "standfirst": (
            "An above-normal season would ease food prices but raises the risk of floods in the south-west."
        ),
        "dateline": "Pune",
        "paragraphs": [
            (
                "The weather office raised its monsoon forecast on Monday and now expects rainfall at 106% "
                "of the long-period average, up from 103% in its first estimate."
            ),
            (
                "Forecasters said cooling in the Pacific and a favourable pattern in the Indian Ocean were "
                "likely to strengthen the monsoon in the second half of the season."
            ),
            (
                "Central and southern peninsular India are expected to receive the most above-normal rain. "
                "The north-east could see slightly less than usual."
            ),
            (
                "Economists said a good season would help bring down food inflation, but "
                "disaster-management officials in Kerala and Karnataka urged districts to review flood "
                "plans."
            ),
        ],
        "tags": ["Monsoon", "Weather", "Inflation"],
        "authors": [],
        "agency": "cpa",
        "photo": {
            "caption": "Monsoon clouds gather over farmland in Maharashtra.",
            "credit": "CPA",
            "photographer": "Ganesh Kulkarni",
            "alt": "Dark rain clouds over bright green fields with a single tree in the distance.",
            "palette": "forest",
            "scene": "field",
        },
        "days_ago": 11.0,
        "status": "published",
        "priority": 4,
    },
    {
        "key": "monsoon-forecast-explained",
        "section": "nation",
        "headline": "What a 106% monsoon forecast means, and what it does not",
        "kicker": "Monsoon",
        "genre": "explainer",
        "standfirst": (
            "The long-period average, the margin of error, and why a generous all-India number can still "
            "leave a district dry."
        ),
        "dateline": "",
        "paragraphs": [
            (
                "The weather office now expects this year's monsoon to bring 106% of the long-period "
                "average. The average is the mean June-to-September rainfall for the whole country over "
                "fifty years, about 87 centimetres, so the forecast works out at a little over 92."
            ),
            (
                "The figure comes with a margin of four percentage points either way. A season anywhere "
                "between 102% and 110% would count as the forecast coming true, and the office's own "
                "categories call anything from 105% to 110% “above normal”."
            ),
            (
                "What the number cannot say is where and when the rain will fall. A season can reach its "
                "all-India total through a few very wet weeks on the west coast while farmers inland wait "
                "through a long dry spell in July, when sowing matters most."
            ),
            (
                "That is why the office also issues forecasts for four broad regions and, from June, for "
                "each month. District officials plan from those, and from the five-day outlooks that follow "
                "once the rain has arrived."
            ),
            (
                "For prices, the all-India number still matters: a good season fills reservoirs, lifts "
                "the winter crop as well as the summer one and usually eases the cost of vegetables and "
                "pulses within a few months."
            ),
        ],
        "tags": ["Monsoon", "Weather"],
        "authors": ["tessa-dsouza"],
        "agency": None,
        "photo": {
            "caption": "Paddy seedlings wait to be transplanted in a field near Palakkad.",
            "credit": "Staff",
            "photographer": "Anoop Krishnan",
            "alt": "Bands of bright green paddy fields under heavy grey clouds, a lone tree on the horizon.",
            "palette": "forest",
            "scene": "field",
        },
        "days_ago": 10.6,
        "status": "published",
        "priority": 1,
    },
    {
        "key": "bengaluru-airport-runway",
        "section": "nation",
        "headline": "Bengaluru airport's third runway cleared by environment panel",
        "kicker": "",
        "standfirst": "The clearance comes with conditions on lake restoration and night-time noise.",
        "dateline": "Bengaluru",
        "paragraphs": [
            (
                "An expert panel of the environment ministry has recommended clearance for a third runway "
                "at Bengaluru's international airport, subject to conditions on restoring two nearby lakes."
            ),
            (
                "The airport operator must also cap night-time departures over residential areas and "
                "install noise monitors in six villages."
            ),
            "Residents' groups said they would study the conditions before deciding whether to appeal.",
            (
                "The runway is expected to take four years to build and would raise the airport's capacity "
                "to about 90 million passengers a year."
            ),
        ],
        "tags": ["Aviation", "Bengaluru", "Infrastructure", "Environment"],
        "authors": ["arjun-bhattacharya"],
        "agency": None,
        "photo": {
            "caption": "An aircraft comes in to land at Bengaluru airport.",
            "credit": "Staff",
            "photographer": "Kiran Hegde",
            "alt": (
                "A passenger jet descending towards a runway with its landing gear down against an evening "
                "sky."
            ),
            "palette": "sunset",
            "scene": "airport",
        },
        "days_ago": 0.8,
        "status": "in_review",
        "priority": 0,
    },
    {
        "key": "tiger-survey-central",
        "section": "nation",
        "headline": "Tiger numbers rise in central India, survey finds",
        "kicker": "Wildlife",
        "standfirst": (
            "Camera traps recorded 14% more tigers in five reserves than four years ago, but corridors "
            "between them are shrinking."
        ),
        "dateline": "Bhopal",
        "paragraphs": [
            (
                "The number of tigers in five reserves in central India has risen by 14% in four years, "
                "according to a camera-trap survey released on Friday."
            ),
            (
                "Researchers identified 412 individual tigers from their stripe patterns, compared with 361 "
                "in the previous count."
            ),
            (
                "The report warned that forest corridors linking the reserves had narrowed because of new "
                "roads and mines, making it harder for young tigers to find territory."
            ),
            (
                "“More tigers in smaller islands of forest is a recipe for conflict with villages,” said Dr "
                "Aparna Joshi, a wildlife biologist who led part of the fieldwork."
            ),
            (
                "The survey recommends underpasses on three highways and compensation that reaches farmers "
                "within a month of cattle being killed."
            ),
        ],
        "tags": ["Wildlife", "Environment", "Tigers"],
        "authors": [],
        "agency": "gws",
        "photo": {
            "caption": "A tiger photographed by a camera trap in a central Indian reserve.",
            "credit": "GWS",
            "photographer": "Camera trap",
            "alt": "A tiger walking along a forest track at night, lit by an infrared flash.",
            "palette": "forest",
            "scene": "forest",
        },
        "days_ago": 0.05,
        "status": "published",
        "priority": 6,
        "embargo_hours": 6,
    },
    {
        "key": "entrance-exam-rescheduled",
        "section": "nation",
        "headline": "Engineering entrance test rescheduled after server failures",
        "kicker": "",
        "standfirst": "Candidates at 37 centres will sit the exam again on a new date.",
        "dateline": "New Delhi",
        "paragraphs": [
            (
                "A national engineering entrance test will be held again at 37 centres after computer "
                "systems failed during Sunday's session, the testing agency said."
            ),
            (
                "About 11,000 candidates were affected. Many waited for more than two hours before being "
                "sent home."
            ),
            (
                "The agency said admit cards for the new date would be issued within a week and that travel "
                "costs for candidates from rural areas would be reimbursed."
            ),
            (
                "Parents' associations have asked for an independent inquiry into the contractor "
                "responsible for the exam centres."
            ),
        ],
        "tags": ["Education", "Exams"],
        "authors": ["farhan-qureshi"],
        "agency": None,
        "photo": {
            "caption": "Candidates wait outside an exam centre in New Delhi.",
            "credit": "Staff",
            "photographer": "Neha Arora",
            "alt": "Young people with bags and folders waiting on a pavement outside a closed iron gate.",
            "palette": "city",
            "scene": "street",
        },
        "days_ago": -0.5,
        "status": "scheduled",
        "priority": 4,
    },
    # ---------------------------------------------------------------- Kerala
    {
        "key": "kochi-trawling-ban",
        "section": "kerala",
        "headline": "52-day trawling ban begins; Kochi fishers ask for higher relief",
        "kicker": "Monsoon fishing ban",
        "standfirst": (
            "Boat owners say the ₹4,500 assistance for the ban period has not changed in six years while "
            "diesel and net prices have doubled."
        ),
        "dateline": "Kochi",
        "paragraphs": [
            (
                "Mechanised boats along Kerala's 590-kilometre coast returned to harbour at midnight on "
                "Sunday as the annual 52-day monsoon trawling ban came into force."
            ),
            (
                "The ban, meant to protect fish stocks during the breeding season, applies to trawlers and "
                "large purse-seine boats. Traditional country craft with outboard motors are allowed to "
                "keep fishing close to shore."
            ),
            (
                "At Thoppumpady harbour, boat owners and crew held a short protest demanding that the state "
                "raise the relief paid to fishing households during the ban."
            ),
            (
                "“The relief was fixed when diesel cost half of what it does now. A crew member with three "
                "children cannot live on this for two months."
            ),
            (
                "“We are not asking to fish during the ban. We know the sea needs rest. We are asking the "
                "government to count what it costs a family to wait,” said Joseph Kuriakose, secretary of a "
                "boat owners' association in Kochi."
            ),
            (
                "Fisheries department officials said a proposal to raise the assistance was under "
                "consideration and would be placed before the cabinet this month."
            ),
            (
                "Marine enforcement teams will patrol the coast with six hired boats, and the coastal "
                "police said violators would have their catch seized and their licences suspended."
            ),
        ],
        "tags": ["Fisheries", "Monsoon", "Kochi", "Kerala"],
        "authors": ["devika-nair"],
        "agency": None,
        "photo": {
            "caption": "Trawlers moored at Thoppumpady harbour in Kochi as the ban begins.",
            "credit": "Staff",
            "photographer": "Rajeev Menon",
            "alt": (
                "Dozens of blue and red fishing trawlers tied up side by side in a harbour under grey "
                "monsoon clouds."
            ),
            "palette": "sea",
            "scene": "harbour",
        },
        "days_ago": 0.8,
        "status": "published",
        "priority": 8,
    },
    {
        "key": "vembanad-clam-decline",
        "section": "kerala",
        "headline": "Black clam harvest in Vembanad lake falls by a third",
        "kicker": "",
        "standfirst": (
            "Researchers blame changes in salinity after the barrage at the lake's southern end was kept "
            "open longer."
        ),
        "dateline": "Alappuzha",
        "paragraphs": [
            (
                "The harvest of black clams from Vembanad lake fell by about a third last year, according "
                "to a study by researchers at a state fisheries university."
            ),
            (
                "Clam collectors, most of them from families that have worked the lake for generations, "
                "said they were now spending six hours in the water for a catch that once took two."
            ),
            (
                "The study links the decline to changes in the mix of salt and fresh water after the "
                "barrage near Thanneermukkom was kept open for longer than usual to relieve flooding "
                "upstream."
            ),
            (
                "“The clam needs a particular amount of salt. Too little and it stops growing, too much and "
                "it stops breeding,” said Dr Rekha Varghese, one of the authors."
            ),
            (
                "The researchers have recommended a fixed calendar for opening and closing the barrage, "
                "drawn up with farmers and clam workers together."
            ),
        ],
        "tags": ["Fisheries", "Vembanad", "Kerala", "Environment"],
        "authors": ["devika-nair"],
        "agency": "snn",
        "photo": {
            "caption": "Clam collectors at work in Vembanad lake near Alappuzha.",
            "credit": "SNN",
            "photographer": "Biju Thomas",
            "alt": (
                "Two people waist-deep in a wide lake holding baskets, with coconut palms on the far shore."
            ),
            "palette": "sea",
            "scene": "backwater",
        },
        "days_ago": 5.5,
        "status": "published",
        "priority": 3,
        "correction": (
            "The study was carried out by a state fisheries university, not a central research institute as "
            "we first reported."
        ),
    },
    {
        "key": "kerala-monsoon-onset",
        "section": "kerala",
        "headline": "Monsoon arrives in Kerala three days ahead of schedule",
        "kicker": "",
        "standfirst": "Heavy showers lashed the southern districts as the weather office declared the onset.",
        "dateline": "Thiruvananthapuram",
        "paragraphs": [
            (
                "The south-west monsoon reached Kerala on Thursday, three days earlier than its normal "
                "onset date, the weather office said."
            ),
            (
                "Thiruvananthapuram, Kollam and Pathanamthitta received heavy rain through the afternoon, "
                "and several low-lying streets in the capital were waterlogged by evening."
            ),
            (
                "Fishermen were advised not to venture into the sea for the next five days because of "
                "strong winds of up to 55 kilometres an hour."
            ),
            (
                "The district administration opened a control room and asked residents of hilly areas to "
                "watch for signs of soil movement."
            ),
        ],
        "tags": ["Monsoon", "Kerala", "Weather", "Thiruvananthapuram"],
        "authors": [],
        "agency": "snn",
        "photo": {
            "caption": "Commuters walk through rain in Thiruvananthapuram on Thursday.",
            "credit": "SNN",
            "photographer": "Anoop Krishnan",
            "alt": "People with black umbrellas crossing a wet road in heavy rain.",
            "palette": "sky",
            "scene": "rain",
        },
        "days_ago": 12.5,
        "status": "published",
        "priority": 5,
    },
    {
        "key": "kochi-water-metro-islands",
        "section": "kerala",
        "headline": "Kochi water metro to add route to three western islands",
        "kicker": "",
        "standfirst": (
            "Two new terminals will bring the boat service within a ten-minute walk of 40,000 island "
            "residents."
        ),
        "dateline": "Kochi",
        "paragraphs": [
            (
                "Kochi's water metro will open a route to three islands on the western side of the harbour "
                "next month, connecting them to the city's main boat hub."
            ),
            (
                "Residents of the islands now rely on a single ageing ferry that runs every 90 minutes. The "
                "new electric boats will run every 20 minutes at peak hours."
            ),
            (
                "“My daughter's college is twenty minutes away by water and an hour by road,” said Mary "
                "Antony, who runs a tea shop near one of the new terminals."
            ),
            "Officials said fares would be the same as on existing routes, with a monthly pass for students.",
        ],
        "tags": ["Kochi", "Transport", "Kerala"],
        "authors": ["devika-nair"],
        "agency": None,
        "photo": {
            "caption": "An electric water metro boat leaves a terminal in Kochi.",
            "credit": "Staff",
            "photographer": "Rajeev Menon",
            "alt": (
                "A sleek white-and-blue passenger boat moving across calm backwater with a modern terminal "
                "behind it."
            ),
            "palette": "sea",
            "scene": "harbour",
        },
        "days_ago": -0.7,
        "status": "scheduled",
        "priority": 3,
    },
    {
        "key": "idukki-orange-alert",
        "section": "kerala",
        "headline": "Orange alert in Idukki; 300 families moved to relief camps",
        "kicker": "",
        "standfirst": (
            "Officials shifted residents of landslide-prone slopes as rain continued for a third day."
        ),
        "dateline": "Idukki",
        "paragraphs": [
            (
                "The district administration in Idukki moved about 300 families from landslide-prone areas "
                "to relief camps on Saturday as heavy rain continued for a third day."
            ),
            (
                "The weather office issued an orange alert for the district, warning of very heavy rain "
                "over the next 48 hours."
            ),
            (
                "Night travel on hill roads has been banned until Tuesday, and tourists have been asked to "
                "postpone visits to Munnar."
            ),
            (
                "Water levels in the district's reservoirs are being monitored hourly. Officials said there "
                "was no plan to open the shutters yet."
            ),
            (
                "Update: By Saturday evening, a minor landslip had blocked a road near one of the evacuated "
                "villages. No one was hurt."
            ),
        ],
        "tags": ["Monsoon", "Kerala", "Landslides", "Idukki"],
        "authors": [],
        "agency": "snn",
        "photo": {
            "caption": "Families arrive at a relief camp set up in a school in Idukki.",
            "credit": "SNN",
            "photographer": "Biju Thomas",
            "alt": "Families carrying bags and bedding into a school building on a misty hillside.",
            "palette": "forest",
            "scene": "hillside",
        },
        "days_ago": 2.6,
        "status": "published",
        "priority": 7,
        "updated_hours_ago": 3,
    },
    {
        "key": "kerala-sea-rescue-volunteers",
        "section": "kerala",
        "headline": "Kerala to train 2,000 fishers as sea-rescue volunteers",
        "kicker": "",
        "standfirst": "The scheme draws on the role fishing communities played during past floods.",
        "dateline": "Thiruvananthapuram",
        "paragraphs": [
            (
                "The Kerala government will train 2,000 members of fishing communities as sea-rescue "
                "volunteers, the fisheries department announced on Monday."
            ),
            (
                "Volunteers will receive first-aid and navigation training, a life-jacket kit and a daily "
                "allowance when called out for rescue work."
            ),
            (
                "The programme builds on the part fishing boats played in rescuing people from flooded "
                "homes in central Kerala in recent years."
            ),
            (
                "“Nobody knows the water better than the people who live from it,” a fisheries official "
                "said at the launch in Thiruvananthapuram."
            ),
        ],
        "tags": ["Fisheries", "Kerala", "Disaster management"],
        "authors": ["devika-nair"],
        "agency": None,
        "photo": {
            "caption": "Fishers take part in a rescue drill off Vizhinjam.",
            "credit": "Staff",
            "photographer": "Anoop Krishnan",
            "alt": "A small wooden boat with four men in orange life jackets pulling a dummy from the sea.",
            "palette": "sea",
            "scene": "harbour",
        },
        "days_ago": 8.0,
        "status": "published",
        "priority": 2,
    },
    # ---------------------------------------------------------------- Tamil Nadu
    {
        "key": "chennai-metro-trial-run",
        "section": "tamil-nadu",
        "headline": "Driverless train completes first trial run on new Chennai metro line",
        "kicker": "Chennai Metro",
        "standfirst": (
            "The 10-kilometre stretch is expected to open to passengers by the end of the year if safety "
            "checks go to plan."
        ),
        "dateline": "Chennai",
        "paragraphs": [
            (
                "A three-car driverless train completed its first trial run on a new stretch of the Chennai "
                "metro on Tuesday, covering 10 kilometres of elevated track in just under 22 minutes."
            ),
            (
                "The train ran at a restricted speed of 30 kilometres an hour with engineers on board. "
                "Speeds will be raised in stages over the next three months."
            ),
            (
                "“Today we learnt that the signalling talks to the train and the train listens. That is the "
                "most important conversation on any metro,” said S. Karthikeyan, the project director for "
                "the corridor."
            ),
            (
                "The stretch has nine stations, several of which are still being finished. Commuters in the "
                "western suburbs, who now face hour-long bus journeys to the city centre, have been waiting "
                "for the line for more than six years."
            ),
            (
                "The commissioner of metro rail safety must inspect the line before it can carry "
                "passengers. Officials hope to apply for that inspection in October."
            ),
            (
                "Update: Metro officials said on Tuesday evening that a second trial in the opposite "
                "direction had also been completed."
            ),
        ],
        "tags": ["Chennai Metro", "Chennai", "Transport", "Tamil Nadu"],
        "authors": ["meenakshi-sundaram"],
        "agency": None,
        "photo": {
            "caption": (
                "The driverless train on an elevated section of the new line in Chennai's western suburbs."
            ),
            "credit": "Staff",
            "photographer": "R. Senthil Kumar",
            "alt": "A silver and green metro train on an elevated concrete viaduct above a busy road.",
            "palette": "city",
            "scene": "viaduct",
        },
        "days_ago": 0.5,
        "status": "published",
        "priority": 9,
        "updated_hours_ago": 2,
    },
    {
        "key": "tamil-nadu-budget",
        "section": "tamil-nadu",
        "headline": "Tamil Nadu budget bets on industrial corridors, caps borrowing",
        "kicker": "State budget",
        "standfirst": (
            "The finance minister promised to bring the revenue deficit down to 1.2% of state output while "
            "raising capital spending by 18%."
        ),
        "dateline": "Chennai",
        "paragraphs": [
            (
                "Tamil Nadu's finance minister presented a budget on Friday that raises capital spending by "
                "18% and sets aside ₹9,400 crore for two new industrial corridors in the south and west of "
                "the state."
            ),
            (
                "The budget aims to reduce the revenue deficit to 1.2% of gross state domestic product, "
                "down from 1.9%, mainly through higher collections from stamp duty and a crackdown on tax "
                "arrears."
            ),
            (
                "New schemes include a breakfast programme extended to government-aided high schools and a "
                "₹600 crore fund to repair rural roads damaged in last year's floods."
            ),
            (
                "The opposition called the numbers optimistic. “The deficit target depends on land deals "
                "that have not happened yet,” said an opposition legislator during the debate that "
                "followed."
            ),
            (
                "Industry bodies welcomed the corridors but asked the government to speed up land "
                "acquisition, which has held up earlier projects for years."
            ),
        ],
        "tags": ["State budget", "Tamil Nadu", "Economy", "Chennai"],
        "authors": ["meenakshi-sundaram"],
        "agency": "snn",
        "photo": {
            "caption": "The finance minister arrives at the Assembly in Chennai with the budget papers.",
            "credit": "SNN",
            "photographer": "M. Prabhu",
            "alt": (
                "A man in a white shirt and dhoti holding a red briefcase on the steps of a colonial "
                "building."
            ),
            "palette": "city",
            "scene": "facade",
        },
        "days_ago": 3.2,
        "status": "published",
        "priority": 7,
    },
    {
        "key": "madurai-jasmine-prices",
        "section": "tamil-nadu",
        "headline": "Madurai jasmine touches ₹2,400 a kilo as festival demand peaks",
        "kicker": "",
        "standfirst": (
            "Growers say a short cold spell cut flowering just as orders from temples and weddings rose."
        ),
        "dateline": "Madurai",
        "paragraphs": [
            (
                "Jasmine from Madurai sold for up to ₹2,400 a kilogram at the city's flower market on "
                "Wednesday, nearly three times last month's price."
            ),
            (
                "Traders said supply had fallen after an unusual cold spell slowed flowering in the "
                "villages around the city, just as demand from temples and wedding halls peaked."
            ),
            (
                '"At this price the garland sellers are cutting the flowers in half and adding more '
                'thread," said K. Murugesan, who has traded at the market for 30 years.'
            ),
            "Prices are expected to ease within two weeks as warmer weather returns.",
        ],
        "tags": ["Madurai", "Agriculture", "Tamil Nadu", "Festivals"],
        "authors": ["meenakshi-sundaram"],
        "agency": None,
        "photo": {
            "caption": "Traders weigh jasmine at the flower market in Madurai.",
            "credit": "Staff",
            "photographer": "R. Senthil Kumar",
            "alt": "Heaps of white jasmine buds on sacking, with hands holding a brass weighing scale.",
            "palette": "sunset",
            "scene": "market",
        },
        "days_ago": 6.6,
        "status": "published",
        "priority": 2,
    },
    {
        "key": "hosur-battery-plant",
        "section": "tamil-nadu",
        "secondary_sections": ["business"],
        "headline": "Kaveri Motors opens electric-vehicle battery plant in Hosur",
        "kicker": "Electric vehicles",
        "standfirst": (
            "The ₹3,200-crore facility will make battery packs for two-wheelers and employ 2,800 people, "
            "most of them women."
        ),
        "dateline": "Hosur",
        "paragraphs": [
            (
                "Kaveri Motors, a maker of electric scooters, opened a battery-pack plant in Hosur on "
                "Monday, its largest investment so far."
            ),
            (
                "The plant will assemble packs from imported cells at first, with a line for locally made "
                "cells planned within three years."
            ),
            (
                "The company said about 70% of the 2,800 workers would be women, many of them trained at "
                "government polytechnics in Krishnagiri district."
            ),
            (
                "“Hosur built motorcycles for forty years. It will build what comes next as well,” said "
                "Kaveri Motors co-founder Nithya Rangarajan."
            ),
            (
                "Analysts said the plant would help the company cut battery costs, which account for around "
                "40% of the price of an electric scooter."
            ),
        ],
        "tags": ["Electric vehicles", "Tamil Nadu", "Manufacturing", "Kaveri Motors"],
        "authors": ["meenakshi-sundaram", "arjun-bhattacharya"],
        "agency": None,
        "photo": {
            "caption": "Workers on the assembly line at the new Kaveri Motors battery plant in Hosur.",
            "credit": "Staff",
            "photographer": "M. Prabhu",
            "alt": "Women in blue overalls assembling battery modules at a brightly lit factory bench.",
            "palette": "newsroom",
            "scene": "factory",
        },
        "days_ago": 9.1,
        "status": "published",
        "priority": 4,
    },
    {
        "key": "chennai-storm-drains",
        "section": "tamil-nadu",
        "headline": "Corporation races to finish storm-water drains before north-east monsoon",
        "kicker": "",
        "standfirst": "About 40% of the planned network in the southern suburbs is still incomplete.",
        "dateline": "Chennai",
        "paragraphs": [
            (
                "The Greater Chennai Corporation has set an October deadline for contractors to finish "
                "storm-water drains in the city's southern suburbs, where about 40% of the planned work is "
                "incomplete."
            ),
            (
                "Residents of several localities say half-finished trenches have made roads dangerous and "
                "in some cases trapped water rather than draining it."
            ),
            (
                "Corporation engineers said the remaining stretches would be prioritised by flood risk, "
                "with the lowest-lying streets finished first."
            ),
            "A review meeting chaired by the commissioner will be held every week until the monsoon arrives.",
        ],
        "tags": ["Chennai", "Floods", "Infrastructure", "Monsoon"],
        "authors": ["meenakshi-sundaram"],
        "agency": None,
        "photo": {
            "caption": "A half-built storm-water drain along a road in southern Chennai.",
            "credit": "Staff",
            "photographer": "R. Senthil Kumar",
            "alt": (
                "An open concrete trench beside a narrow road, with steel rods sticking out and traffic "
                "passing."
            ),
            "palette": "city",
            "scene": "street",
        },
        "days_ago": 0.4,
        "status": "draft",
        "priority": 0,
    },
    {
        "key": "nilgiris-tea-prices",
        "section": "tamil-nadu",
        "headline": "Small tea growers in the Nilgiris protest low green-leaf price",
        "kicker": "",
        "standfirst": "Growers say the price paid by factories no longer covers the cost of plucking.",
        "dateline": "Coonoor",
        "paragraphs": [
            (
                "Hundreds of small tea growers marched through Coonoor on Thursday to demand a minimum "
                "price of ₹35 a kilogram for green tea leaf."
            ),
            (
                "Growers said bought-leaf factories were paying as little as ₹19 a kilogram, below the cost "
                "of labour and fertiliser."
            ),
            (
                "Factory owners said auction prices for Nilgiris tea had fallen because of competition from "
                "cheaper teas from East Africa."
            ),
            "The district collector has called a meeting of growers and factory owners next week.",
        ],
        "tags": ["Tea", "Agriculture", "Nilgiris", "Tamil Nadu"],
        "authors": [],
        "agency": "snn",
        "photo": None,
        "days_ago": 10.4,
        "status": "published",
        "priority": 2,
    },
    # ---------------------------------------------------------------- Business
    {
        "key": "central-bank-holds-rate",
        "section": "business",
        "headline": "Central bank holds key rate, keeps a wary eye on food prices",
        "kicker": "Monetary policy",
        "standfirst": (
            "The monetary policy committee voted 5-1 to leave the repo rate unchanged and kept its neutral "
            "stance."
        ),
        "dateline": "Mumbai",
        "paragraphs": [
            (
                "The Reserve Bank's monetary policy committee left its key lending rate unchanged on "
                "Wednesday, saying inflation was easing but food prices remained too volatile to risk a "
                "cut."
            ),
            (
                "Five of the six members voted to hold. One external member voted for a cut of a quarter of "
                "a percentage point, arguing that growth in manufacturing was slowing."
            ),
            (
                "The central bank kept its inflation forecast for the year at 4.4% and trimmed its growth "
                "estimate slightly, citing weaker exports."
            ),
            (
                "In the statement read out after the meeting, the committee explained its caution in "
                "unusually plain terms."
            ),
            (
                "“Vegetable prices have fallen for two months, but two months is not a trend. A good "
                "monsoon is forecast, but a forecast is not a harvest."
            ),
            (
                "“The committee would rather be a little late than have to reverse course. Households and "
                "businesses are better served by a steady hand than a quick one.”"
            ),
            (
                "Bond yields rose slightly after the decision, and most economists polled afterwards said "
                "they now expected the first cut in the next quarter."
            ),
            (
                "“They have opened the door and are standing in it,” said Priya Raghavan, chief economist "
                "at a Mumbai brokerage."
            ),
        ],
        "tags": ["Reserve Bank of India", "Interest rates", "Inflation", "Economy", "Markets"],
        "authors": ["arjun-bhattacharya"],
        "agency": "cpa",
        "photo": {
            "caption": "The central bank's headquarters in Mumbai on the day of the policy decision.",
            "credit": "CPA",
            "photographer": "Farida Contractor",
            "alt": "A tall office tower with a stone forecourt and guards at the entrance under a grey sky.",
            "palette": "city",
            "scene": "tower",
        },
        "days_ago": 1.6,
        "status": "published",
        "priority": 8,
    },
    {
        "key": "paisaline-series-b",
        "section": "business",
        "secondary_sections": ["kerala"],
        "social_title": "Paisaline's $18 million bet on the corner shop",
        "social_description": (
            "A Kochi startup that lends against a shop's daily payments is taking its model to two more "
            "states."
        ),
        "headline": "Kochi fintech Paisaline raises $18 million to lend to small shops",
        "kicker": "Startups",
        "standfirst": (
            "The funding round was led by a Singapore-based fund and will take the startup into Tamil Nadu "
            "and Karnataka."
        ),
        "dateline": "Kochi",
        "paragraphs": [
            (
                "Paisaline, a Kochi-based startup that offers short-term loans to neighbourhood shops, has "
                "raised $18 million in a Series B round led by a Singapore-based venture fund."
            ),
            (
                "The company uses a shop's digital payment history to decide how much it can lend, and "
                "collects repayments as a small share of each day's sales."
            ),
            (
                "“A grocer in Aluva does not have a balance sheet. He has ten thousand small payments, and "
                "those tell us more than any form,” said co-founder Anand Mathew."
            ),
            (
                "Paisaline says it has lent to 42,000 shops across Kerala and that fewer than 3% of loans "
                "are more than 90 days overdue."
            ),
            (
                "The new money will be used to open offices in Coimbatore, Madurai and Mangaluru and to "
                "apply for a lending licence of its own."
            ),
        ],
        "tags": ["Startups", "Kochi", "Fintech", "Venture capital"],
        "authors": ["arjun-bhattacharya", "devika-nair"],
        "agency": None,
        "photo": {
            "caption": "Paisaline co-founders Anand Mathew and Fathima Rasheed at their office in Kochi.",
            "credit": "Staff",
            "photographer": "Rajeev Menon",
            "alt": (
                "A man and a woman standing in front of a glass wall covered in sticky notes in a small "
                "office."
            ),
            "palette": "newsroom",
            "scene": "office",
        },
        "days_ago": 4.4,
        "status": "published",
        "priority": 5,
    },
    {
        "key": "rupee-weekly-low",
        "section": "business",
        "headline": "Rupee slips to weekly low as oil prices climb",
        "kicker": "Markets",
        "standfirst": (
            "Importers' demand for dollars and rising crude weighed on the currency in afternoon trade."
        ),
        "dateline": "Mumbai",
        "paragraphs": [
            (
                "The rupee weakened by 18 paise against the dollar on Monday, its lowest close in a week, "
                "as a rise in crude oil prices lifted demand for dollars from importers."
            ),
            (
                "Dealers said state-run banks were seen selling dollars near the day's low, which they "
                "believed was on behalf of the central bank."
            ),
            (
                "Benchmark share indices ended slightly lower, with oil marketing companies and airlines "
                "among the biggest losers."
            ),
            (
                "Traders expect the currency to stay in a narrow range until US inflation figures are "
                "released later in the week."
            ),
        ],
        "tags": ["Rupee", "Markets", "Oil"],
        "authors": [],
        "agency": "cpa",
        "photo": {
            "caption": "Dealers at a foreign-exchange desk in Mumbai.",
            "credit": "CPA",
            "photographer": "Farida Contractor",
            "alt": "Traders in shirtsleeves watching several screens of green and red figures.",
            "palette": "newsroom",
            "scene": "office",
        },
        "days_ago": 0.2,
        "status": "published",
        "priority": 3,
    },
    {
        "key": "ledgerleaf-ipo",
        "section": "business",
        "headline": "Chennai software maker Ledgerleaf files for ₹1,100-crore listing",
        "kicker": "IPO",
        "standfirst": (
            "The accounting-software company would be among the first profitable Chennai "
            "software-as-a-service firms to list."
        ),
        "dateline": "Chennai",
        "paragraphs": [
            (
                "Ledgerleaf, a Chennai company that sells accounting software to small businesses by "
                "subscription, has filed draft papers with the market regulator for an initial public "
                "offering of about ₹1,100 crore."
            ),
            (
                "The offer includes fresh shares worth ₹400 crore and a sale of existing shares by early "
                "investors."
            ),
            (
                "The company reported a profit of ₹86 crore last year on revenue of ₹610 crore, with more "
                "than half its customers in South-East Asia and the Gulf."
            ),
            (
                "Bankers said the listing could come within four months if the regulator clears the papers "
                "quickly."
            ),
        ],
        "tags": ["IPO", "Startups", "Chennai", "Software", "Markets"],
        "authors": ["arjun-bhattacharya"],
        "agency": None,
        "photo": {
            "caption": "Ledgerleaf's office in Chennai's IT corridor.",
            "credit": "Staff",
            "photographer": "M. Prabhu",
            "alt": "A modern glass office building with a landscaped entrance beside a wide road.",
            "palette": "city",
            "scene": "tower",
        },
        "days_ago": 0.9,
        "status": "in_review",
        "priority": 0,
    },
    {
        "key": "coffee-exports-record",
        "section": "business",
        "headline": "Coffee exports hit record as robusta shortage lifts demand",
        "kicker": "",
        "standfirst": (
            "Shipments rose 21% in value as buyers in Europe turned to Indian beans after poor harvests "
            "elsewhere."
        ),
        "dateline": "Bengaluru",
        "paragraphs": [
            (
                "India's coffee exports reached a record value in the first half of the year, rising 21% as "
                "buyers in Europe looked for robusta beans after poor harvests in other growing countries."
            ),
            (
                "Italy, Germany and Belgium remained the biggest buyers. Exports of instant coffee also "
                "rose sharply."
            ),
            (
                "Planters in Kodagu and Wayanad said higher prices had helped them recover from two years "
                "of erratic rain, though labour shortages at harvest time remained a worry."
            ),
            (
                "“For once the market is kind to us. Now we need the weather to be kind as well,” said "
                "Kushalappa Bopanna, who grows coffee on 40 acres in Kodagu."
            ),
        ],
        "tags": ["Coffee", "Exports", "Agriculture", "Trade"],
        "authors": [],
        "agency": "gws",
        "photo": {
            "caption": "Coffee cherries drying on a plantation in Kodagu.",
            "credit": "GWS",
            "photographer": "Deepak Ponnappa",
            "alt": "Red coffee cherries spread out on a concrete yard with shade trees behind.",
            "palette": "forest",
            "scene": "plantation",
        },
        "days_ago": 7.3,
        "status": "published",
        "priority": 3,
    },
    {
        "key": "tax-collections-rise",
        "section": "business",
        "headline": "Indirect tax collections rise 9% on strong festival spending",
        "kicker": "",
        "standfirst": (
            "Collections from imports grew faster than domestic transactions for the second month running."
        ),
        "dateline": "New Delhi",
        "paragraphs": [
            (
                "Collections of the goods and services tax rose 9% from a year earlier last month, "
                "according to government figures released on Sunday."
            ),
            (
                "Officials attributed the rise to higher spending on consumer goods and vehicles ahead of "
                "the festival season."
            ),
            (
                "Tax on imports grew faster than tax on domestic transactions, which economists said "
                "reflected higher prices for imported fuel and electronics."
            ),
            "Refunds to exporters were also higher, a sign that delays in processing claims were easing.",
        ],
        "tags": ["Tax", "Economy", "Consumer spending"],
        "authors": [],
        "agency": "cpa",
        "photo": None,
        "days_ago": 12.0,
        "status": "published",
        "priority": 2,
    },
    {
        "key": "airvista-jet-order",
        "section": "business",
        "headline": "Budget carrier Airvista orders 40 narrow-body jets",
        "kicker": "Aviation",
        "standfirst": "The order would nearly double the airline's fleet by the end of the decade.",
        "dateline": "Mumbai",
        "paragraphs": [
            (
                "Airvista, a budget airline that flies mainly to smaller cities, has placed an order for 40 "
                "narrow-body aircraft, two people familiar with the deal said."
            ),
            "The airline now operates 46 planes. Deliveries are expected to begin in three years.",
            (
                "Airvista has grown quickly on routes linking cities such as Coimbatore, Madurai and "
                "Kozhikode with the Gulf."
            ),
            "The company declined to comment ahead of a formal announcement.",
        ],
        "tags": ["Aviation", "Airvista", "Gulf"],
        "authors": ["arjun-bhattacharya"],
        "agency": None,
        "photo": {
            "caption": "An Airvista aircraft at Kozhikode airport.",
            "credit": "Staff",
            "photographer": "Staff photographer",
            "alt": "A white passenger jet with an orange tail parked on an airport apron.",
            "palette": "sky",
            "scene": "airport",
        },
        "days_ago": 0.3,
        "status": "draft",
        "priority": 0,
    },
    {
        "key": "classmosaic-layoffs",
        "section": "business",
        "headline": "Edtech startup Classmosaic cuts 300 jobs as funding dries up",
        "kicker": "Startups",
        "standfirst": (
            "The company will close its test-preparation business and focus on software for schools."
        ),
        "dateline": "Bengaluru",
        "paragraphs": [
            (
                "Classmosaic, an online education startup, is laying off about 300 employees, roughly a "
                "quarter of its staff, as it shuts its test-preparation business."
            ),
            (
                'In an email to staff, chief executive Rohit Malhotra said the company had "grown too fast '
                'for a market that slowed down" and would now concentrate on software that schools use to '
                "set and grade homework."
            ),
            (
                "Affected employees will receive three months' pay and medical cover until the end of the "
                "year, the company said."
            ),
            (
                "The startup raised about $120 million from investors at the height of the online learning "
                "boom but has not raised fresh capital in more than two years."
            ),
            (
                "Classmosaic joins a list of education technology companies that have cut staff as students "
                "return to classrooms."
            ),
        ],
        "tags": ["Startups", "Education", "Layoffs", "Bengaluru"],
        "authors": ["arjun-bhattacharya"],
        "agency": None,
        "photo": {
            "caption": "The Classmosaic office in Bengaluru.",
            "credit": "Staff",
            "photographer": "Kiran Hegde",
            "alt": "An open-plan office with rows of empty desks and monitors switched off.",
            "palette": "newsroom",
            "scene": "office",
        },
        "days_ago": 5.9,
        "status": "published",
        "priority": 4,
        "correction": (
            "An earlier version of this story said the layoffs affected a third of staff. The company says "
            "they affect about a quarter."
        ),
    },
    {
        "key": "gold-loan-demand",
        "section": "business",
        "headline": "Gold loan companies report surge in demand as prices stay high",
        "kicker": "",
        "standfirst": (
            "Kerala-based lenders say borrowers are pledging jewellery to pay for school fees and "
            "small-business stock."
        ),
        "dateline": "Thrissur",
        "paragraphs": [
            (
                "Gold loan companies based in Kerala reported a sharp rise in lending in the last quarter "
                "as high gold prices allowed borrowers to raise more money against the same jewellery."
            ),
            (
                "Lenders said demand was strongest in small towns, where families were borrowing to pay "
                "school fees and shopkeepers to buy festival stock."
            ),
            (
                "“When the price of gold goes up, the bangle in the cupboard becomes a bigger cheque,” said "
                "Thomas Chacko, managing director of a mid-sized lender in Thrissur."
            ),
            (
                "Analysts cautioned that a sudden fall in prices could force lenders to auction pledged "
                "gold, as happened during an earlier downturn."
            ),
        ],
        "tags": ["Gold", "Banking", "Kerala", "Thrissur"],
        "authors": ["arjun-bhattacharya"],
        "agency": "snn",
        "photo": {
            "caption": "A customer at a gold loan branch in Thrissur.",
            "credit": "SNN",
            "photographer": "Biju Thomas",
            "alt": (
                "A woman handing gold bangles across a counter to a clerk who holds a small weighing scale."
            ),
            "palette": "newsroom",
            "scene": "counter",
        },
        "days_ago": 8.8,
        "status": "published",
        "priority": 3,
    },
    # ---------------------------------------------------------------- Sport
    {
        "key": "test-series-innings-win",
        "section": "sport",
        "headline": "Spinners bowl India to innings win and series victory",
        "kicker": "Cricket",
        "standfirst": (
            "Left-armer Kabir Sethi took six for 41 as New Zealand were bowled out twice inside three days."
        ),
        "dateline": "Ahmedabad",
        "paragraphs": [
            (
                "India sealed the three-match Test series with a game to spare on Saturday, beating New "
                "Zealand by an innings and 73 runs inside three days."
            ),
            (
                "Left-arm spinner Kabir Sethi, playing only his fourth Test, took six for 41 in the second "
                "innings as the visitors lost their last seven wickets for 58 runs in the afternoon "
                "session."
            ),
            (
                "“I was just trying to land it in the same place ball after ball and let the pitch do the "
                "rest,” Sethi said. “The captain kept telling me to be patient, and for once I listened.”"
            ),
            (
                "Opener Vikrant Rao's 164 on the first day had given India a first-innings lead of 229, and "
                "New Zealand never recovered from losing both openers before lunch on day two."
            ),
            (
                "Visiting captain Liam Carver said his side had been outplayed. “We came here with a plan "
                "against spin, and for about a session and a half it worked. Then it didn't.”"
            ),
            (
                "The third Test begins in Kolkata on Friday. India are expected to rest at least one of "
                "their fast bowlers."
            ),
            (
                "Update: The selectors on Saturday evening added uncapped Kerala seamer Nikhil Joseph to "
                "the squad for the final Test."
            ),
        ],
        "tags": ["Cricket", "India cricket team", "Kabir Sethi", "Test cricket"],
        "authors": ["harpreet-gill"],
        "agency": None,
        "photo": {
            "caption": "Kabir Sethi celebrates a wicket on the third day of the second Test in Ahmedabad.",
            "credit": "Staff",
            "photographer": "Sandeep Batra",
            "alt": (
                "A cricketer in white clothing with his arms raised, teammates running towards him on a "
                "green field."
            ),
            "palette": "stadium",
            "scene": "cricket",
        },
        "days_ago": 0.4,
        "status": "published",
        "priority": 10,
        "updated_hours_ago": 5,
    },
    {
        "key": "kochi-derby-malabar-united",
        "section": "sport",
        "headline": "Late header gives Malabar United derby win over Kochi Port",
        "kicker": "Football",
        "standfirst": "Defender Shahid Ali scored in the 89th minute in front of 34,000 fans.",
        "dateline": "Kochi",
        "paragraphs": [
            (
                "Centre-back Shahid Ali headed in a corner in the 89th minute to give Malabar United a 2-1 "
                "win over Kochi Port FC in a city derby played in driving rain on Sunday."
            ),
            (
                "Kochi Port had equalised through a penalty by Brazilian forward Tiago Mendes just after "
                "half-time, cancelling out an early goal from Malabar's Arjun Suresh."
            ),
            (
                "“We practise that corner every Thursday. The rain made it a lottery, but we had bought "
                "more tickets,” Malabar United coach Roberto Alves said."
            ),
            (
                "The win lifts Malabar United to third in the league table, two points behind the leaders "
                "with six matches left."
            ),
            (
                "Kochi Port coach Dinesh Pillai complained that the penalty area had been waterlogged. “It "
                "was not a football pitch in the second half. It was a paddy field,” he said."
            ),
        ],
        "tags": ["Football", "Kochi", "Malabar United", "Kochi Port FC"],
        "authors": ["harpreet-gill"],
        "agency": "snn",
        "photo": {
            "caption": "Malabar United players celebrate Shahid Ali's late winner in Kochi.",
            "credit": "SNN",
            "photographer": "Anoop Krishnan",
            "alt": (
                "Footballers in yellow shirts piling on top of each other on a rain-soaked pitch under "
                "floodlights."
            ),
            "palette": "stadium",
            "scene": "football",
        },
        "days_ago": 2.9,
        "status": "published",
        "priority": 6,
    },
    {
        "key": "chennai-teen-gm-norm",
        "section": "sport",
        "headline": "Chennai teenager earns final grandmaster norm in Budapest",
        "kicker": "Chess",
        "standfirst": (
            "Fifteen-year-old Aadhira Venkatesh will become one of the youngest women from India to hold "
            "the title."
        ),
        "dateline": "Chennai",
        "paragraphs": [
            (
                "Fifteen-year-old Aadhira Venkatesh from Chennai completed her third and final grandmaster "
                "norm at an open tournament in Budapest on Sunday."
            ),
            (
                "She finished with seven points from nine games, beating two grandmasters along the way, "
                "and needs only to cross a rating threshold to be awarded the title."
            ),
            (
                '"She does her homework on the train to school and her chess on the train home," said her '
                "father, R. Venkatesh, a bank clerk."
            ),
            (
                "Aadhira began playing at six at a club in Mylapore and trained with a coach in the city "
                "until last year, when she started working online with a coach in Spain."
            ),
        ],
        "tags": ["Chess", "Chennai", "Aadhira Venkatesh"],
        "authors": ["harpreet-gill"],
        "agency": None,
        "photo": {
            "caption": "Aadhira Venkatesh during the final round of the tournament in Budapest.",
            "credit": "Staff",
            "photographer": "Zsofia Kovacs",
            "alt": (
                "A teenage girl in a school-style cardigan studying a chessboard with her chin on her hand."
            ),
            "palette": "newsroom",
            "scene": "chess",
        },
        "days_ago": 6.2,
        "status": "published",
        "priority": 4,
    },
    {
        "key": "womens-t20-league-expansion",
        "section": "sport",
        "secondary_sections": ["kerala"],
        "headline": "Women's T20 league to add two teams, including one from Kerala",
        "kicker": "Cricket",
        "standfirst": "The expansion will take the league to seven franchises and 26 matches next season.",
        "dateline": "Mumbai",
        "paragraphs": [
            (
                "The women's Twenty20 league will grow from five teams to seven next season, with one of "
                "the new franchises to be based in Thiruvananthapuram."
            ),
            (
                "Bids for the two new teams will be opened next month. The league said it would favour "
                "bidders who committed to building academies for girls."
            ),
            (
                "Players welcomed the decision. “Two more teams means thirty more girls playing in front of "
                "crowds. That is how a game grows,” said veteran all-rounder Sneha Kulkarni."
            ),
            "The season will be played over four weeks in February and March.",
        ],
        "tags": ["Cricket", "Women's cricket", "Kerala", "Thiruvananthapuram"],
        "authors": ["harpreet-gill"],
        "agency": None,
        "photo": {
            "caption": "Players during a women's league match last season.",
            "credit": "Staff",
            "photographer": "Sandeep Batra",
            "alt": (
                "A batter in a blue kit playing a drive as the wicketkeeper looks on, with full stands "
                "behind."
            ),
            "palette": "stadium",
            "scene": "cricket",
        },
        "days_ago": 1.0,
        "status": "in_review",
        "priority": 0,
    },
    {
        "key": "javelin-national-record",
        "section": "sport",
        "headline": "Javelin thrower Mandeep Dhull breaks national record at Federation Cup",
        "kicker": "Athletics",
        "standfirst": (
            "The 22-year-old's throw of 89.12 metres also meets the qualifying mark for the world "
            "championships."
        ),
        "dateline": "Bhubaneswar",
        "paragraphs": [
            (
                "Mandeep Dhull broke the national javelin record with a throw of 89.12 metres at the "
                "Federation Cup in Bhubaneswar on Wednesday."
            ),
            (
                "The 22-year-old from Haryana improved on his personal best by more than two metres with "
                "his fifth attempt."
            ),
            "The throw also met the qualifying standard for the world championships later this year.",
            "“I felt it leave my hand cleanly. I did not need to look at the board,” Dhull said.",
        ],
        "tags": ["Athletics", "Javelin", "Mandeep Dhull"],
        "authors": [],
        "agency": "cpa",
        "photo": None,
        "days_ago": 11.8,
        "status": "published",
        "priority": 3,
    },
    {
        "key": "badminton-denmark-semis",
        "section": "sport",
        "headline": "Shuttler Ishaan Rawat storms into semi-finals in Denmark",
        "kicker": "Badminton",
        "standfirst": "The world No. 14 beat the third seed in straight games.",
        "dateline": "Odense",
        "paragraphs": [
            (
                "Ishaan Rawat reached the semi-finals of a top-tier tournament in Denmark on Friday with a "
                "21-17, 21-15 win over the third seed."
            ),
            (
                "The 24-year-old from Uttarakhand controlled the net exchanges and saved five game points "
                "in the opening game."
            ),
            (
                "“My coach told me to play the long rallies on my terms. Today I had the legs for it,” "
                "Rawat said afterwards."
            ),
            "He will face a Japanese qualifier for a place in the final.",
        ],
        "tags": ["Badminton", "Ishaan Rawat"],
        "authors": [],
        "agency": "gws",
        "photo": {
            "caption": "Ishaan Rawat returns a shot during his quarter-final in Odense.",
            "credit": "GWS",
            "photographer": "Mette Holm",
            "alt": "A badminton player stretching low to reach the shuttlecock on a green court.",
            "palette": "stadium",
            "scene": "court",
        },
        "days_ago": 3.8,
        "status": "published",
        "priority": 3,
    },
    {
        "key": "hockey-coach-named",
        "section": "sport",
        "headline": "Hockey federation names Dutchman Bram Visser as men's coach",
        "kicker": "Hockey",
        "standfirst": "Visser, 51, signs a contract running until the end of the next Olympic cycle.",
        "dateline": "New Delhi",
        "paragraphs": [
            (
                "The national hockey federation has appointed Bram Visser of the Netherlands as head coach "
                "of the men's team on a contract running until the next Olympic Games."
            ),
            (
                "Visser previously coached club sides in the Netherlands and Belgium and led a European "
                "junior team to a continental title."
            ),
            (
                "He replaces the interim coach who took charge after the team's disappointing finish at "
                "last year's world cup."
            ),
            "Visser will meet the players at a national camp in Bengaluru next month.",
        ],
        "tags": ["Hockey", "Bram Visser"],
        "authors": ["harpreet-gill"],
        "agency": None,
        "photo": {
            "caption": "Bram Visser at a training session in the Netherlands.",
            "credit": "Staff",
            "photographer": "Staff photographer",
            "alt": "A grey-haired man with a whistle watching players on an artificial hockey pitch.",
            "palette": "stadium",
            "scene": "hockey",
        },
        "days_ago": -2.0,
        "status": "scheduled",
        "priority": 4,
    },
    {
        "key": "kochi-marathon-route",
        "section": "sport",
        "headline": "Kochi half-marathon to be run on new waterfront route",
        "kicker": "",
        "standfirst": "Organisers say the flat route will suit first-time runners.",
        "dateline": "Kochi",
        "paragraphs": [
            (
                "The Kochi half-marathon will be run along a new waterfront route this year, organisers "
                "said on Tuesday."
            ),
            "The course will start and finish at Marine Drive and pass through Fort Kochi.",
            "Registrations open next week, with a limit of 8,000 runners.",
            (
                "Organisers later said the route had not been finalised and would be announced after police "
                "approval."
            ),
        ],
        "tags": ["Athletics", "Kochi"],
        "authors": [],
        "agency": "snn",
        "photo": {
            "caption": "Runners on Marine Drive during last year's event.",
            "credit": "SNN",
            "photographer": "Anoop Krishnan",
            "alt": "A crowd of runners in bright T-shirts jogging along a seaside promenade at sunrise.",
            "palette": "sunset",
            "scene": "promenade",
        },
        "days_ago": 10.0,
        "status": "withdrawn",
        "priority": 0,
    },
    # ---------------------------------------------------------------- Entertainment
    {
        "key": "film-festival-opens",
        "section": "entertainment",
        "headline": "Film festival opens with Malayalam debut about lighthouse keepers",
        "kicker": "Cinema",
        "standfirst": (
            "First-time director Nimmy Abraham's quiet drama drew a standing ovation at the capital's "
            "oldest cinema hall."
        ),
        "dateline": "Thiruvananthapuram",
        "paragraphs": [
            (
                "The eight-day film festival in Thiruvananthapuram opened on Friday with The Last Lamp, a "
                "Malayalam drama about two brothers who keep a lighthouse on a fading stretch of the Kollam "
                "coast."
            ),
            (
                "Director Nimmy Abraham, a former documentary editor, shot the film over 31 days with a "
                "crew of fourteen and several actors from the fishing village where it is set."
            ),
            (
                "“I wanted to make a film about waiting, which is what most of life on the coast is. "
                "Waiting for the boats, for the weather, for the letter from the Gulf,” she told the "
                "audience before the screening."
            ),
            (
                "The festival will screen 176 films from 61 countries, with a competition section devoted "
                "to first and second features from Asia, Africa and Latin America."
            ),
            (
                "Queues for delegate passes stretched around the block on the opening morning, with "
                "students making up almost half of those registered."
            ),
        ],
        "tags": ["Film festival", "Malayalam cinema", "Thiruvananthapuram", "Nimmy Abraham"],
        "authors": ["tessa-dsouza"],
        "agency": None,
        "photo": {
            "caption": (
                "Director Nimmy Abraham with the cast of The Last Lamp at the festival's opening night."
            ),
            "credit": "Staff",
            "photographer": "Anoop Krishnan",
            "alt": (
                "A woman in a cotton sari smiling on a red-carpeted stage beside four actors, with a "
                "festival banner behind them."
            ),
            "palette": "night",
            "scene": "stage",
        },
        "days_ago": 1.9,
        "status": "published",
        "priority": 6,
    },
    {
        "key": "last-lamp-review",
        "section": "entertainment",
        "headline": "The Last Lamp review: a lighthouse drama that trusts its silences",
        "kicker": "Cinema",
        "genre": "review",
        "standfirst": (
            "Nimmy Abraham's debut is slow, unshowy and almost entirely convincing, until a final reel "
            "that explains too much."
        ),
        "dateline": "",
        "paragraphs": [
            (
                "Very little happens in The Last Lamp, and that is the point. Two brothers climb the "
                "stairs of a lighthouse every evening, trim a wick that no ship has needed for years, and "
                "argue about whether the elder should take a job in the Gulf."
            ),
            (
                "Nimmy Abraham, who spent a decade cutting documentaries, holds her shots long enough for "
                "the village to come into focus around them: the tea shop, the church bell, the boats "
                "returning with less each week. The two leads, neither of them a trained actor, are "
                "remarkable at doing nothing on camera."
            ),
            (
                "The sound design deserves its own mention. Waves, wind and a radio that never quite finds "
                "its station carry more of the story than the dialogue does."
            ),
            (
                "The film stumbles only at the end, when a letter read aloud spells out what the previous "
                "ninety minutes had already made us feel. It is a small misstep in a debut of rare patience."
            ),
        ],
        "tags": ["Malayalam cinema", "Nimmy Abraham", "Film festival"],
        "authors": ["tessa-dsouza"],
        "agency": None,
        "photo": None,
        "days_ago": 1.4,
        "status": "published",
        "priority": 2,
    },
    {
        "key": "saptak-tide-tour",
        "section": "entertainment",
        "headline": "Carnatic-rock band Saptak Tide announces 12-city tour",
        "kicker": "Music",
        "standfirst": (
            "The band will play its new album live for the first time, starting in Kochi in November."
        ),
        "dateline": "Bengaluru",
        "paragraphs": [
            (
                "Saptak Tide, the Bengaluru band that blends Carnatic vocals with heavy guitars, will tour "
                "12 cities from November to promote its third album."
            ),
            (
                "The tour opens in Kochi and ends in Guwahati, with dates in Chennai, Hyderabad, Pune and "
                "Delhi along the way. Two shows in Dubai and Singapore are also planned."
            ),
            (
                "“Our audiences sing the ragas back to us now. Ten years ago they just looked confused,” "
                "said lead vocalist Vaishnavi Iyer."
            ),
            "The band said it would keep ticket prices for students under ₹500 at every venue.",
        ],
        "tags": ["Music", "Saptak Tide", "Concerts", "Bengaluru"],
        "authors": ["tessa-dsouza"],
        "agency": "snn",
        "photo": {
            "caption": "Saptak Tide performing at a festival in Bengaluru last year.",
            "credit": "SNN",
            "photographer": "Pradeep Rao",
            "alt": "A singer at a microphone with a guitarist beside her under purple stage lights.",
            "palette": "night",
            "scene": "stage",
        },
        "days_ago": 4.9,
        "status": "published",
        "priority": 3,
    },
    {
        "key": "tamil-courtroom-drama-streaming",
        "section": "entertainment",
        "headline": "Tamil courtroom drama tops streaming charts in its first week",
        "kicker": "Streaming",
        "standfirst": (
            "Vazhakku Enn 47 has become the most-watched Indian series on its platform, with viewers in 30 "
            "countries."
        ),
        "dateline": "Chennai",
        "paragraphs": [
            (
                "Vazhakku Enn 47, an eight-part Tamil series about a young lawyer defending a sanitation "
                "worker accused of theft, has become the most-watched Indian show on its streaming platform "
                "in its first week."
            ),
            (
                "The series was written by former court reporter Ilango Selvam, who said many of its scenes "
                "were drawn from cases he covered in Chennai's district courts."
            ),
            (
                "Viewers outside India account for nearly a third of its audience, with large numbers in "
                "Malaysia, Singapore and Canada."
            ),
            "A second season has been confirmed, with filming due to begin in January.",
        ],
        "tags": ["Streaming", "Tamil cinema", "Chennai"],
        "authors": ["tessa-dsouza"],
        "agency": None,
        "photo": {
            "caption": "A scene from Vazhakku Enn 47.",
            "credit": "Staff",
            "photographer": "Production still",
            "alt": "A young woman in a black lawyer's gown standing in a crowded courtroom.",
            "palette": "newsroom",
            "scene": "chamber",
        },
        "days_ago": 7.1,
        "status": "published",
        "priority": 3,
    },
    {
        "key": "chennai-sabha-theatre",
        "section": "entertainment",
        "headline": "Chennai's sabhas turn to young playwrights to fill empty seats",
        "kicker": "Theatre",
        "standfirst": (
            "Cultural societies that once staged the same comedies for decades are commissioning new plays "
            "in Tamil and English."
        ),
        "dateline": "Chennai",
        "paragraphs": [
            (
                "Several of Chennai's old cultural societies, known as sabhas, have begun commissioning new "
                "plays from writers under 35 in an effort to bring younger audiences back to their halls."
            ),
            (
                "For decades the sabhas relied on a handful of family comedies that toured the city every "
                "season. Attendance fell sharply after the pandemic."
            ),
            (
                "“The old audience is still here, but it is getting smaller every year. We had to decide "
                "whether to close or change,” said the secretary of one sabha in T. Nagar."
            ),
            "The first of the new plays, a comedy about a family group chat, opens next month.",
        ],
        "tags": ["Theatre", "Chennai", "Arts"],
        "authors": ["meenakshi-sundaram"],
        "agency": None,
        "photo": {
            "caption": "Rehearsals at a sabha hall in T. Nagar, Chennai.",
            "credit": "Staff",
            "photographer": "R. Senthil Kumar",
            "alt": "Actors rehearsing on a bare wooden stage in front of rows of empty red seats.",
            "palette": "night",
            "scene": "stage",
        },
        "days_ago": 1.5,
        "status": "in_review",
        "priority": 0,
    },
    {
        "key": "book-prize-shortlist",
        "section": "entertainment",
        "headline": "Debut novels dominate shortlist for regional fiction prize",
        "kicker": "Books",
        "standfirst": (
            "Four of the six shortlisted books are first novels, two of them translated from Malayalam and "
            "Kannada."
        ),
        "dateline": "New Delhi",
        "paragraphs": [
            (
                "Four debut novels are among six books shortlisted for a prize for fiction from South Asia, "
                "the judges announced on Tuesday."
            ),
            (
                "Two of the shortlisted books are translations, from Malayalam and Kannada, reflecting what "
                "the judges called a remarkable year for translated fiction."
            ),
            (
                "“We read 148 books. The ones that stayed with us were the ones that trusted the reader,” "
                "said the chair of the jury, the novelist Farida Haque."
            ),
            (
                "The winner, to be announced in December, will receive ₹25 lakh. Translators of winning "
                "books share the prize equally with the author."
            ),
        ],
        "tags": ["Books", "Literature", "Translation"],
        "authors": [],
        "agency": "cpa",
        "photo": {
            "caption": "The six shortlisted books displayed at the announcement in New Delhi.",
            "credit": "CPA",
            "photographer": "Vikram Sethi",
            "alt": "Six books standing upright in a row on a white table.",
            "palette": "newsroom",
            "scene": "books",
        },
        "days_ago": 0.02,
        "status": "published",
        "priority": 4,
        "embargo_hours": 10,
    },
    # ---------------------------------------------------------------- Opinion
    {
        "key": "op-fishers-insurance",
        "section": "opinion",
        "headline": "Kerala's fishers need insurance, not just relief",
        "kicker": "Column",
        "genre": "opinion",
        "standfirst": (
            "A fixed payment during the trawling ban treats a risky livelihood as a seasonal inconvenience."
        ),
        "dateline": "",
        "paragraphs": [
            (
                "Every June the boats come in, the ban begins and the same argument starts over the size of "
                "the relief cheque. It is the wrong argument."
            ),
            (
                "The risks a fishing family faces are not confined to 52 days. A cyclone in November, an "
                "engine failure in February or a collapse in sardine shoals can each do more damage than "
                "the ban."
            ),
            (
                "A contributory insurance scheme, with the state paying the premium for the poorest "
                "households, would pay out when income actually falls rather than on a fixed calendar."
            ),
            (
                "Such schemes exist for farmers. There is no good reason why the people who feed the coast "
                "should be left with a flat payment that has not changed in six years."
            ),
            (
                "The fisheries department already has a register of boats and crews. What it lacks is the "
                "will to treat fishing as the risky enterprise it is."
            ),
        ],
        "tags": ["Fisheries", "Kerala", "Monsoon"],
        "authors": ["devika-nair"],
        "agency": None,
        "photo": {
            "caption": "Fishing boats beached at Vypeen during the ban.",
            "credit": "Staff",
            "photographer": "Rajeev Menon",
            "alt": (
                "Wooden fishing boats pulled up on a sandy beach with nets piled on them under a cloudy sky."
            ),
            "palette": "sea",
            "scene": "beach",
        },
        "days_ago": 1.1,
        "status": "published",
        "priority": 3,
    },
    {
        "key": "op-metro-needs-buses",
        "section": "opinion",
        "headline": "A metro is only as good as the bus that meets it",
        "kicker": "Column",
        "genre": "opinion",
        "standfirst": (
            "Chennai's new line will fail its riders unless the last kilometre is planned as carefully as "
            "the first ten."
        ),
        "dateline": "",
        "paragraphs": [
            (
                "The trial run on Chennai's new metro line was a fine sight: a driverless train gliding "
                "above the traffic that its future passengers are stuck in every morning."
            ),
            (
                "But a metro station is a door, not a destination. If the walk from the station to the "
                "office is a kilometre of broken pavement with no shade, most people will stay in their "
                "cars."
            ),
            (
                "The cities that have made metros work, from Singapore to Seoul, planned feeder buses, "
                "footpaths and cycle parking before the first station opened, not after the ridership "
                "figures disappointed."
            ),
            (
                "Chennai has months before the new line opens. It should spend them publishing a feeder "
                "plan for every station, with routes, frequencies and a date."
            ),
            (
                "Otherwise we will have built a splendid railway that carries fewer people than it could, "
                "and we will blame the passengers for it."
            ),
        ],
        "tags": ["Chennai Metro", "Chennai", "Transport"],
        "authors": ["meenakshi-sundaram"],
        "agency": None,
        "photo": {
            "caption": "Commuters wait for a bus below a metro viaduct in Chennai.",
            "credit": "Staff",
            "photographer": "R. Senthil Kumar",
            "alt": "People standing at a crowded roadside bus stop under a concrete elevated railway.",
            "palette": "city",
            "scene": "viaduct",
        },
        "days_ago": 3.0,
        "status": "published",
        "priority": 2,
    },
    {
        "key": "op-central-bank-patience",
        "section": "opinion",
        "headline": "The central bank's patience is a policy, not a pause",
        "kicker": "Money matters",
        "genre": "analysis",
        "standfirst": "Holding rates while inflation falls is not indecision; it is a bet on credibility.",
        "dateline": "",
        "paragraphs": [
            (
                "Critics of this week's decision to hold interest rates say the central bank is behind the "
                "curve. Inflation is falling, growth is slowing, so why wait?"
            ),
            (
                "The answer lies in the last decade. Each time the bank cut too early, it had to reverse "
                "course within a year, and borrowers paid for the confusion."
            ),
            (
                "A committee that waits one more meeting to be sure is buying something valuable: the "
                "belief of households and companies that its forecasts mean what they say."
            ),
            (
                "That belief is what keeps long-term borrowing costs low. It is cheaper to be patient now "
                "than to rebuild credibility later."
            ),
        ],
        "tags": ["Reserve Bank of India", "Interest rates", "Inflation"],
        "authors": ["arjun-bhattacharya"],
        "agency": None,
        "photo": None,
        "days_ago": 2.0,
        "status": "published",
        "priority": 2,
    },
    {
        "key": "op-small-town-test-cricket",
        "section": "opinion",
        "headline": "Test cricket's quiet revival is happening in small towns",
        "kicker": "Column",
        "genre": "opinion",
        "standfirst": (
            "The crowds at second-tier venues tell a different story from the empty stands in the big cities."
        ),
        "dateline": "",
        "paragraphs": [
            (
                "We are told every few months that Test cricket is dying. Someone should tell the 22,000 "
                "people who turned up on a Tuesday for the fourth day of a Test at a ground most fans could "
                "not find on a map."
            ),
            (
                "The big metropolitan stadiums are half empty for five-day games because they are "
                "expensive, hard to reach and hosting too much cricket already."
            ),
            (
                "Smaller venues offer something different: cheap tickets, a school holiday atmosphere and a "
                "sense that the game has come to town rather than passing through."
            ),
            (
                "The board should stop treating these grounds as consolation prizes and give them the "
                "marquee series."
            ),
        ],
        "tags": ["Cricket", "Test cricket"],
        "authors": ["harpreet-gill"],
        "agency": None,
        "photo": None,
        "days_ago": 0.6,
        "status": "draft",
        "priority": 0,
    },
    {
        "key": "op-science-needs-labs",
        "section": "opinion",
        "headline": "India's science needs fewer announcements and more laboratories",
        "kicker": "Column",
        "genre": "opinion",
        "standfirst": (
            "Big missions make headlines; the grants that keep young researchers working rarely do."
        ),
        "dateline": "",
        "paragraphs": [
            (
                "Every launch and every mission brings a flood of pride, and rightly so. But the satellites "
                "that make headlines stand on a pyramid of unglamorous work in university laboratories."
            ),
            (
                "Those laboratories are short of money for the basics: a replacement pump, a technician's "
                "salary, a graduate student's stipend paid on time."
            ),
            (
                "A young researcher who waits eight months for a grant to be released does not complain on "
                "television. She simply takes a job abroad."
            ),
            "If we want more launches to be proud of, we should start by paying for the microscopes.",
        ],
        "tags": ["Science policy", "Research", "Space"],
        "authors": ["tessa-dsouza"],
        "agency": None,
        "photo": {
            "caption": "A research laboratory at a university in Bengaluru.",
            "credit": "Staff",
            "photographer": "Kiran Hegde",
            "alt": "A cluttered laboratory bench with glassware, a microscope and handwritten labels.",
            "palette": "newsroom",
            "scene": "lab",
        },
        "days_ago": 0.7,
        "status": "in_review",
        "priority": 0,
    },
    # ---------------------------------------------------------------- Science & Tech
    {
        "key": "ocean-satellite-launch",
        "section": "science",
        "headline": "Ocean-watching satellite lifts off from Sriharikota",
        "kicker": "Space",
        "standfirst": (
            "Samudra-2 will measure sea-surface temperature and chlorophyll to help fishers find shoals and "
            "forecasters track cyclones."
        ),
        "dateline": "Sriharikota",
        "paragraphs": [
            (
                "An Indian rocket placed an ocean-observation satellite into a polar orbit on Monday "
                "morning, 19 minutes after lifting off from the spaceport at Sriharikota."
            ),
            (
                "The 1,100-kilogram satellite, named Samudra-2, carries instruments that measure "
                "sea-surface temperature, wind and the chlorophyll that signals plankton, on which fish "
                "shoals feed."
            ),
            (
                "Mission director Dr Lakshmi Narayanan addressed the control room after the satellite "
                "separated from the rocket's upper stage."
            ),
            (
                "“This satellite is not for us in this room. It is for the fisherman in Kasaragod who wants "
                "to know where to cast his net tomorrow morning."
            ),
            (
                "“It is for the forecaster in Chennai who has to tell a million people whether to leave "
                "their homes before a cyclone."
            ),
            (
                "“If we have done our work well, they will never think about us at all, and that is exactly "
                "as it should be.”"
            ),
            (
                "Data from the satellite will be made freely available after a three-month testing period, "
                "the space agency said."
            ),
        ],
        "tags": ["Space", "Satellite", "Fisheries", "Sriharikota", "Research"],
        "authors": ["tessa-dsouza"],
        "agency": "cpa",
        "photo": {
            "caption": "The rocket carrying Samudra-2 lifts off from Sriharikota on Monday morning.",
            "credit": "CPA",
            "photographer": "Srinivas Reddy",
            "alt": "A rocket rising on a bright column of flame and smoke against a pale morning sky.",
            "palette": "sky",
            "scene": "rocket",
        },
        "days_ago": 0.6,
        "status": "published",
        "priority": 9,
    },
    {
        "key": "mangrove-carbon-study",
        "section": "science",
        "headline": "Restored mangroves lock away carbon faster than expected, study finds",
        "kicker": "Research",
        "standfirst": (
            "Replanted forests along the Kerala coast stored as much carbon in 15 years as natural ones did "
            "in 25."
        ),
        "dateline": "Kochi",
        "paragraphs": [
            (
                "Mangrove forests replanted along the Kerala coast in the last two decades are storing "
                "carbon in their soils faster than scientists had assumed, according to a study published "
                "on Wednesday."
            ),
            (
                "Researchers took 240 soil cores from restored and natural mangroves in three districts and "
                "measured how much carbon each held at different depths."
            ),
            (
                "Restored sites reached levels comparable to natural forests after about 15 years, ten "
                "years sooner than earlier models predicted."
            ),
            (
                "“The sediment brought in by the tides does half the work for us, so long as we plant the "
                "right species in the right places,” said lead author Dr Suja Mathew."
            ),
            (
                "The authors warn that the gains are lost quickly if mangroves are cleared for aquaculture "
                "ponds or housing."
            ),
        ],
        "tags": ["Climate", "Mangroves", "Kerala", "Research"],
        "authors": ["tessa-dsouza"],
        "agency": None,
        "photo": {
            "caption": "Researchers collect soil cores in a restored mangrove near Kannur.",
            "credit": "Staff",
            "photographer": "Biju Thomas",
            "alt": "Two researchers in rubber boots pushing a metal tube into mud between mangrove roots.",
            "palette": "forest",
            "scene": "mangrove",
        },
        "days_ago": 0.01,
        "status": "published",
        "priority": 5,
        "embargo_hours": 20,
    },
    {
        "key": "tamil-dialect-speech-dataset",
        "section": "science",
        "headline": "Chennai researchers release open speech recordings of 20 Tamil dialects",
        "kicker": "Technology",
        "standfirst": (
            "The collection aims to make voice assistants understand speakers outside the big cities."
        ),
        "dateline": "Chennai",
        "paragraphs": [
            (
                "Researchers in Chennai have released 3,000 hours of recorded speech in 20 Tamil dialects, "
                "free for anyone to use in building speech-recognition software."
            ),
            (
                "The recordings were made by volunteers in villages and small towns, from the Kongu region "
                "to the southern coast, each paid for their time."
            ),
            (
                "Speech software trained mostly on city speakers often fails to understand older people and "
                "rural users, the team said."
            ),
            (
                "“If your bank's voice helpline cannot understand your grandmother, that is not her "
                "problem,” said project lead Dr Kavitha Rajendran."
            ),
        ],
        "tags": ["Artificial intelligence", "Tamil", "Research", "Chennai"],
        "authors": ["tessa-dsouza"],
        "agency": None,
        "photo": None,
        "days_ago": 0.2,
        "status": "draft",
        "priority": 0,
    },
    {
        "key": "salt-pan-heat-kidney",
        "section": "science",
        "headline": "Night-time heat linked to kidney strain in salt-pan workers",
        "kicker": "Health",
        "standfirst": (
            "A two-year study in coastal Gujarat and Tamil Nadu found that hot nights prevented workers' "
            "bodies from recovering."
        ),
        "dateline": "Thoothukudi",
        "paragraphs": [
            (
                "Salt-pan workers who slept in homes that stayed above 30 degrees Celsius at night showed "
                "more signs of kidney strain than those in cooler homes, a two-year study has found."
            ),
            (
                "Researchers followed 640 workers in coastal Gujarat and Tamil Nadu, measuring blood "
                "markers at the start and end of each summer."
            ),
            (
                "The authors said daytime heat alone did not explain the difference, suggesting the body "
                "needs cool nights to recover from work in the sun."
            ),
            "They recommend reflective roofs, shaded rest areas and drinking-water points on the salt pans.",
        ],
        "tags": ["Heatwave", "Health", "Research", "Tamil Nadu"],
        "authors": [],
        "agency": "gws",
        "photo": {
            "caption": "Workers rake salt at a salt pan near Thoothukudi.",
            "credit": "GWS",
            "photographer": "Selvi Arumugam",
            "alt": "Workers in wide hats raking white salt into heaps on a flat shimmering pan.",
            "palette": "sunset",
            "scene": "salt_pan",
        },
        "days_ago": -1.5,
        "status": "scheduled",
        "priority": 3,
    },
]
