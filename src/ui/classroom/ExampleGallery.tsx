import { EXAMPLES, type Example } from "../../explorer/examples";
import { useT } from "../app/i18n";
import { useModal } from "../app/useModal";

interface ExampleGalleryProps {
  readonly open: boolean;
  readonly onClose: () => void;
  readonly onOpen: (example: Example) => void;
}

/** The worked examples as a modal list: a native dialog, so focus, Escape and the backdrop behave. */
export function ExampleGallery({ open, onClose, onOpen }: ExampleGalleryProps) {
  const t = useT();
  const dialog = useModal(open);
  // Closed, it is an empty dialog: the page's every render (each edit and result) would build its cards.
  if (!open) return <dialog ref={dialog} className="ap-gallery" onClose={onClose} data-testid="examples" />;
  return (
    <dialog
      ref={dialog}
      className="ap-gallery"
      aria-labelledby="ap-gallery-title"
      onClose={onClose}
      data-testid="examples"
    >
      <header>
        <h2 id="ap-gallery-title">{t("examples.title")}</h2>
        <button type="button" className="ap-button" onClick={onClose} data-testid="examples-close">
          {t("examples.close")}
        </button>
      </header>
      <p>{t("examples.intro")}</p>
      <ul className="ap-gallery-list">
        {EXAMPLES.map((example) => (
          <li key={example.id}>
            <button
              type="button"
              className="ap-gallery-card"
              onClick={() => onOpen(example)}
              data-testid={`example-${example.id}`}
            >
              <strong>{t(example.title)}</strong>
              <span>{t(example.summary)}</span>
            </button>
          </li>
        ))}
      </ul>
    </dialog>
  );
}
