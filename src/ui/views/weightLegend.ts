import type { ScaleBy } from "../../render/scaleBy";

/** The message that titles a weights legend: the weight, or by row the weight ÷ its row's largest. */
export const weightLegendKey = (scaleBy: ScaleBy | undefined) =>
  scaleBy === "row" ? ("view.weightOfRow" as const) : ("view.weight" as const);
