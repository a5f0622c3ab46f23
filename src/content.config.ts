import { defineCollection } from "astro:content";
import { docsSchema } from "@astrojs/starlight/schema";
import { glob } from "astro/loaders";

// Guides and pages are MDX under content/docs/ (kept apart from the site's code in src/).
export const collections = {
  docs: defineCollection({
    loader: glob({ base: "./content/docs", pattern: "**/[^_]*.{md,mdx}" }),
    schema: docsSchema(),
  }),
};
