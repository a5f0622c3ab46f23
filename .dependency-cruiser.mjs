// The layers of runners/, bottom up: the one place their order is written (ARCHITECTURE.md draws it).
// A module may import its own layer's folders and the ones below, never one above; no two modules
// import each other. `npm run lint` holds the code to it; tools/astro-layers.ts places the .astro
// files, which dependency-cruiser does not read: they are the site's, above every layer.
export const LAYERS = [
  ["schemas"],
  ["contracts"],
  ["core"],
  ["stats"],
  ["charts"],
  ["guides"],
  ["report", "release"],
  ["plan"],
  ["store", "toolchain"],
  ["targets"],
  ["run", "cluster"],
  ["cli"],
];

const folder = (names) => `^runners/(${names.join("|")})/`;

/** One rule per layer: nothing in it imports a layer above it, nor the site. */
const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `no-upward-from-${layer.join("-")}`,
  comment: `${layer.join(" and ")} may not import a layer above (${LAYERS.slice(i + 1)
    .flat()
    .join(", ")}) or the site`,
  severity: "error",
  from: { path: folder(layer) },
  to: { path: [folder(LAYERS.slice(i + 1).flat()), "^src/"] },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: "no-circular",
      comment: "no two modules import each other, directly or through others",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-site-from-runners",
      comment: "the runners never import the site",
      severity: "error",
      from: { path: "^runners/" },
      to: { path: "^src/" },
    },
    ...upward,
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^node_modules|^dist|\\.astro$)" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".mjs", ".js", ".json"] },
  },
};
