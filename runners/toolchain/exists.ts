import { access } from "node:fs/promises";

/** Whether a path exists (cached builds, images and certificates are made once). */
export const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );
