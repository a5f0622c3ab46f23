/** The options Starlight's search box builds the search UI with; `element` is where the UI goes. */
type Options = { element: string } & Record<string, unknown>;

/** What the real module exports (the package ships no types). */
type RealModule = { PagefindUI: new (options: Options) => unknown };

/**
 * Starlight's search box imports "@pagefind/default-ui" as soon as a page is idle, and astro.config.mjs
 * points that import here: the search UI is the largest script a page would load, and most readers
 * never search. This stand-in keeps the options and builds the real UI the first time the reader
 * opens the search dialog (its button, or Ctrl/⌘ K).
 */
export class PagefindUI {
  constructor(options: Options) {
    let loaded = false;
    const load = () => {
      if (loaded) return;
      loaded = true;
      import(
        // @ts-expect-error -- no types: the real module, which the bare "@pagefind/default-ui" resolves to elsewhere
        "@pagefind/default-ui/npm_dist/mjs/ui-core.mjs"
      ).then(({ PagefindUI: Real }: RealModule) => {
        new Real(options);
        // The dialog opened before its input existed: the input takes the focus now.
        document.querySelector<HTMLInputElement>(`${options.element} input`)?.focus();
      });
    };
    document.querySelector("button[data-open-modal]")?.addEventListener("click", load);
    window.addEventListener("keydown", (event) => {
      if ((event.metaKey || event.ctrlKey) && event.key === "k") load();
    });
  }
}
