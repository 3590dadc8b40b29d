# Draws icons/source.png (1024x1024 RGBA). Needs Pillow and the Droid Sans Fallback font (Debian fonts-droid-fallback).
# Regenerate the set with: python3 icons/source.py && npx tauri icon icons/source.png -o icons && rm -rf icons/android icons/ios
from PIL import Image, ImageDraw, ImageFont
S = 4096  # supersampled canvas, downscaled to 1024
k = S / 1024
def p(v): return int(round(v * k))

# background: vertical gradient blue -> teal inside a rounded square
top, bot = (37, 99, 235), (13, 148, 136)   # #2563EB -> #0D9488
grad = Image.new("RGBA", (S, S))
gd = ImageDraw.Draw(grad)
for y in range(S):
    t = y / (S - 1)
    c = tuple(int(top[i] + (bot[i] - top[i]) * t) for i in range(3)) + (255,)
    gd.line([(0, y), (S, y)], fill=c)
mask = Image.new("L", (S, S), 0)
ImageDraw.Draw(mask).rounded_rectangle([p(48), p(48), p(976), p(976)], radius=p(200), fill=255)
img = Image.new("RGBA", (S, S), (0, 0, 0, 0))
img.paste(grad, (0, 0), mask)

d = ImageDraw.Draw(img)
white = (255, 255, 255, 255)
# speech bubble: rounded body + tail at lower left
d.rounded_rectangle([p(200), p(220), p(824), p(720)], radius=p(120), fill=white)
d.polygon([(p(310), p(690)), (p(470), p(700)), (p(260), p(860))], fill=white)

# the character 诉 in the bubble, teal
font = ImageFont.truetype("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", p(380))
ch = "诉"
bbox = d.textbbox((0, 0), ch, font=font)
w, h = bbox[2] - bbox[0], bbox[3] - bbox[1]
cx, cy = p(512), p(470)
d.text((cx - w / 2 - bbox[0], cy - h / 2 - bbox[1]), ch, font=font, fill=(15, 118, 110, 255), stroke_width=p(7), stroke_fill=(15, 118, 110, 255))

img = img.resize((1024, 1024), Image.LANCZOS)
img.save(__import__("os").path.join(__import__("os").path.dirname(__file__), "source.png"))
print(img.mode, img.size)
