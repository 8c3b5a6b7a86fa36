"""Demo pictures drawn with Pillow: no network, no files in the repository.

Each picture is a scene (a damaged skyline, a street, a video still, a map) built from a
seed, so every photo looks different and the same seed always draws the same picture.
"""

import io
import random

from PIL import Image, ImageDraw, ImageFilter, ImageOps

# Palettes: (sky top, sky bottom, buildings, light, smoke).
PALETTES = [
    ((64, 84, 112), (214, 180, 140), (58, 52, 50), (255, 214, 150), (120, 110, 104)),
    ((150, 160, 170), (222, 214, 196), (96, 88, 80), (255, 244, 220), (80, 78, 76)),
    ((24, 28, 52), (150, 86, 62), (30, 26, 30), (255, 170, 90), (90, 70, 66)),
    ((110, 140, 176), (230, 226, 210), (122, 110, 96), (255, 255, 236), (150, 146, 140)),
    ((70, 60, 58), (196, 150, 110), (48, 40, 36), (255, 190, 120), (60, 54, 52)),
    ((36, 52, 70), (120, 130, 130), (40, 44, 48), (220, 230, 235), (170, 172, 170)),
]


def _vary(colour, rng, spread=18):
    return tuple(max(0, min(255, c + rng.randint(-spread, spread))) for c in colour)


def _shade(colour, rng, spread=18):
    """The same colour, lighter or darker: walls and rubble vary in light, not in hue."""
    delta = rng.randint(-spread, spread)
    return tuple(max(0, min(255, c + delta)) for c in colour)


def _sky(width, height, top, bottom):
    gradient = Image.linear_gradient("L").resize((width, height))
    return ImageOps.colorize(gradient, top, bottom).convert("RGB")


def _smoke(image, rng, colour, plumes):
    """Soft plumes drawn small, blurred and scaled up (cheap even at 2400 px)."""
    width, height = image.size
    small = Image.new("RGBA", (width // 8, height // 8), (0, 0, 0, 0))
    draw = ImageDraw.Draw(small)
    for _ in range(plumes):
        x = rng.randrange(small.width)
        base = rng.randrange(small.height // 2, small.height)
        for step in range(14):
            radius = 4 + step * rng.uniform(1.0, 2.2)
            cx = x + step * rng.uniform(-2, 4)
            cy = base - step * rng.uniform(4, 7)
            alpha = max(30, 200 - step * 10)
            draw.ellipse(
                [cx - radius, cy - radius, cx + radius, cy + radius], fill=(*colour, alpha)
            )
    small = small.filter(ImageFilter.GaussianBlur(3))
    return Image.alpha_composite(image.convert("RGBA"), small.resize(image.size)).convert("RGB")


def _grain(image, rng, amount=0.07):
    noise = Image.effect_noise(image.size, rng.uniform(40, 70)).convert("RGB")
    return Image.blend(image, noise, amount)


def _buildings(draw, rng, width, horizon, colour, light, damaged=True):
    x = -rng.randrange(80)
    while x < width:
        w = rng.randint(width // 24, width // 9)
        h = rng.randint(horizon // 5, int(horizon * 0.8))
        top = horizon - h
        shade = _shade(colour, rng, 22)
        if damaged and rng.random() < 0.5:
            # A broken roofline: the top edge torn into a jagged polygon.
            points = [(x, horizon), (x, top)]
            steps = rng.randint(3, 7)
            for i in range(1, steps):
                points.append((x + w * i / steps, top + rng.randint(0, h // 3)))
            points += [(x + w, top + rng.randint(0, h // 4)), (x + w, horizon)]
            draw.polygon(points, fill=shade)
        else:
            draw.rectangle([x, top, x + w, horizon], fill=shade)
        window = max(6, w // 10)
        for wy in range(top + window * 2, horizon - window, window * 3):
            for wx in range(x + window, x + w - window, window * 2):
                roll = rng.random()
                if roll < 0.12:
                    fill = _vary(light, rng, 30)
                elif roll < 0.55:
                    fill = tuple(c // 3 for c in shade)
                else:
                    continue
                draw.rectangle([wx, wy, wx + window, wy + window * 1.4], fill=fill)
        x += w + rng.randint(0, width // 60)


def _rubble(draw, rng, width, height, horizon, colour):
    for _ in range(260):
        cx, cy = rng.randrange(width), rng.randint(horizon, height)
        size = rng.randint(8, 30 + (cy - horizon) // 6)
        points = [
            (cx + rng.randint(-size, size), cy + rng.randint(-size, size // 2)) for _ in range(5)
        ]
        draw.polygon(points, fill=_shade(colour, rng, 40))


def skyline(seed, width=2400, height=1600):
    """A damaged city under a hazy sky, seen across rubble."""
    rng = random.Random(seed)
    top, bottom, walls, light, smoke = PALETTES[rng.randrange(len(PALETTES))]
    image = _sky(width, height, _vary(top, rng), _vary(bottom, rng))
    draw = ImageDraw.Draw(image)
    sun_x, sun_y = rng.randrange(width), rng.randrange(height // 8, height // 2)
    sun_r = rng.randint(height // 20, height // 10)
    draw.ellipse([sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r], fill=light)
    horizon = int(height * rng.uniform(0.58, 0.72))
    far = tuple((a + b) // 2 for a, b in zip(walls, bottom, strict=True))
    _buildings(draw, rng, width, horizon - height // 14, far, light, damaged=False)
    _buildings(draw, rng, width, horizon, walls, light)
    draw.rectangle([0, horizon, width, height], fill=_vary(walls, rng, 10))
    _rubble(draw, rng, width, height, horizon, _vary(walls, rng, 30))
    image = _smoke(image, rng, smoke, rng.randint(2, 6))
    return _grain(image, rng)


def street(seed, width=2400, height=1600):
    """A street running to a vanishing point between broken façades."""
    rng = random.Random(seed)
    top, bottom, walls, light, smoke = PALETTES[rng.randrange(len(PALETTES))]
    image = _sky(width, height, _vary(top, rng), _vary(bottom, rng))
    draw = ImageDraw.Draw(image)
    vx, vy = int(width * rng.uniform(0.35, 0.65)), int(height * rng.uniform(0.38, 0.5))
    draw.polygon([(0, height), (vx, vy), (width, height)], fill=_vary(walls, rng, 20))
    for side in (0, width):
        depth = 10
        for i in range(depth):
            near, far = i / depth, (i + 1) / depth
            x_near = side + (vx - side) * near
            x_far = side + (vx - side) * far
            roof_near = vy - (vy - height * 0.05) * (1 - near) * rng.uniform(0.6, 1.0)
            roof_far = vy - (vy - height * 0.05) * (1 - far) * rng.uniform(0.6, 1.0)
            floor_near = vy + (height - vy) * (1 - near)
            floor_far = vy + (height - vy) * (1 - far)
            shade = _shade(walls, rng, 30)
            draw.polygon(
                [(x_near, roof_near), (x_far, roof_far), (x_far, floor_far), (x_near, floor_near)],
                fill=shade,
            )
            if rng.random() < 0.7:
                hole_x = x_near + (x_far - x_near) * 0.3
                hole_w = (x_far - x_near) * 0.35
                hole_top = roof_near + (floor_near - roof_near) * 0.25
                draw.rectangle(
                    [
                        min(hole_x, hole_x + hole_w),
                        hole_top,
                        max(hole_x, hole_x + hole_w),
                        hole_top + (floor_near - roof_near) * 0.2,
                    ],
                    fill=tuple(c // 4 for c in shade),
                )
    _rubble(draw, rng, width, height, int(vy + (height - vy) * 0.4), _vary(walls, rng, 30))
    image = _smoke(image, rng, smoke, rng.randint(1, 4))
    return _grain(image, rng)


def video_still(seed, width=2400, height=1350):
    """A man in uniform speaking before a flag, as a frame grabbed from a television broadcast."""
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    stripes = [(206, 17, 38), (236, 236, 230), (20, 20, 20)]
    stripe_h = height // 3
    for i, colour in enumerate(stripes):
        draw.rectangle(
            [0, i * stripe_h, width, (i + 1) * stripe_h + 1], fill=_vary(colour, rng, 12)
        )
    for dx in (-1, 1):
        cx, cy = width // 2 + dx * width // 9, height // 2
        draw.regular_polygon(
            (cx, cy, height // 14), 5, rotation=rng.randint(0, 20), fill=(0, 122, 61)
        )
    image = image.filter(ImageFilter.GaussianBlur(18))
    draw = ImageDraw.Draw(image)
    olive = _vary((84, 92, 60), rng, 10)
    cx = int(width * rng.uniform(0.42, 0.58))
    draw.polygon(
        [
            (cx - width // 5, height),
            (cx - width // 7, int(height * 0.62)),
            (cx, int(height * 0.56)),
            (cx + width // 7, int(height * 0.62)),
            (cx + width // 5, height),
        ],
        fill=olive,
    )
    draw.rectangle(
        [cx - width // 40, int(height * 0.5), cx + width // 40, int(height * 0.6)],
        fill=(150, 110, 86),
    )
    head_w, head_h = width // 14, height // 5
    draw.ellipse(
        [cx - head_w // 2, int(height * 0.3), cx + head_w // 2, int(height * 0.3) + head_h],
        fill=(160, 118, 92),
    )
    draw.rectangle(
        [cx - head_w // 2, int(height * 0.29), cx + head_w // 2, int(height * 0.33)],
        fill=(40, 34, 30),
    )
    for i in range(3):
        draw.rectangle(
            [
                cx - width // 10 + i * 28,
                int(height * 0.68),
                cx - width // 10 + i * 28 + 18,
                int(height * 0.7),
            ],
            fill=(200, 170, 60),
        )
    # A broadcaster's lower-third band and corner mark, without any real logo.
    draw.rectangle([0, int(height * 0.84), width, int(height * 0.93)], fill=(10, 40, 90))
    draw.rectangle([0, int(height * 0.84), width // 5, int(height * 0.93)], fill=(200, 140, 20))
    draw.ellipse([width - 220, 50, width - 80, 190], outline=(240, 240, 240), width=10)
    # Caption lines in the band, drawn as blocks of "words".
    for row, top in enumerate((0.855, 0.895)):
        x = width // 5 + 40
        while x < width * (0.9 - row * 0.2):
            word = rng.randint(40, 160)
            draw.rectangle(
                [x, int(height * top), x + word, int(height * top) + 26], fill=(236, 236, 236)
            )
            x += word + 24
    # Microphones on the desk in front of him.
    for offset in (-90, 0, 90):
        mx = cx + offset
        draw.rectangle([mx - 8, int(height * 0.72), mx + 8, int(height * 0.84)], fill=(30, 30, 30))
        draw.ellipse([mx - 26, int(height * 0.68), mx + 26, int(height * 0.74)], fill=(20, 20, 20))
    for y in range(0, height, 4):
        draw.line([(0, y), (width, y)], fill=(0, 0, 0), width=1)
    image = Image.blend(image, image.filter(ImageFilter.GaussianBlur(2)), 0.5)
    return _grain(image, rng, 0.05)


def map_graphic(seed, width=2400, height=1600):
    """A plain locator map: sea, land, borders and city dots, as a graphics desk draws one."""
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height), (96, 150, 196))
    draw = ImageDraw.Draw(image)
    coast = [(int(width * 0.18), 0)]
    for i in range(1, 16):
        coast.append((int(width * (0.16 + rng.uniform(-0.03, 0.05))), int(height * i / 15)))
    land = [*coast, (width, height), (width, 0)]
    draw.polygon(land, fill=(214, 204, 178))
    country = [
        (int(width * x), int(height * y))
        for x, y in [
            (0.24, 0.12),
            (0.62, 0.08),
            (0.86, 0.3),
            (0.78, 0.64),
            (0.5, 0.9),
            (0.3, 0.72),
            (0.22, 0.4),
        ]
    ]
    draw.polygon(country, fill=(250, 222, 168), outline=(120, 90, 60))
    draw.line([*country, country[0]], fill=(120, 90, 60), width=8)
    river = [(int(width * 0.7), int(height * 0.1))]
    for _ in range(8):
        river.append((river[-1][0] + rng.randint(-60, 90), river[-1][1] + height // 10))
    draw.line(river, fill=(110, 160, 200), width=14)
    for _ in range(9):
        x = rng.randint(int(width * 0.3), int(width * 0.75))
        y = rng.randint(int(height * 0.2), int(height * 0.75))
        r = rng.randint(14, 26)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(40, 40, 40))
    for y in range(0, height, height // 12):
        draw.line([(0, y), (width, y)], fill=(200, 200, 200), width=2)
    return _grain(image, rng, 0.03)


SCENES = {"skyline": skyline, "street": street, "video": video_still, "map": map_graphic}


def demo_jpeg(scene, seed, width=None):
    """JPEG bytes of one demo picture; `width` scales it (the demo itself uses the default)."""
    draw = SCENES[scene]
    image = draw(seed) if width is None else draw(seed, width=width, height=width * 2 // 3)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=84, optimize=True)
    return buffer.getvalue()
