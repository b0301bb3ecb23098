/** The size an SVG document says it has (its root's width and height attributes). */
function svgSize(svg: string): { width: number; height: number } | undefined {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  const width = Number(/\swidth="([\d.]+)"/.exec(root)?.[1]);
  const height = Number(/\sheight="([\d.]+)"/.exec(root)?.[1]);
  return width > 0 && height > 0 ? { width, height } : undefined;
}

/** How long the browser may take to decode the SVG as an image before the export gives up. */
const LOAD_TIMEOUT_MS = 10_000;

/**
 * A PNG of an SVG document drawn at `scale`× its size (2× for slides). Browser only: rejects with an Error,
 * never hangs, where there is no canvas (node, a worker without OffscreenCanvas) or the image cannot load.
 */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const size = svgSize(svg);
  if (!size) throw new Error("svgToPng: the SVG has no width and height");
  if (!(scale > 0 && Number.isFinite(scale)))
    throw new Error(`svgToPng: scale ${scale} is not a positive number`);
  if (
    typeof document === "undefined" ||
    typeof Image === "undefined" ||
    typeof URL.createObjectURL !== "function"
  ) {
    throw new Error("svgToPng needs a browser: there is no document, Image or object URL here");
  }
  const canvas = document.createElement("canvas");
  canvas.width = Math.ceil(size.width * scale);
  canvas.height = Math.ceil(size.height * scale);
  const context = canvas.getContext("2d");
  if (!context) throw new Error("svgToPng: this browser gives no 2D canvas");

  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml;charset=utf-8" }));
  try {
    const image = await new Promise<HTMLImageElement>((resolve, reject) => {
      const img = new Image();
      const timer = setTimeout(
        () => reject(new Error("svgToPng: the SVG did not load in time")),
        LOAD_TIMEOUT_MS,
      );
      img.onload = () => {
        clearTimeout(timer);
        resolve(img);
      };
      img.onerror = () => {
        clearTimeout(timer);
        reject(new Error("svgToPng: the browser could not draw the SVG"));
      };
      img.src = url;
    });
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
  } finally {
    URL.revokeObjectURL(url);
  }
  return new Promise<Blob>((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error("svgToPng: no PNG was made"))),
      "image/png",
    ),
  );
}
