import { Registry } from "../../guides/registry.ts";
import type { RuntimeInfo } from "../target.ts";

/** The runtimes of the local target. */
export const localRuntimes = new Registry<RuntimeInfo>("runtime", [
  { id: "host", isolation: "none", description: "the workload as a plain process on this machine" },
  { id: "runc", isolation: "container", description: "the workload in an OCI container started by the runc binary" },
]);
