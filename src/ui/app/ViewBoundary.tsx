import { Component, type ReactNode } from "react";

interface ViewBoundaryProps {
  /** What is shown: a new key (another step, another result) tries the views again. */
  readonly resetKey: string;
  /** The message shown in place of the views, given what went wrong. */
  readonly fallback: (message: string) => ReactNode;
  readonly children: ReactNode;
}

interface ViewBoundaryState {
  /** What went wrong, while the views that threw are not shown. */
  readonly failed: string | null;
}

/**
 * Keeps a view that throws while drawing from taking the page with it: React unmounts the whole tree on an
 * uncaught render error, and everything the person typed would vanish. In its place the boundary shows a
 * message; the inputs, the steps and the header stay. The next key (an edit, another step) draws again.
 */
export class ViewBoundary extends Component<ViewBoundaryProps, ViewBoundaryState> {
  override state: ViewBoundaryState = { failed: null };

  static getDerivedStateFromError(error: unknown): Partial<ViewBoundaryState> {
    return { failed: error instanceof Error ? error.message : String(error) };
  }

  override componentDidUpdate(previous: ViewBoundaryProps): void {
    if (this.state.failed !== null && previous.resetKey !== this.props.resetKey)
      this.setState({ failed: null });
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback(this.state.failed) : this.props.children;
  }
}
