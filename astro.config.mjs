// @ts-check
import mdx from "@astrojs/mdx";
import starlight from "@astrojs/starlight";
import { defineConfig } from "astro/config";
import { guides } from "./runners/guides/index.ts";

// The site renders the guides from content/ and every number from data/ at build time.
// Starlight gives navigation, Pagefind search, dark mode, copy buttons and accessible markup.
export default defineConfig({
  site: process.env.PARITY_SITE_URL,
  base: process.env.PARITY_BASE_PATH ?? "/",
  trailingSlash: "always",
  outDir: process.env.PARITY_OUT_DIR ?? "./dist",
  vite: {
    build: {
      rollupOptions: {
        // zod 4.6 comments on its own `@__PURE__` annotations in words Rollup reads as misplaced
        // annotations, and says it drops the comments; nothing else changes, so only that is quiet.
        onwarn(warning, warn) {
          if (warning.code === "INVALID_ANNOTATION" && String(warning.id ?? "").includes("/node_modules/zod/")) return;
          warn(warning);
        },
      },
    },
  },
  integrations: [
    // A sitemap lists absolute URLs, so it needs the address the site is published at: without
    // PARITY_SITE_URL this stands in for @astrojs/sitemap (Starlight adds it otherwise) and none is built.
    ...(process.env.PARITY_SITE_URL ? [] : [{ name: "@astrojs/sitemap", hooks: {} }]),
    starlight({
      title: "Parity",
      description:
        "What does a sandboxed container runtime cost compared with runc? " +
        "Benchmark guides and the numbers their runs produced.",
      customCss: ["./src/styles/parity.css"],
      // Every page ends with how to run Parity and where its source is.
      components: { Footer: "./src/components/SiteFooter.astro" },
      // Long commands wrap instead of scrolling: readable on a phone, and no unfocusable scroll region.
      expressiveCode: { defaultProps: { wrap: true } },
      sidebar: [
        { label: "Start", items: [{ label: "Overview", link: "/" }, { slug: "methodology" }] },
        // From the registry, in the order a campaign runs them (Starlight's autogenerate only sees
        // src/content/docs, and the guides live in content/docs): prev/next links follow it.
        { label: "Guides", items: guides.all().map((g) => ({ slug: `guides/${g.id}` })) },
        {
          label: "Results",
          items: [
            { label: "Campaigns", link: "/campaigns/" },
            { label: "Trends across releases", link: "/trends/" },
          ],
        },
        {
          label: "Reference",
          items: [
            { slug: "reference/cli" },
            { slug: "reference/kubernetes" },
            { slug: "reference/runtimes-here" },
            { slug: "reference/site-and-releases" },
            { slug: "reference/results-format" },
            { slug: "reference/how-this-compares" },
          ],
        },
      ],
    }),
    mdx(),
  ],
});
