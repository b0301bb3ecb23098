import type { Catalog } from "../lang";

type GridKey =
  | "grid.addRow"
  | "grid.removeRow"
  | "grid.addColumn"
  | "grid.removeColumn"
  | "grid.maxRows"
  | "grid.maxColumns"
  | "grid.minRows"
  | "grid.minColumns"
  | "grid.toolbar"
  | "grid.caption"
  | "grid.cell"
  | "grid.insertRowAbove"
  | "grid.deleteRow"
  | "grid.insertColumnBefore"
  | "grid.deleteColumn"
  | "grid.scrubHint"
  | "grid.pasteError"
  | "grid.pasteTooLarge"
  | "grid.pasteOtherwise"
  | "grid.dismiss"
  | "grid.cellEmpty"
  | "grid.cellNotNumber"
  | "grid.cellNotFinite"
  | "grid.errorCount";

export const gridMessages: Catalog<GridKey> = {
  en: {
    "grid.addRow": "Add row",
    "grid.removeRow": "Remove last row",
    "grid.addColumn": "Add column",
    "grid.removeColumn": "Remove last column",
    "grid.maxRows": "{name} can have at most {max} rows",
    "grid.maxColumns": "{name} can have at most {max} columns",
    "grid.minRows": "{name} needs at least one row",
    "grid.minColumns": "{name} needs at least one column",
    "grid.toolbar": "Shape of {name}",
    "grid.caption": "{name} ({rows} × {cols})",
    "grid.cell": "{name} row {row}, column {col}",
    "grid.insertRowAbove": "Insert a row above row {row}",
    "grid.deleteRow": "Delete row {row}",
    "grid.insertColumnBefore": "Insert a column before column {col}",
    "grid.deleteColumn": "Delete column {col}",
    "grid.scrubHint": "Drag left or right to change the value (Shift: 10× faster, Alt: 10× finer)",
    "grid.pasteError": "Nothing was pasted into {name}: {message}",
    "grid.pasteTooLarge":
      "Nothing was pasted: the {rows} × {cols} block would make {name} {needRows} × {needCols}, but it can have at most {maxRows} rows and {maxCols} columns",
    "grid.pasteOtherwise": "Read the commas as decimal commas",
    "grid.dismiss": "Dismiss",
    "grid.cellEmpty": "{name} row {row}, column {col} is empty (expected a number such as 0.5 or -1e-3)",
    "grid.cellNotNumber":
      "{name} row {row}, column {col}: “{text}” is not a number (expected a number such as 0.5 or -1e-3)",
    "grid.cellNotFinite": "{name} row {row}, column {col}: “{text}” is not a finite number",
    "grid.errorCount": "Cells to fix: {count}",
  },
  "zh-CN": {
    "grid.addRow": "添加行",
    "grid.removeRow": "删除最后一行",
    "grid.addColumn": "添加列",
    "grid.removeColumn": "删除最后一列",
    "grid.maxRows": "{name} 最多 {max} 行",
    "grid.maxColumns": "{name} 最多 {max} 列",
    "grid.minRows": "{name} 至少需要一行",
    "grid.minColumns": "{name} 至少需要一列",
    "grid.toolbar": "{name} 的形状",
    "grid.caption": "{name}（{rows} × {cols}）",
    "grid.cell": "{name} 第 {row} 行，第 {col} 列",
    "grid.insertRowAbove": "在第 {row} 行上方插入一行",
    "grid.deleteRow": "删除第 {row} 行",
    "grid.insertColumnBefore": "在第 {col} 列左侧插入一列",
    "grid.deleteColumn": "删除第 {col} 列",
    "grid.scrubHint": "左右拖动以调整数值（按住 Shift 快 10 倍，按住 Alt 细 10 倍）",
    "grid.pasteError": "未粘贴到 {name}：{message}",
    "grid.pasteTooLarge":
      "未粘贴：{rows} × {cols} 的数据块会使 {name} 变为 {needRows} × {needCols}，但它最多 {maxRows} 行、{maxCols} 列",
    "grid.pasteOtherwise": "把逗号当作小数逗号",
    "grid.dismiss": "关闭",
    "grid.cellEmpty": "{name} 第 {row} 行，第 {col} 列为空（应为数字，例如 0.5 或 -1e-3）",
    "grid.cellNotNumber": "{name} 第 {row} 行，第 {col} 列：“{text}”不是数字（应为数字，例如 0.5 或 -1e-3）",
    "grid.cellNotFinite": "{name} 第 {row} 行，第 {col} 列：“{text}”不是有限数",
    "grid.errorCount": "需要修改的单元格：{count}",
  },
};
