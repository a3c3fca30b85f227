/** Keeps a rendering error in one part (table, detail pane) from blanking the page. */
import { Component, type ErrorInfo, type ReactNode } from "react";

interface Props {
  /** What failed, for the message ("The event table"). */
  what: string;
  children: ReactNode;
}

export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Logged once for whoever debugs it; the page itself keeps running.
    console.warn(`${this.props.what} failed to render`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <div
        role="alert"
        className="m-4 rounded border border-rose-400 bg-rose-50 p-3 text-sm text-rose-900 dark:bg-rose-950 dark:text-rose-100"
      >
        <p className="font-semibold">{this.props.what} could not be shown.</p>
        <p className="mt-1 font-mono text-xs">{this.state.error.message}</p>
        <button
          type="button"
          className="mt-2 rounded border border-rose-400 px-2 py-0.5 text-xs"
          onClick={() => {
            this.setState({ error: null });
          }}
        >
          Try again
        </button>
      </div>
    );
  }
}
