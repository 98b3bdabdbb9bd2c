"""Grounds, pitches and courts for the demo's sports photos."""

WHITE = (245, 245, 240)


def _stands(c, top, bottom):
    c.rect(0, top, 1, bottom, (90, 90, 100))
    c.crowd(top + 0.02, bottom - 0.04, 4)
    c.rect(0, bottom - 0.015, 1, bottom, (230, 230, 230))


def _turf(c, top, light, dark, stripes=8):
    for stripe in range(stripes):
        c.rect(stripe / stripes, top, (stripe + 1) / stripes, 1.0, light if stripe % 2 else dark)


def cricket(c):
    """A cricket ground: full stands, the pitch and its stumps, players in whites celebrating a wicket."""
    c.sky(0.2)
    _stands(c, 0.2, 0.42)
    _turf(c, 0.42, (70, 150, 60), (60, 135, 52))
    c.polygon([(0.45, 0.5), (0.55, 0.5), (0.6, 0.98), (0.4, 0.98)], (200, 180, 130))
    for base, height, spread in ((0.52, 0.05, 0.012), (0.95, 0.1, 0.02)):
        for i in (-1, 0, 1):
            c.line([(0.5 + i * spread, base), (0.5 + i * spread, base - height)], (235, 225, 200), 0.006)
    c.person(0.34, 0.9, 0.42, WHITE, legs=WHITE, arms_up=True)
    for cx, feet in ((0.22, 0.82), (0.75, 0.7), (0.85, 0.86), (0.62, 0.6)):
        c.person(cx, feet, 0.3 * feet, WHITE, legs=WHITE)


def _pitch(c, light, dark, kit, *, circle):
    """A floodlit pitch at night, players in ``kit``; ``circle``: hockey's D, not a centre circle."""
    c.gradient(0, 0.3, (15, 20, 40), (40, 50, 80))
    for x in (0.05, 0.95):
        c.line([(x, 0.3), (x, 0.05)], (120, 120, 125), 0.01)
        c.rect(x - 0.05, 0.03, x + 0.05, 0.08, (255, 255, 230))
    _stands(c, 0.2, 0.4)
    _turf(c, 0.4, light, dark)
    c.line([(0.0, 0.45), (1.0, 0.45)], WHITE, 0.006)
    c.line([(0.5, 0.45), (0.5, 1.0)], WHITE, 0.006)
    if circle:
        c.draw.arc(c.box(0.65, 0.5, 1.15, 1.3), 180, 270, fill=WHITE, width=c.h(0.008))
    else:
        c.draw.ellipse(c.box(0.38, 0.58, 0.62, 0.92), outline=WHITE, width=c.h(0.008))
    c.rect(0.93, 0.42, 0.99, 0.6, (230, 230, 230))
    for i in range(7):
        cx, feet = 0.12 + i * 0.12 + c.between(-0.03, 0.03), c.between(0.6, 0.97)
        c.person(cx, feet, 0.45 * feet, kit, arms_up=i % 3 == 0)
        if circle:
            c.line([(cx + 0.02, feet - 0.1), (cx + 0.05, feet)], (30, 30, 30), 0.006)


def football(c):
    """Footballers celebrating on a rain-soaked pitch under floodlights."""
    _pitch(c, (60, 140, 60), (50, 125, 52), (235, 200, 40), circle=False)
    for _ in range(150):
        x, y = c.between(0, 1), c.between(0, 1)
        c.line([(x, y), (x - 0.004, y + 0.03)], (200, 205, 215), 0.002)


def hockey(c):
    """Players with sticks on a blue artificial hockey pitch, the shooting circle marked."""
    _pitch(c, (40, 90, 170), (35, 80, 155), (240, 120, 40), circle=True)


def court(c):
    """An indoor badminton court: a player stretching for the shuttle, the net across the court."""
    c.gradient(0, 0.45, (40, 45, 60), (60, 65, 80))
    c.crowd(0.1, 0.38, 4)
    c.gradient(0.45, 1.0, (150, 110, 70), (130, 95, 60))
    c.polygon([(0.2, 0.5), (0.8, 0.5), (0.95, 1.0), (0.05, 1.0)], (40, 120, 80))
    for a, b in (((0.2, 0.5), (0.05, 1.0)), ((0.8, 0.5), (0.95, 1.0)), ((0.15, 0.68), (0.85, 0.68))):
        c.line([a, b], WHITE, 0.006)
    c.line([(0.12, 0.6), (0.88, 0.6)], WHITE, 0.02)
    for i in range(20):
        c.line([(0.13 + i * 0.04, 0.6), (0.13 + i * 0.04, 0.68)], (220, 220, 220), 0.002)
    c.line([(0.12, 0.6), (0.12, 0.7)], (60, 60, 60), 0.008)
    c.line([(0.88, 0.6), (0.88, 0.7)], (60, 60, 60), 0.008)
    c.person(0.42, 0.96, 0.5, (200, 40, 50), legs=(30, 30, 35), arms_up=True)
    c.disc(0.6, 0.3, 0.012, WHITE)
