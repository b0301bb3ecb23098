// Registers tfjs's gradients, which training needs and tfjs-core alone does not load. Browser builds only:
// node loads them with `import "@tensorflow/tfjs"` (scripts/train.ts), since this ES path imports directories.
import "@tensorflow/tfjs-core/dist/register_all_gradients";
