"""Outdoor scenes for the demo's photos: water, streets, land and buildings."""

from .canvas import CLOTHES

CONTAINERS = [(180, 60, 40), (40, 90, 150), (200, 150, 40), (60, 120, 80), (150, 150, 150), (120, 40, 40)]
HULLS = [(40, 80, 160), (180, 40, 40), (235, 235, 230), (40, 120, 150), (200, 120, 40)]
BUILDINGS = [(190, 180, 160), (170, 150, 130), (210, 200, 185), (150, 140, 135), (200, 170, 140)]
GREY_ROAD = (70, 70, 75)


def port(c):
    """A container terminal: gantry cranes over stacked boxes and a ship alongside."""
    c.sky(0.55)
    c.water(0.55)
    c.rect(0.36, 0.6, 1.0, 0.72, (125, 122, 115))
    for stack in range(14):
        x = 0.38 + stack * 0.045
        for level in range(c.rng.randint(2, 5)):
            c.rect(x, 0.6 - (level + 1) * 0.045, x + 0.041, 0.6 - level * 0.045 - 0.005, c.pick(CONTAINERS))
    c.polygon([(0.0, 0.63), (0.33, 0.63), (0.3, 0.74), (0.0, 0.74)], (45, 50, 60))
    c.rect(0.02, 0.5, 0.08, 0.63, (235, 235, 230))
    for slot in range(6):
        c.rect(0.09 + slot * 0.037, 0.57, 0.125 + slot * 0.037, 0.63, c.pick(CONTAINERS))
    for cx in (0.3, 0.54, 0.78):
        colour = (190, 70, 40)
        c.line([(cx, 0.6), (cx, 0.16)], colour, 0.012)
        c.line([(cx + 0.07, 0.6), (cx + 0.07, 0.16)], colour, 0.012)
        c.line([(cx - 0.16, 0.18), (cx + 0.12, 0.18)], colour, 0.016)
        c.line([(cx, 0.34), (cx + 0.07, 0.34)], colour, 0.01)
        c.line([(cx - 0.1, 0.18), (cx - 0.1, 0.4)], (40, 40, 40), 0.003)


def harbour(c):
    """Fishing boats and a ferry moored side by side in a harbour, a jetty and the far shore."""
    c.sky(0.45)
    for _ in range(3):
        c.cloud(c.between(0.1, 0.9), c.between(0.08, 0.25), 0.06, (225, 228, 232))
    c.rect(0, 0.41, 1, 0.47, (105, 118, 105))
    for i in range(10):
        x = 0.05 + i * 0.1
        c.rect(x, 0.37, x + 0.05, 0.45, c.pick(BUILDINGS))
    c.water(0.47)
    c.rect(0.0, 0.55, 0.35, 0.6, (160, 155, 145))
    for y, length in ((0.6, 0.1), (0.74, 0.14), (0.92, 0.2)):
        x = 0.04 + c.between(0, 0.04)
        while x < 1.05:
            c.boat(x, y, length, c.pick(HULLS))
            x += length * 1.2


def beach(c):
    """Wooden fishing boats pulled up on a beach with nets piled on them, the sea behind."""
    c.sky(0.42)
    for _ in range(4):
        c.cloud(c.between(0.05, 0.95), c.between(0.06, 0.3), 0.07, (200, 204, 210))
    c.water(0.42, 0.58, (70, 110, 140))
    c.rect(0, 0.57, 1, 0.6, (235, 240, 240))
    c.gradient(0.6, 1.0, (214, 196, 160), (190, 168, 128))
    for y, length in ((0.72, 0.18), (0.93, 0.28)):
        x = 0.1 + c.between(0, 0.08)
        while x < 1.05:
            depth = length * 0.22 * c.width / c.height
            c.boat(x, y, length, c.pick([(120, 80, 50), (90, 70, 50), (40, 90, 140)]), cabin=None, mast=False)
            # The nets heaped on the boat, a mesh of dark twine.
            c.oval(x - length * 0.35, y - depth * 1.9, x + length * 0.3, y - depth * 0.8, (75, 85, 70))
            for strand in range(6):
                sx = x - length * 0.3 + strand * length * 0.1
                c.line([(sx, y - depth * 1.8), (sx + length * 0.05, y - depth * 0.9)], (45, 50, 40), 0.003)
            x += length * 1.45


def backwater(c):
    """A wide lake with coconut palms on the far shore and two people at work waist-deep."""
    c.sky(0.4)
    c.rect(0, 0.4, 1, 0.47, (70, 110, 60))
    for i in range(16):
        c.palm(0.02 + i * 0.065 + c.between(-0.01, 0.01), 0.44, c.between(0.14, 0.22))
    c.water(0.47, 1.0, (70, 120, 130))
    for cx in (0.38, 0.56):
        c.person(cx, 0.98, 0.42)
        c.oval(cx + 0.03, 0.72, cx + 0.08, 0.79, (150, 110, 60))
    c.water(0.78, 1.0, (70, 120, 130))


def promenade(c):
    """People walking or running along a waterside promenade, hills across the water."""
    c.sky(0.42)
    c.polygon(
        [(0, 0.45), (0.2, 0.28), (0.42, 0.4), (0.6, 0.25), (0.85, 0.38), (1, 0.32), (1, 0.46), (0, 0.46)],
        (120, 135, 155),
    )
    c.water(0.46, 0.6, (60, 110, 150))
    c.line([(0, 0.6), (1, 0.6)], (90, 90, 95), 0.01)
    c.gradient(0.6, 1.0, (190, 185, 175), (150, 145, 135))
    # Three ranks of walkers, the farthest smallest.
    for feet, height, count in ((0.7, 0.2, 9), (0.82, 0.32, 6), (0.98, 0.48, 4)):
        for i in range(count):
            c.person((i + c.between(0.2, 0.8)) / count, feet + c.between(-0.02, 0.02), height)


def _street(c, *, sky_to=0.32):
    """Shopfronts along a pavement and a road; returns nothing, the caller adds its people."""
    c.sky(sky_to)
    x = -0.02
    while x < 1.0:
        width, top = c.between(0.1, 0.18), c.between(0.1, 0.3)
        colour = c.pick(BUILDINGS)
        c.rect(x, top, x + width, 0.66, colour)
        c.windows(x, top + 0.03, x + width, 0.52, 3, 3, (70, 80, 95))
        c.rect(x + 0.01, 0.55, x + width - 0.01, 0.66, (60, 55, 50))
        c.polygon([(x, 0.55), (x + width, 0.55), (x + width - 0.01, 0.5), (x + 0.01, 0.5)], c.pick(CLOTHES))
        x += width
    c.rect(0, 0.66, 1, 0.76, (170, 165, 155))
    c.gradient(0.76, 1.0, GREY_ROAD, (50, 50, 55))
    for i in range(6):
        c.rect(i * 0.18 + 0.04, 0.87, i * 0.18 + 0.12, 0.885, (230, 230, 220))


def street(c):
    """A city street: shopfronts, a pavement with people waiting, the road in front."""
    _street(c)
    c.rect(0.62, 0.42, 0.64, 0.74, (60, 60, 65))
    c.rect(0.86, 0.42, 0.88, 0.74, (60, 60, 65))
    c.line([(0.64, 0.44), (0.86, 0.44)], (60, 60, 65), 0.01)
    for i in range(8):
        c.line([(0.645 + i * 0.028, 0.45), (0.645 + i * 0.028, 0.72)], (80, 80, 85), 0.006)
    for i in range(10):
        c.person(0.04 + i * 0.09 + c.between(-0.02, 0.02), 0.75 + c.between(0, 0.04), c.between(0.26, 0.32))


def rain(c):
    """People under black umbrellas crossing a wet road in heavy rain."""
    _street(c)
    c.gradient(0.76, 1.0, (95, 100, 110), (60, 64, 72))
    for i in range(7):
        cx, feet, tall = 0.06 + i * 0.14 + c.between(-0.02, 0.02), c.between(0.86, 0.97), c.between(0.3, 0.36)
        c.person(cx, feet, tall)
        c.umbrella(cx, feet - tall - 0.06, 0.2, (25, 25, 30))
    for _ in range(260):
        x, y = c.between(0, 1), c.between(0, 1)
        c.line([(x, y), (x - 0.006, y + 0.05)], (200, 205, 215), 0.002)


def viaduct(c):
    """A metro train on an elevated concrete viaduct above a road and a bus stop."""
    c.sky(0.62)
    for i in range(9):
        x = i * 0.12
        c.rect(x, c.between(0.35, 0.5), x + 0.1, 0.7, c.pick(BUILDINGS))
    c.rect(0, 0.36, 1, 0.43, (175, 172, 165))
    for x in (0.1, 0.38, 0.66, 0.94):
        c.rect(x - 0.025, 0.43, x + 0.025, 0.78, (165, 162, 155))
    c.rect(0.12, 0.25, 0.86, 0.36, (200, 205, 210))
    c.rect(0.12, 0.33, 0.86, 0.35, (40, 140, 80))
    c.windows(0.12, 0.26, 0.86, 0.32, 14, 1, (50, 60, 75), margin=0.15)
    c.gradient(0.7, 1.0, GREY_ROAD, (50, 50, 55))
    for i in range(4):
        x = 0.45 + i * 0.14
        c.draw.rounded_rectangle(c.box(x, 0.8, x + 0.1, 0.88), radius=c.h(0.02), fill=c.pick(CLOTHES))
    c.rect(0.02, 0.6, 0.3, 0.63, (60, 90, 120))
    c.rect(0.03, 0.63, 0.04, 0.8, (60, 60, 65))
    c.rect(0.28, 0.63, 0.29, 0.8, (60, 60, 65))
    for i in range(5):
        c.person(0.06 + i * 0.05, 0.8 + c.between(0, 0.02), 0.2)


def market(c):
    """Market stalls under umbrellas and awnings, heaps of produce, traders and a weighing scale."""
    c.sky(0.3)
    c.rect(0, 0.2, 1, 0.55, (190, 170, 140))
    c.windows(0, 0.22, 1, 0.5, 12, 2, (120, 100, 80))
    c.gradient(0.55, 1.0, (175, 160, 140), (140, 125, 105))
    heaps = [(245, 245, 240), (60, 130, 60), (200, 60, 50), (230, 170, 40), (250, 250, 250)]
    for i in range(4):
        x = 0.02 + i * 0.25
        c.umbrella(
            x + 0.11, 0.22, 0.32, c.pick([(200, 60, 50), (230, 180, 40), (40, 90, 150), (230, 230, 225)])
        )
        c.person(x + 0.16, 0.82, 0.34)
        c.rect(x, 0.66, x + 0.22, 0.72, (110, 80, 50))
        colour = c.pick(heaps)
        for j in range(3):
            c.oval(x + j * 0.07, 0.6, x + j * 0.07 + 0.08, 0.7, colour)
        c.rect(x + 0.01, 0.72, x + 0.03, 0.86, (90, 65, 40))
        c.rect(x + 0.19, 0.72, x + 0.21, 0.86, (90, 65, 40))
    c.line([(0.47, 0.5), (0.47, 0.6)], (180, 140, 60), 0.006)
    c.line([(0.43, 0.52), (0.51, 0.52)], (180, 140, 60), 0.006)
    c.oval(0.41, 0.56, 0.45, 0.6, (190, 150, 70))
    c.oval(0.49, 0.56, 0.53, 0.6, (190, 150, 70))


def field(c):
    """Farmland under gathering rain clouds, with a single tree on the horizon."""
    c.sky(0.5)
    for _ in range(7):
        c.cloud(c.between(0.0, 1.0), c.between(0.05, 0.32), c.between(0.08, 0.14), (80, 88, 100))
    greens = [(70, 150, 60), (95, 170, 70), (60, 130, 50), (120, 180, 80)]
    for band in range(6):
        top, bottom = 0.5 + band * 0.085, 0.5 + (band + 1) * 0.085
        c.polygon([(0, top), (1, top - 0.02), (1, bottom), (0, bottom + 0.01)], greens[band % len(greens)])
    c.tree(0.7, 0.51, 0.25)


def plantation(c):
    """Coffee cherries spread to dry on a yard, with the plantation's bushes and shade trees behind."""
    c.sky(0.35)
    c.polygon([(0, 0.4), (0.3, 0.3), (0.6, 0.38), (1, 0.28), (1, 0.7), (0, 0.7)], (60, 110, 55))
    for row in range(4):
        for i in range(14):
            c.disc(i * 0.075 + row * 0.02, 0.42 + row * 0.07, 0.03, (40, 95, 45))
    for x in (0.12, 0.45, 0.8):
        c.tree(x, 0.6, 0.5, (50, 90, 45))
    c.gradient(0.66, 1.0, (185, 182, 175), (160, 158, 150))
    for _ in range(900):
        x, y = c.between(0.05, 0.95), c.between(0.7, 0.99)
        c.disc(x, y, 0.004 + (y - 0.7) * 0.01, c.pick([(170, 30, 30), (140, 20, 25), (190, 50, 40)]))


def salt_pan(c):
    """Workers in wide hats raking salt into white heaps on a flat, shimmering pan."""
    c.sky(0.45)
    c.gradient(0.45, 1.0, (235, 232, 225), (205, 200, 195))
    for i in range(7):
        c.line([(0, 0.5 + i * 0.075), (1, 0.48 + i * 0.08)], (170, 160, 150), 0.004)
    for i in range(6):
        x, y, size = 0.05 + i * 0.17, 0.58 + (i % 2) * 0.08, 0.06 + (i % 3) * 0.02
        c.polygon([(x, y), (x + size * 0.9, y - size), (x + size * 1.8, y)], (250, 250, 248))
    for cx in (0.25, 0.5, 0.78):
        c.person(cx, 0.95, 0.42, hat=(215, 190, 130))
        c.line([(cx + 0.02, 0.72), (cx + 0.1, 0.95)], (110, 80, 50), 0.008)
        c.line([(cx + 0.07, 0.95), (cx + 0.13, 0.95)], (110, 80, 50), 0.01)


def forest(c):
    """A tiger on a forest track at night, caught by a camera trap's flash."""
    c.gradient(0, 1.0, (20, 26, 24), (60, 66, 58))
    for i in range(12):
        x = i * 0.09 + c.between(-0.02, 0.02)
        c.rect(x, 0.0, x + c.between(0.015, 0.035), 0.68, (45, 48, 42))
    c.polygon([(0.3, 0.6), (0.7, 0.6), (1.0, 1.0), (0.0, 1.0)], (120, 115, 100))
    c.oval(0.36, 0.56, 0.66, 0.74, (200, 120, 45))
    c.disc(0.68, 0.6, 0.07, (205, 125, 50))
    for x in (0.4, 0.46, 0.57, 0.63):
        c.rect(x, 0.68, x + 0.025, 0.84, (195, 118, 45))
    c.line([(0.37, 0.62), (0.3, 0.72), (0.28, 0.78)], (195, 118, 45), 0.025)
    for i in range(8):
        x = 0.4 + i * 0.032
        c.line([(x, 0.57), (x + 0.01, 0.68)], (25, 20, 18), 0.012)
    c.disc(0.7, 0.59, 0.008, (240, 240, 200))


def mangrove(c):
    """Two researchers in rubber boots pushing a coring tube into mud between mangrove roots."""
    c.sky(0.3)
    c.rect(0, 0.12, 1, 0.42, (45, 90, 50))
    for _ in range(60):
        c.disc(
            c.between(0, 1),
            c.between(0.1, 0.42),
            c.between(0.03, 0.07),
            c.pick([(40, 85, 45), (60, 110, 55)]),
        )
    c.gradient(0.42, 1.0, (95, 80, 60), (70, 58, 45))
    for i in range(10):
        x = i * 0.11 + c.between(0, 0.03)
        for dx in (-0.04, -0.02, 0.02, 0.04):
            c.line([(x, 0.42), (x + dx, 0.62)], (100, 85, 65), 0.008)
    for cx in (0.4, 0.6):
        c.person(cx, 0.95, 0.45, legs=(20, 20, 20))
    c.line([(0.5, 0.6), (0.5, 0.98)], (190, 195, 200), 0.014)


def hillside(c):
    """A school on a misty hillside, families carrying bags and bedding towards it."""
    c.gradient(0, 0.6, (190, 195, 198), (225, 228, 228))
    c.polygon([(0, 0.45), (0.3, 0.3), (0.6, 0.42), (1, 0.28), (1, 1), (0, 1)], (150, 165, 155))
    c.polygon([(0, 0.62), (0.4, 0.48), (0.8, 0.58), (1, 0.52), (1, 1), (0, 1)], (90, 125, 85))
    c.rect(0.35, 0.42, 0.78, 0.62, (225, 215, 185))
    c.polygon([(0.33, 0.42), (0.8, 0.42), (0.76, 0.36), (0.37, 0.36)], (150, 70, 55))
    c.windows(0.35, 0.45, 0.78, 0.6, 8, 1, (90, 100, 110))
    c.gradient(0.0, 0.2, (215, 218, 220), (200, 205, 205))
    for i in range(7):
        cx = 0.08 + i * 0.13
        c.person(cx, 0.92 + c.between(-0.03, 0.03), c.between(0.3, 0.4))
        c.oval(cx - 0.05, 0.55, cx + 0.01, 0.63, c.pick([(220, 220, 210), (180, 60, 60), (60, 90, 150)]))


def facade(c):
    """A colonnaded government building, sandstone or whitewashed, with steps and a lawn in front."""
    c.sky(0.6)
    c.rect(0, 0.6, 1, 0.67, (175, 170, 160))
    stone = c.pick([(205, 165, 120), (230, 225, 212), (190, 120, 90)])
    shade, light = tuple(v - 12 for v in stone), tuple(min(255, v + 25) for v in stone)
    half = c.between(0.3, 0.4)
    c.rect(0.5 - half, 0.3, 0.5 + half, 0.62, stone)
    c.polygon([(0.48 - half, 0.3), (0.5, 0.16), (0.52 + half, 0.3)], shade)
    if c.rng.random() < 0.5:
        c.oval(0.43, 0.08, 0.57, 0.24, shade)
    columns = c.rng.randint(7, 12)
    for i in range(columns):
        x = 0.5 - half + 0.03 + i * (2 * half - 0.085) / (columns - 1)
        c.rect(x, 0.33, x + 0.025, 0.58, light)
    for step in range(4):
        c.rect(
            0.48 - half - step * 0.02, 0.58 + step * 0.02, 0.52 + half + step * 0.02, 0.6 + step * 0.02, light
        )
    c.gradient(0.66, 1.0, (80, 140, 60), (60, 115, 45))
    for _visitor in range(c.rng.randint(1, 4)):
        cx = c.between(0.3, 0.7)
        c.person(cx, 0.66, 0.16, (240, 240, 235))
        c.rect(cx + 0.012, 0.6, cx + 0.03, 0.625, (170, 30, 30))


def tower(c):
    """A tall office tower and a glass building beside it, guards at the entrance."""
    c.sky(0.75)
    top, left = c.between(0.04, 0.2), c.between(0.26, 0.34)
    c.rect(left, top, left + 0.28, 0.75, c.pick([(150, 150, 155), (175, 165, 150), (120, 130, 140)]))
    c.windows(
        left, top + 0.02, left + 0.28, 0.72, c.rng.randint(6, 9), c.rng.randint(12, 18), (70, 90, 115), 0.18
    )
    glass_top = c.between(0.3, 0.45)
    c.rect(0.64, glass_top, 0.97, 0.75, (110, 150, 170))
    for i in range(9):
        c.line([(0.64 + i * 0.037, glass_top), (0.64 + i * 0.037, 0.75)], (200, 215, 225), 0.004)
    c.rect(0.02, 0.45, left - 0.02, 0.75, (170, 165, 160))
    c.windows(0.02, 0.47, left - 0.02, 0.73, 4, 6, (80, 90, 100))
    c.gradient(0.75, 1.0, (185, 180, 170), (160, 155, 145))
    for cx in (left + 0.08, left + 0.2):
        c.person(cx, 0.86, 0.16, (50, 70, 50))


def airport(c):
    """An airliner on the apron in front of the terminal, another coming in over the runway."""
    c.sky(0.55)
    c.rect(0.0, 0.47, 1.0, 0.56, (175, 175, 180))
    c.windows(0.0, 0.48, 1.0, 0.55, 18, 1, (80, 110, 140), margin=0.12)
    c.gradient(0.56, 1.0, (120, 122, 125), (95, 97, 100))
    c.polygon([(0.55, 0.56), (0.7, 0.56), (1.0, 0.75), (1.0, 1.0), (0.75, 1.0)], (60, 62, 66))
    _plane(c, 0.42, 0.78, 0.6, tail=c.pick([(230, 120, 30), (40, 90, 160), (180, 40, 40)]))
    _plane(c, 0.78, 0.22, 0.22, tail=(40, 90, 160))


def _plane(c, cx, cy, length, tail):
    """An airliner side-on, centred at ``cx, cy``, ``length`` a fraction of the width."""
    half, body = length / 2, length * 0.09 * c.width / c.height
    white = (240, 240, 240)
    c.polygon(
        [
            (cx - 0.05 * length, cy),
            (cx + 0.12 * length, cy),
            (cx - 0.12 * length, cy + body * 1.6),
            (cx - 0.2 * length, cy + body * 1.6),
        ],
        (200, 200, 205),
    )
    c.draw.rounded_rectangle(
        c.box(cx - half, cy - body / 2, cx + half, cy + body / 2), radius=c.h(body / 2), fill=white
    )
    c.polygon(
        [
            (cx - half * 0.95, cy - body / 2),
            (cx - half * 0.7, cy - body / 2),
            (cx - half * 0.95, cy - body * 2.2),
        ],
        tail,
    )
    c.windows(cx - half * 0.6, cy - body * 0.3, cx + half * 0.75, cy, 16, 1, (60, 70, 90), margin=0.3)
    c.rect(cx - half * 0.1, cy + body / 2, cx - half * 0.06, cy + body, (60, 60, 60))


def bridge(c):
    """A long riveted steel truss bridge crossing a wide river on a hazy morning."""
    c.gradient(0, 0.55, (190, 200, 205), (225, 228, 225))
    c.rect(0, 0.5, 1, 0.56, (130, 140, 120))
    c.water(0.56, 1.0, (110, 130, 135))
    steel = (70, 75, 80)
    c.line([(0, 0.52), (1, 0.52)], steel, 0.02)
    c.line([(0, 0.36), (1, 0.36)], steel, 0.012)
    for i in range(21):
        x = i * 0.05
        c.line([(x, 0.52), (x + 0.025, 0.36), (x + 0.05, 0.52)], steel, 0.008)
    piers = c.rng.randint(3, 5)
    for i in range(piers):
        x = (i + 0.5) / piers
        c.rect(x - 0.015, 0.53, x + 0.015, 0.7, (120, 115, 105))


def rocket(c):
    """A rocket lifting off on a column of flame and smoke, its launch tower beside it."""
    c.sky(0.8)
    c.gradient(0.8, 1.0, (140, 140, 120), (110, 110, 95))
    for i in range(10):
        c.line([(0.25, 0.2 + i * 0.06), (0.32, 0.26 + i * 0.06)], (170, 60, 40), 0.004)
    c.rect(0.24, 0.2, 0.26, 0.82, (170, 60, 40))
    c.rect(0.31, 0.2, 0.33, 0.82, (170, 60, 40))
    c.polygon([(0.47, 0.55), (0.53, 0.55), (0.56, 0.85), (0.5, 0.95), (0.44, 0.85)], (250, 170, 50))
    c.polygon([(0.48, 0.55), (0.52, 0.55), (0.53, 0.75), (0.5, 0.82), (0.47, 0.75)], (255, 240, 170))
    c.rect(0.475, 0.12, 0.525, 0.55, (240, 240, 238))
    c.polygon([(0.475, 0.12), (0.5, 0.03), (0.525, 0.12)], (220, 220, 218))
    c.rect(0.455, 0.3, 0.475, 0.52, (230, 230, 228))
    c.rect(0.525, 0.3, 0.545, 0.52, (230, 230, 228))
    for _ in range(45):
        c.disc(
            0.5 + c.between(-0.35, 0.35),
            c.between(0.82, 1.0),
            c.between(0.04, 0.09),
            c.pick([(235, 235, 232), (215, 215, 210), (200, 198, 192)]),
        )
