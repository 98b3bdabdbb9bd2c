"""Indoor scenes for the demo's photos (halls, offices, benches, stages) and author portraits."""

from .canvas import CLOTHES, HAIR, SKIN

WOOD = (120, 80, 50)
DARK_WOOD = (85, 55, 35)


def lectern(c):
    """A speaker at a lectern in front of a conference backdrop, flags at the side."""
    backdrop = c.pick([(30, 80, 150), (20, 110, 130), (110, 40, 60)])
    c.gradient(0, 0.8, backdrop, tuple(v * 3 // 4 for v in backdrop))
    c.rect(0, 0.12, 1, 0.2, (230, 235, 240))
    c.rect(0.05, 0.26, 0.95, 0.28, (200, 210, 225))
    c.gradient(0.8, 1.0, (90, 70, 60), (70, 55, 45))
    c.person(0.5, 1.0, 0.72)
    c.polygon([(0.4, 0.6), (0.6, 0.6), (0.57, 1.0), (0.43, 1.0)], WOOD)
    c.rect(0.39, 0.58, 0.61, 0.62, DARK_WOOD)
    c.disc(0.5, 0.75, 0.05, (220, 200, 120))
    c.line([(0.47, 0.58), (0.49, 0.45)], (30, 30, 30), 0.006)
    c.line([(0.53, 0.58), (0.51, 0.45)], (30, 30, 30), 0.006)
    for x, colour in (
        (0.12, (200, 40, 40)),
        (0.2, (40, 120, 60)),
        (0.8, (240, 200, 40)),
        (0.88, (60, 90, 170)),
    ):
        c.line([(x, 0.3), (x, 0.95)], (180, 180, 180), 0.006)
        c.polygon([(x, 0.3), (x + 0.05, 0.33), (x + 0.045, 0.55), (x, 0.55)], colour)


def chamber(c):
    """A wood-panelled courtroom: the raised bench, a lawyer in a black gown, the public benches."""
    c.gradient(0, 0.7, (130, 90, 60), (100, 70, 45))
    for i in range(12):
        c.line([(i * 0.09, 0.0), (i * 0.09, 0.7)], DARK_WOOD, 0.006)
    c.rect(0.2, 0.3, 0.8, 0.52, DARK_WOOD)
    c.rect(0.18, 0.28, 0.82, 0.31, (150, 105, 70))
    c.person(0.5, 0.35, 0.2, (20, 20, 25))
    c.rect(0, 0.52, 1, 1.0, (150, 120, 90))
    lawyer = c.between(0.56, 0.8)
    c.person(lawyer, 0.95, 0.58, (15, 15, 18))
    c.rect(lawyer - 0.015, 0.5, lawyer + 0.015, 0.56, (245, 245, 245))
    c.crowd(0.62, 0.92, 4, x0=0.0, x1=0.48)
    for row in range(3):
        c.rect(0.0, 0.7 + row * 0.1, 0.5, 0.72 + row * 0.1, WOOD)


def office(c):
    """An open-plan office: rows of desks with screens of figures, a glass wall with sticky notes."""
    c.gradient(0, 0.55, (225, 225, 220), (205, 205, 200))
    c.rect(0.55, 0.05, 0.98, 0.5, (190, 210, 220))
    for _ in range(40):
        x, y = c.between(0.57, 0.94), c.between(0.08, 0.45)
        c.rect(x, y, x + 0.025, y + 0.04, c.pick([(250, 230, 90), (250, 160, 170), (150, 220, 160)]))
    c.gradient(0.55, 1.0, (150, 140, 130), (120, 110, 100))
    for row, (y, scale) in enumerate(((0.58, 0.6), (0.72, 0.8), (0.9, 1.0))):
        for i in range(4):
            x = 0.04 + i * 0.25
            c.rect(x, y, x + 0.2 * scale, y + 0.03, (235, 230, 220))
            screen_top = y - 0.12 * scale
            c.rect(x + 0.03, screen_top, x + 0.03 + 0.12 * scale, y - 0.01, (25, 25, 30))
            for line in range(4):
                ly = screen_top + 0.02 + line * 0.022 * scale
                c.line(
                    [(x + 0.04, ly), (x + 0.04 + c.between(0.03, 0.09) * scale, ly)],
                    c.pick([(60, 200, 90), (220, 60, 60)]),
                    0.006,
                )
        if row == 1:
            c.person(0.5, 0.98, 0.5)


def counter(c):
    """A customer handing gold bangles across a counter to a clerk with a small weighing scale."""
    c.gradient(0, 0.6, (215, 205, 185), (195, 185, 165))
    c.rect(0.05, 0.08, 0.4, 0.3, (160, 60, 40))
    c.person(0.62, 0.75, 0.55, (235, 235, 230))
    c.rect(0.25, 0.08, 0.27, 0.55, (200, 210, 215))
    c.rect(0, 0.55, 1, 1.0, WOOD)
    c.rect(0, 0.53, 1, 0.57, (150, 105, 70))
    c.line([(0.7, 0.44), (0.7, 0.53)], (60, 60, 60), 0.006)
    c.line([(0.65, 0.45), (0.75, 0.45)], (60, 60, 60), 0.006)
    c.oval(0.63, 0.47, 0.67, 0.5, (200, 180, 120))
    c.oval(0.73, 0.47, 0.77, 0.5, (200, 180, 120))
    c.person(0.22, 1.25, 0.85, (160, 40, 80))
    for i in range(c.rng.randint(2, 5)):
        c.draw.ellipse(
            c.box(0.42 + i * 0.03, 0.48, 0.46 + i * 0.03, 0.54), outline=(225, 185, 60), width=c.h(0.01)
        )


def lab(c):
    """A laboratory bench of glassware and a microscope, technicians in white suits."""
    c.gradient(0, 0.6, (225, 230, 232), (200, 208, 212))
    for i in range(3):
        c.rect(0.05 + i * 0.32, 0.05, 0.3 + i * 0.32, 0.09, (245, 250, 255))
    for _technician in range(c.rng.randint(1, 3)):
        c.person(c.between(0.15, 0.85), 0.9, 0.62, (245, 245, 245), legs=(235, 235, 235))
    c.rect(0, 0.62, 1, 1.0, (160, 165, 170))
    c.rect(0, 0.6, 1, 0.64, (200, 205, 210))
    for i in range(7):
        x = 0.08 + i * 0.12
        c.polygon([(x, 0.6), (x + 0.05, 0.6), (x + 0.035, 0.48), (x + 0.015, 0.48)], (200, 225, 235))
        c.polygon(
            [(x + 0.003, 0.6), (x + 0.047, 0.6), (x + 0.04, 0.55), (x + 0.01, 0.55)],
            c.pick([(90, 160, 220), (220, 120, 60), (120, 200, 120)]),
        )
    c.rect(0.46, 0.42, 0.52, 0.46, (40, 40, 45))
    c.line([(0.49, 0.44), (0.5, 0.58)], (40, 40, 45), 0.02)
    c.rect(0.45, 0.57, 0.55, 0.6, (40, 40, 45))


def factory(c):
    """Workers in blue overalls assembling battery modules along a brightly lit factory bench."""
    c.gradient(0, 0.55, (210, 215, 220), (180, 185, 190))
    for i in range(6):
        c.rect(0.04 + i * 0.165, 0.04, 0.15 + i * 0.165, 0.07, (250, 252, 255))
    workers = c.rng.randint(3, 6)
    for i in range(workers):
        c.person((i + 0.5) / workers, 0.82, 0.5, (40, 80, 150), legs=(40, 80, 150))
    c.rect(0, 0.62, 1, 0.68, (150, 155, 160))
    c.rect(0, 0.68, 1, 1.0, (110, 115, 120))
    for i in range(14):
        x = 0.02 + i * 0.07
        c.rect(x, 0.55, x + 0.05, 0.62, (60, 70, 85))
        c.rect(x + 0.01, 0.56, x + 0.04, 0.58, (90, 160, 210))


def chess(c):
    """A player studying a chessboard, chin on hand, the board in front of her."""
    c.gradient(0, 1.0, (60, 55, 50), (35, 32, 30))
    c.person(0.5, 1.15, 0.95, (120, 90, 140))
    c.polygon([(0.2, 0.95), (0.8, 0.95), (0.7, 0.65), (0.3, 0.65)], (210, 190, 150))
    for row in range(8):
        for column in range(8):
            if (row + column) % 2:
                continue
            top, bottom = 0.65 + row * 0.0375, 0.65 + (row + 1) * 0.0375
            left_top = 0.3 - 0.1 * row / 8
            left_bottom = 0.3 - 0.1 * (row + 1) / 8
            span_top, span_bottom = (1 - 2 * left_top) / 8, (1 - 2 * left_bottom) / 8
            c.polygon(
                [
                    (left_top + column * span_top, top),
                    (left_top + (column + 1) * span_top, top),
                    (left_bottom + (column + 1) * span_bottom, bottom),
                    (left_bottom + column * span_bottom, bottom),
                ],
                (100, 70, 45),
            )
    for _piece in range(9):
        x, y = 0.3 + c.between(0, 0.4), 0.6 + c.between(0, 0.3)
        colour = c.pick([(240, 235, 220), (30, 25, 25)])
        c.rect(x - 0.008, y, x + 0.008, y + 0.04, colour)
        c.disc(x, y, 0.012, colour)


def books(c):
    """Six books standing upright in a row on a white table."""
    c.gradient(0, 0.7, (200, 195, 190), (180, 175, 170))
    c.rect(0, 0.7, 1, 1.0, (245, 245, 242))
    colours = [(160, 40, 45), (30, 70, 120), (220, 180, 60), (50, 110, 80), (240, 235, 225), (90, 60, 120)]
    c.rng.shuffle(colours)
    for i, colour in enumerate(colours):
        x, top = 0.14 + i * 0.12, c.between(0.2, 0.3)
        c.rect(x, top, x + 0.1, 0.72, colour)
        lettering = (40, 40, 40) if colour == (240, 235, 225) else (240, 240, 230)
        c.rect(x + 0.015, top + 0.06, x + 0.085, top + 0.09, lettering)
        c.rect(x + 0.015, 0.62, x + 0.085, 0.64, lettering)


def stage(c):
    """Performers on a lit stage under spotlights and a banner, rows of red seats in front."""
    c.sky(0.62)
    for x in (0.2, 0.5, 0.8):
        c.polygon([(x - 0.02, 0.0), (x + 0.02, 0.0), (x + 0.12, 0.62), (x - 0.12, 0.62)], (95, 90, 130))
    c.rect(0.1, 0.06, 0.9, 0.14, (170, 40, 60))
    c.rect(0.15, 0.09, 0.85, 0.11, (240, 210, 120))
    c.rect(0, 0.62, 1, 0.7, (140, 95, 60))
    performers = c.rng.randint(2, 5)
    for i in range(performers):
        c.person(0.5 + (i - (performers - 1) / 2) * 0.14, 0.64, 0.42, c.pick(CLOTHES))
    c.line([(0.36, 0.64), (0.36, 0.4)], (30, 30, 30), 0.006)
    c.gradient(0.7, 1.0, (30, 20, 25), (20, 12, 16))
    for row in range(3):
        y = 0.75 + row * 0.09
        for i in range(12):
            x = i * 0.085 + (row % 2) * 0.04
            c.draw.rounded_rectangle(c.box(x, y, x + 0.07, y + 0.08), radius=c.h(0.015), fill=(150, 30, 40))


def portrait(c):
    """Head and shoulders against a plain studio background, as a byline picture."""
    background = c.pick([(200, 205, 210), (215, 205, 190), (190, 200, 195), (210, 200, 210)])
    c.gradient(0, 1.0, tuple(min(255, v + 20) for v in background), background)
    jacket, skin, hair = c.pick(CLOTHES[:2] + CLOTHES[3:7]), c.pick(SKIN), c.pick(HAIR[:3])
    long_hair = c.rng.random() < 0.5
    if long_hair:
        c.oval(0.3, 0.18, 0.7, 0.72, hair)
    c.draw.rounded_rectangle(c.box(0.12, 0.74, 0.88, 1.2), radius=c.h(0.16), fill=jacket)
    c.polygon([(0.42, 0.74), (0.58, 0.74), (0.5, 0.9)], (240, 240, 238))
    c.rect(0.44, 0.58, 0.56, 0.78, tuple(max(0, v - 15) for v in skin))
    c.oval(0.33, 0.22, 0.67, 0.66, skin)
    c.oval(0.3, 0.4, 0.35, 0.5, skin)
    c.oval(0.65, 0.4, 0.7, 0.5, skin)
    c.draw.chord(c.box(0.32, 0.17, 0.68, 0.48), 180, 360, fill=hair)
    for x in (0.42, 0.58):
        c.oval(x - 0.025, 0.41, x + 0.025, 0.44, (40, 30, 25))
        c.line([(x - 0.035, 0.38), (x + 0.035, 0.375)], hair, 0.012)
    c.line([(0.5, 0.44), (0.49, 0.52), (0.51, 0.52)], tuple(max(0, v - 40) for v in skin), 0.008)
    c.line([(0.45, 0.57), (0.5, 0.585), (0.55, 0.57)], (150, 70, 70), 0.012)
