import type { Locator } from "@playwright/test";

/**
 * Pixels drawn in the middle of an element as it is on screen (a screenshot, not its canvas's own pixels:
 * a flow's lines may be drawn by a worker on a canvas the page can no longer read): those that differ from
 * the box's most common colour, its background. The middle 40 % of each side: between a flow's token
 * columns (or rows), where only lines are drawn, not labels; 0 for a part off screen.
 */
export async function inkInMiddle(target: Locator): Promise<number> {
  const box = await target.boundingBox();
  if (!box || box.width < 5 || box.height < 5) return 0;
  const page = target.page();
  // The part of the middle on screen: none of an element scrolled away.
  const screen = page.viewportSize() ?? { width: 0, height: 0 };
  const left = Math.max(0, box.x + box.width * 0.3);
  const top = Math.max(0, box.y + box.height * 0.3);
  const right = Math.min(screen.width, box.x + box.width * 0.7);
  const bottom = Math.min(screen.height, box.y + box.height * 0.7);
  if (right - left < 1 || bottom - top < 1) return 0;
  const clip = { x: left, y: top, width: right - left, height: bottom - top };
  const shot = await page.screenshot({ clip });
  return page.evaluate(async (png) => {
    // Decoded from bytes, not fetched from a data: URL, which a page's content security policy may refuse.
    const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
    const image = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
    const canvas = new OffscreenCanvas(image.width, image.height);
    const context = canvas.getContext("2d")!;
    context.drawImage(image, 0, 0);
    const data = context.getImageData(0, 0, image.width, image.height).data;
    const counts = new Map<number, number>();
    for (let k = 0; k < data.length; k += 4) {
      const colour = (data[k]! << 16) | (data[k + 1]! << 8) | data[k + 2]!;
      counts.set(colour, (counts.get(colour) ?? 0) + 1);
    }
    const background = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    const [r, g, b] = [background >> 16, (background >> 8) & 255, background & 255];
    let ink = 0;
    for (let k = 0; k < data.length; k += 4)
      if (Math.max(Math.abs(data[k]! - r), Math.abs(data[k + 1]! - g), Math.abs(data[k + 2]! - b)) > 3) ink++;
    return ink;
  }, shot.toString("base64"));
}
