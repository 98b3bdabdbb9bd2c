"""The few shapes the demo's drawn scenes are made of, placed in fractions of the picture's width and
height so that one scene draws the same at any size."""

import io
import random

from PIL import Image, ImageDraw, ImageFilter, ImageOps

# The light of a scene (the demo entry's "palette"): the sky from its top to the horizon.
PALETTES = {
    "sky": ((96, 150, 210), (222, 236, 250)),
    "sea": ((70, 120, 170), (200, 222, 235)),
    "forest": ((88, 110, 120), (200, 210, 200)),
    "city": ((120, 126, 140), (215, 212, 205)),
    "sunset": ((120, 40, 70), (250, 170, 90)),
    "stadium": ((40, 60, 110), (150, 170, 200)),
    "newsroom": ((150, 160, 175), (230, 228, 220)),
    "night": ((10, 16, 40), (70, 80, 140)),
}
SKIN = [(141, 85, 36), (198, 134, 66), (224, 172, 105), (171, 112, 72), (110, 68, 40)]
HAIR = [(20, 16, 14), (45, 32, 24), (70, 50, 35), (150, 150, 150)]
CLOTHES = [
    (40, 60, 110),
    (180, 40, 50),
    (235, 235, 230),
    (60, 110, 70),
    (220, 170, 40),
    (90, 60, 120),
    (30, 30, 35),
    (200, 110, 60),
    (90, 140, 190),
]


class Canvas:
    """A picture being drawn: ``x``/``y`` turn fractions into pixels; sizes of round things are
    fractions of the height, so heads stay round in a wide picture."""

    def __init__(self, size, seed, palette="city"):
        self.width, self.height = size
        self.image = Image.new("RGB", size, (128, 128, 128))
        self.draw = ImageDraw.Draw(self.image)
        self.rng = random.Random(seed)
        # The light differs a little from one picture to the next, as on different days.
        shift = self.rng.randint(-12, 12)
        self.light = tuple(
            tuple(min(255, max(0, value + shift)) for value in colour)
            for colour in PALETTES.get(palette, PALETTES["city"])
        )

    def x(self, fraction):
        return round(fraction * self.width)

    def y(self, fraction):
        return round(fraction * self.height)

    def h(self, fraction):
        """A length as a fraction of the height, in pixels (for radii, widths, figures)."""
        return max(1, round(fraction * self.height))

    def box(self, x0, y0, x1, y1):
        return [self.x(x0), self.y(y0), self.x(x1), self.y(y1)]

    def rect(self, x0, y0, x1, y1, fill):
        self.draw.rectangle(self.box(x0, y0, x1, y1), fill=fill)

    def oval(self, x0, y0, x1, y1, fill):
        self.draw.ellipse(self.box(x0, y0, x1, y1), fill=fill)

    def disc(self, cx, cy, radius, fill):
        """A circle at fractions ``cx, cy`` with ``radius`` a fraction of the height."""
        x, y, r = self.x(cx), self.y(cy), self.h(radius)
        self.draw.ellipse([x - r, y - r, x + r, y + r], fill=fill)

    def polygon(self, points, fill):
        self.draw.polygon([(self.x(a), self.y(b)) for a, b in points], fill=fill)

    def line(self, points, fill, width):
        self.draw.line([(self.x(a), self.y(b)) for a, b in points], fill=fill, width=self.h(width))

    def gradient(self, y0, y1, top, bottom, x0=0.0, x1=1.0):
        """A vertical blend from ``top`` to ``bottom`` over a band of the picture."""
        width, height = max(1, self.x(x1) - self.x(x0)), max(1, self.y(y1) - self.y(y0))
        # Blended in one column and widened: a twelfth of the time of blending the whole band.
        column = ImageOps.colorize(
            Image.linear_gradient("L").resize((1, height), Image.BILINEAR), top, bottom
        )
        self.image.paste(column.resize((width, height), Image.NEAREST), (self.x(x0), self.y(y0)))

    def sky(self, horizon=1.0):
        self.gradient(0, horizon, *self.light)

    def pick(self, choices):
        return self.rng.choice(choices)

    def between(self, low, high):
        return self.rng.uniform(low, high)

    # People ---------------------------------------------------------------------------------------

    def person(self, cx, feet, height, clothes=None, *, legs=None, skin=None, arms_up=False, hat=None):
        """A standing figure seen from the front, ``height`` a fraction of the picture's height."""
        clothes = clothes or self.pick(CLOTHES)
        skin = skin or self.pick(SKIN)
        legs = legs or self.pick([(40, 40, 50), (70, 60, 50), (30, 45, 80)])
        x, bottom, tall = self.x(cx), self.y(feet), self.h(height)
        head = tall * 0.09
        shoulders, hips, waist = tall * 0.2, tall * 0.56, tall * 0.16
        top = bottom - tall
        draw = self.draw
        draw.rectangle([x - waist * 0.8, top + hips, x - waist * 0.1, bottom], fill=legs)
        draw.rectangle([x + waist * 0.1, top + hips, x + waist * 0.8, bottom], fill=legs)
        draw.rounded_rectangle(
            [x - waist, top + shoulders, x + waist, top + hips + tall * 0.04],
            radius=waist * 0.5,
            fill=clothes,
        )
        arm = max(1, round(waist * 0.45))
        for side in (-1, 1):
            shoulder = (x + side * waist * 0.85, top + shoulders + arm)
            hand = (x + side * waist * 1.6, top - head) if arms_up else (x + side * waist * 1.1, top + hips)
            draw.line([shoulder, hand], fill=clothes, width=arm)
            draw.ellipse(
                [hand[0] - arm * 0.6, hand[1] - arm * 0.6, hand[0] + arm * 0.6, hand[1] + arm * 0.6],
                fill=skin,
            )
        draw.rectangle([x - head * 0.4, top + head * 1.6, x + head * 0.4, top + shoulders + 1], fill=skin)
        draw.ellipse([x - head, top, x + head * 1.0, top + head * 2.1], fill=skin)
        if hat:
            draw.ellipse([x - head * 2.0, top + head * 0.2, x + head * 2.0, top + head * 0.9], fill=hat)
            draw.ellipse([x - head * 1.0, top - head * 0.4, x + head * 1.0, top + head * 0.7], fill=hat)
        else:
            draw.chord(
                [x - head, top - head * 0.05, x + head, top + head * 1.6], 180, 360, fill=self.pick(HAIR)
            )

    def crowd(self, y0, y1, rows, *, x0=0.0, x1=1.0):
        """Rows of heads and shoulders, as in stands or an audience, from the back row down."""
        for row in range(rows):
            t = row / max(rows - 1, 1)
            y = y0 + (y1 - y0) * t
            size = 0.012 + 0.016 * t  # a head's radius
            across = size * self.height / self.width
            x = x0 + self.between(0, across * 2.6)
            while x < x1:
                self.oval(x - across * 1.6, y, x + across * 1.6, y + size * 3, self.pick(CLOTHES))
                self.disc(x, y - size * 0.5, size, self.pick(SKIN))
                x += across * 2.6 * self.between(0.85, 1.15)

    def umbrella(self, cx, top, span, colour):
        """An open umbrella, ``span`` a fraction of the height, with its handle down to ``top + span``."""
        x, y, r = self.x(cx), self.y(top), self.h(span / 2)
        self.draw.pieslice([x - r, y, x + r, y + r * 1.3], 180, 360, fill=colour)
        self.draw.line([(x, y + r * 0.6), (x, y + r * 2.0)], fill=(40, 40, 40), width=max(1, r // 12))

    # Things ---------------------------------------------------------------------------------------

    def windows(self, x0, y0, x1, y1, columns, rows, colour, margin=0.25):
        """A grid of windows inside a facade."""
        cell_w, cell_h = (x1 - x0) / columns, (y1 - y0) / rows
        for column in range(columns):
            for row in range(rows):
                left, top = x0 + column * cell_w, y0 + row * cell_h
                self.rect(
                    left + cell_w * margin,
                    top + cell_h * margin,
                    left + cell_w * (1 - margin),
                    top + cell_h * (1 - margin),
                    colour,
                )

    def cloud(self, cx, cy, size, colour):
        for dx, dy, r in ((-0.9, 0.15, 0.55), (0, 0, 0.75), (0.9, 0.2, 0.5), (0.4, 0.3, 0.55)):
            self.disc(cx + dx * size * self.height / self.width, cy + dy * size, r * size, colour)

    def tree(self, cx, ground, height, leaves=(50, 100, 45)):
        trunk = height * 0.08 * self.height / self.width
        self.rect(cx - trunk / 2, ground - height * 0.45, cx + trunk / 2, ground, (80, 60, 40))
        self.disc(cx, ground - height * 0.65, height * 0.35, leaves)

    def palm(self, cx, ground, height):
        top = ground - height
        self.line([(cx, ground), (cx + 0.01, top)], (95, 75, 50), height * 0.05)
        for dx, dy in ((-0.05, 0.05), (0.05, 0.05), (-0.035, -0.02), (0.04, -0.025), (0, -0.04)):
            self.line(
                [(cx + 0.01, top), (cx + 0.01 + dx, top + dy + height * 0.15)], (40, 110, 50), height * 0.05
            )

    def water(self, top, bottom=1.0, colour=(40, 90, 130)):
        deep = tuple(max(0, c - 40) for c in colour)
        self.gradient(top, bottom, colour, deep)
        for _ in range(40):
            y = self.between(top + 0.01, bottom)
            x = self.between(0, 1)
            self.line(
                [(x, y), (x + self.between(0.02, 0.08), y)], tuple(min(255, c + 45) for c in colour), 0.003
            )

    def boat(self, cx, waterline, length, hull, cabin=(235, 235, 230), mast=True):
        """A small boat side-on: hull, cabin (``None``: an open boat) and a mast."""
        half, depth = length / 2, length * 0.22 * self.width / self.height
        self.polygon(
            [
                (cx - half, waterline - depth),
                (cx + half * 1.1, waterline - depth),
                (cx + half * 0.8, waterline),
                (cx - half * 0.85, waterline),
            ],
            hull,
        )
        if cabin:
            self.rect(cx - half * 0.1, waterline - depth * 2.1, cx + half * 0.5, waterline - depth, cabin)
            self.rect(cx, waterline - depth * 1.8, cx + half * 0.4, waterline - depth * 1.4, (60, 80, 100))
        if mast:
            self.line(
                [(cx - half * 0.4, waterline - depth), (cx - half * 0.4, waterline - depth * 4)],
                (70, 60, 50),
                0.005,
            )

    def jpeg(self):
        """The picture as a JPEG, its drawn edges softened a little as a lens would (a box blur: a
        third of the time of a Gaussian one)."""
        buffer = io.BytesIO()
        self.image.filter(ImageFilter.BoxBlur(1)).save(buffer, "JPEG", quality=82, optimize=True)
        return buffer.getvalue()
