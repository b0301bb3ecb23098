/**
 * The palettes' names, apart from their d3 colour ramps (scales.ts), so that code naming a palette (the
 * explorer's state, and the package's type declarations) does not need d3 or its types.
 */
export type PaletteName = "default" | "viridis" | "cividis" | "grayscale";
