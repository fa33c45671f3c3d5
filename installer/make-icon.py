"""Draws possouk's icon: a market awning over the word سوق (souk), in the window's green.

Run once when the icon should change; its outputs are kept in the repository:
possouk/ui/possouk.png (the window's icon, 256 px), installer/possouk.png (the Linux
desktop entry's) and installer/possouk.ico (the Windows installer's and executable's).

    .venv/bin/python installer/make-icon.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from possouk.hardware.fonts import font_path

ROOT = Path(__file__).resolve().parent.parent
GREEN, GOLD, CREAM = (31, 111, 74), (217, 164, 65), (246, 244, 239)
SIZE = 1024  # drawn large, then scaled down smoothly


def draw() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((40, 40, SIZE - 40, SIZE - 40), radius=190, fill=GREEN)
    # The awning: five scallops, alternately gold and cream.
    top, bottom, left, right = 200, 420, 150, SIZE - 150
    width = (right - left) // 5
    for i in range(5):
        colour = GOLD if i % 2 == 0 else CREAM
        x0 = left + i * width
        pen.rectangle((x0, top, x0 + width, bottom - width // 2), fill=colour)
        pen.pieslice((x0, bottom - width, x0 + width, bottom), 0, 180, fill=colour)
    pen.rectangle((left - 30, top - 50, right + 30, top), fill=CREAM)
    # Pillow shapes Arabic itself with libraqm (its wheels carry it): the word as typed.
    font = ImageFont.truetype(str(font_path("arabic")), 360, layout_engine=ImageFont.Layout.RAQM)
    font.set_variation_by_name("Bold")
    word = "سوق"
    box = pen.textbbox((0, 0), word, font=font, direction="rtl")
    x = (SIZE - (box[2] - box[0])) // 2 - box[0]
    pen.text((x, 405), word, font=font, fill=CREAM, direction="rtl")
    return image


def main() -> None:
    image = draw()
    icon = image.resize((256, 256), Image.Resampling.LANCZOS)
    icon.save(ROOT / "possouk" / "ui" / "possouk.png", optimize=True)
    icon.save(ROOT / "installer" / "possouk.png", optimize=True)
    image.save(ROOT / "installer" / "possouk.ico", sizes=[(16, 16), (32, 32), (48, 48), (256, 256)])


if __name__ == "__main__":
    main()
